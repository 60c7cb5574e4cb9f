// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/event_config.h"

#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace sluice::ui {

// Times as the event's people read them: the console's clock, charts, timeline, controls,
// alerts and reports show a UTC instant in the event's own time zone (EventConfig::timeZone,
// an IANA name such as "Asia/Seoul") and name the zone ("20:00 KST"). Exported data (CSV,
// JSON) stays UTC, and hovers show UTC beside event time. A zone this computer does not know
// falls back to UTC, and zoneTitle() says so. A value: cheap to copy, any thread.
class EventTime {
public:
    EventTime(); // UTC
    explicit EventTime(const QString& ianaName);

    // The zone as asked for ("Asia/Seoul"), and whether this computer knows it.
    QString requestedName() const { return m_requested; }
    bool known() const { return m_known; }
    // The zone times are shown in: the one asked for, or "UTC" when it is unknown here.
    QString zoneName() const;
    // The zone's abbreviation at `at` ("KST"; "UTC"; a zone without one gives "+0530").
    QString abbreviation(engine::TimeMs at) const;
    // "Asia/Seoul (KST)"; "UTC"; for a zone unknown here: "UTC (time zone “Mars/Base” is not
    // known on this computer)". The abbreviation at `at`.
    QString zoneTitle(engine::TimeMs at) const;
    // Offset from UTC at `at`, in milliseconds (Asia/Seoul: +32,400,000).
    qint64 offsetMs(engine::TimeMs at) const;

    // `at` in the event's zone with a QDateTime format, without the zone ("HH:mm" → "20:00").
    QString format(engine::TimeMs at, const QString& format) const;
    QString clock(engine::TimeMs at) const;        // "20:00 KST"
    QString clockSeconds(engine::TimeMs at) const; // "20:00:00 KST"
    QString dateTime(engine::TimeMs at) const;     // "2021-07-19 20:00:00 KST"
    // Event time with UTC beside it, for hovers: "20:00:00 KST (11:00:00 UTC)"; UTC alone
    // once when the zone is UTC.
    QString clockWithUtc(engine::TimeMs at) const;

    // The event's wall clock at `at` as a QDateTime in Qt::UTC: for widgets that can only
    // show UTC or the machine's local time (QDateTimeEdit in Qt 6.4), so they show event time
    // whatever the machine's zone. fromWallClock() turns such a value back into an instant
    // (a wall time that does not exist or exists twice, at a DST change, is taken as Qt does).
    QDateTime wallClock(engine::TimeMs at) const;
    engine::TimeMs fromWallClock(const QDateTime& wall) const;

    bool operator==(const EventTime& other) const { return m_requested == other.m_requested; }

private:
    QString m_requested = "UTC";
    QTimeZone m_zone;
    bool m_known = true;
};

} // namespace sluice::ui
