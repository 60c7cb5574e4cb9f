// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/time_types.h"

#include <QObject>
#include <optional>

class QChart;
class QDateTimeAxis;
class QGraphicsLineItem;

namespace sluice::ui {

class EventTimeAxis;

// A vertical line across one chart's plot area at one moment: the timeline's selected row.
// It follows the time axis (zoom, pan, a run that grows) and the plot area (resizes), and is
// hidden while its moment is outside the axis' range. The moment is a UTC instant; the axis
// plots event-shifted values, so it is placed through `time` (the grid's EventTimeAxis, which
// outlives the line). Owned by the chart; GUI thread.
class ChartMoment : public QObject {
    Q_OBJECT
public:
    ChartMoment(QChart* chart, QDateTimeAxis* axis, const EventTimeAxis& time);

    void setMoment(std::optional<engine::TimeMs> at);
    std::optional<engine::TimeMs> moment() const { return m_at; }
    // Where the line is drawn, in the chart's coordinates (as QChart::mapToPosition gives
    // them); NaN while no line is shown.
    qreal x() const;

private:
    void place();

    QChart* m_chart;
    QDateTimeAxis* m_axis;
    const EventTimeAxis& m_time;
    QGraphicsLineItem* m_line;
    std::optional<engine::TimeMs> m_at;
};

} // namespace sluice::ui
