// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "feed/event_time.h"

#include <QDateTime>
#include <QList>
#include <QPointF>

namespace sluice::ui {

// A chart's time axis in the event's time zone. Qt 6.4's QDateTimeAxis has no time zone: it
// draws its labels (and reports min()/max() and rangeChanged) as QDateTime::fromMSecsSinceEpoch
// (x), in the machine's local time. So the charts do not plot UTC instants: they plot
// x = at + shift, shift = (event zone's offset − machine's local offset) at `reference` (the
// opening), and the axis, formatting x in local time, reads the event's wall clock
// (x + local offset = at + event offset), on any machine. Everything that reads a value back
// off the axis (hover, zoom) goes through fromAxis(). One shift for the night: a DST change
// between the opening and a point (of the event's zone or the machine's) puts that point an
// hour off on the axis labels only — a launch night is not worth a second axis for it; the
// hover text, the timeline and the reports are exact (EventTime per instant).
class EventTimeAxis {
public:
    EventTimeAxis() : EventTimeAxis(EventTime(), 0) {} // UTC, until the event's zone is known
    EventTimeAxis(EventTime time, engine::TimeMs reference);

    const EventTime& time() const { return m_time; }
    qint64 shiftMs() const { return m_shift; }
    double toAxis(engine::TimeMs at) const { return static_cast<double>(at + m_shift); }
    engine::TimeMs fromAxis(double x) const;
    QDateTime toAxisDateTime(engine::TimeMs at) const;
    engine::TimeMs fromAxisDateTime(const QDateTime& x) const;
    // Points whose x is a UTC instant (ms), moved onto the axis.
    QList<QPointF> shifted(QList<QPointF> points) const;
    // "time in Asia/Seoul (KST)", or `what` + " in " + the zone ("arrival in UTC").
    QString title(const QString& what = "time") const;

    bool operator==(const EventTimeAxis& o) const {
        return m_time == o.m_time && m_shift == o.m_shift;
    }

private:
    EventTime m_time;
    engine::TimeMs m_reference = 0;
    qint64 m_shift = 0;
};

} // namespace sluice::ui
