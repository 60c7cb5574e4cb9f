// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "event_time_axis.h"
#include "feed/estimate_accuracy.h"

#include <QList>
#include <QPointF>
#include <QWidget>

class QAbstractSeries;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QValueAxis;

namespace sluice::ui {

// "Estimate accuracy" (View menu): the estimate shown against the wait that followed, by
// arrival time (issue 14). For a simulation, per person: the median first estimate shown to
// the people who arrived in each bin, the median range shown with it (a band, low … high),
// the median wait those same people went on to have (people who reached the front only),
// and the share of the bin who gave up; only bins whose people have all left the line are
// drawn, and the caption says up to when that is. For live nodes, what their samples tell
// (see accuracyOfSamples), and that the waits of people still waiting are not known yet.
// A bin without a figure is a gap, never a point at 0. GUI thread; the bins are made
// elsewhere (the simulation thread) and handed over by value.
class AccuracyChart : public QWidget {
    Q_OBJECT
public:
    explicit AccuracyChart(QWidget* parent = nullptr);

    void setAccuracy(const sluice::ui::EstimateAccuracy& accuracy);
    void clear(); // a new run: nothing known yet
    // The event's time zone for the time axis and the caption (see EventTimeAxis).
    void setEventTime(const EventTimeAxis& axis);
    const EstimateAccuracy& accuracy() const { return m_accuracy; }

    // What is drawn, each line's pieces joined in time order (x = the middle of the arrival
    // bin, UTC ms since the epoch, before the axis's event-time shift; y = minutes, or % for
    // gave-up): for tests and the tooltip.
    QList<QPointF> shownPoints() const { return m_shown; }
    QList<QPointF> realPoints() const { return m_real; }
    QList<QPointF> lowPoints() const { return m_low; }
    QList<QPointF> highPoints() const { return m_high; }
    QList<QPointF> gaveUpPoints() const { return m_gaveUp; }
    QString caption() const;
    QChartView* view() const { return m_view; }

private:
    void redraw();
    void addLine(const QList<QList<QPointF>>& pieces, const QString& name, const QColor& colour,
                 Qt::PenStyle style, QValueAxis* axis);
    QString describe() const;

    EstimateAccuracy m_accuracy;
    bool m_any = false; // bins received since the last clear
    QLabel* m_caption = nullptr;
    QChartView* m_view = nullptr;
    QDateTimeAxis* m_x = nullptr;
    QValueAxis* m_minutes = nullptr;
    QValueAxis* m_percent = nullptr;
    QList<QPointF> m_shown, m_real, m_low, m_high, m_gaveUp;
    EventTimeAxis m_axis;
};

} // namespace sluice::ui
