// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/time_types.h"

#include <QObject>
#include <optional>

class QChart;
class QDateTimeAxis;
class QGraphicsLineItem;

namespace sluice::ui {

// A vertical line across one chart's plot area at one moment: the timeline's selected row.
// It follows the time axis (zoom, pan, a run that grows) and the plot area (resizes), and is
// hidden while its moment is outside the axis' range. Owned by the chart; GUI thread.
class ChartMoment : public QObject {
    Q_OBJECT
public:
    ChartMoment(QChart* chart, QDateTimeAxis* axis);

    void setMoment(std::optional<engine::TimeMs> at);
    std::optional<engine::TimeMs> moment() const { return m_at; }
    // Where the line is drawn, in the chart's coordinates (as QChart::mapToPosition gives
    // them); NaN while no line is shown.
    qreal x() const;

private:
    void place();

    QChart* m_chart;
    QDateTimeAxis* m_axis;
    QGraphicsLineItem* m_line;
    std::optional<engine::TimeMs> m_at;
};

} // namespace sluice::ui
