// SPDX-License-Identifier: Apache-2.0
#include "chart_moment.h"

#include "chart_grid.h"
#include "event_time_axis.h"

#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsLineItem>
#include <QPen>
#include <limits>

namespace sluice::ui {

ChartMoment::ChartMoment(QChart* chart, QDateTimeAxis* axis, const EventTimeAxis& time)
    : QObject(chart), m_chart(chart), m_axis(axis), m_time(time),
      m_line(new QGraphicsLineItem(chart)) {
    m_line->setPen(QPen(QColor(0, 100, 200), 2, Qt::DashDotLine));
    m_line->setZValue(100); // over the lines and markers
    m_line->hide();
    connect(m_chart, &QChart::plotAreaChanged, this, &ChartMoment::place);
    connect(m_axis, &QDateTimeAxis::rangeChanged, this, &ChartMoment::place);
}

void ChartMoment::setMoment(std::optional<engine::TimeMs> at) {
    m_at = at;
    place();
}

qreal ChartMoment::x() const {
    return m_line->isVisible() ? m_line->line().x1() : std::numeric_limits<qreal>::quiet_NaN();
}

void ChartMoment::place() {
    const QRectF area = m_chart->plotArea();
    const auto from = static_cast<double>(m_axis->min().toMSecsSinceEpoch());
    const auto to = static_cast<double>(m_axis->max().toMSecsSinceEpoch());
    const double at = m_at ? m_time.toAxis(*m_at) : 0.0;
    if (!m_at || to <= from || area.isEmpty() || at < from || at > to) {
        m_line->hide();
        return;
    }
    const double x = area.left() + (at - from) / (to - from) * area.width();
    m_line->setLine(x, area.top(), x, area.bottom());
    m_line->show();
}

// ChartGrid's moment, here to keep chart_grid.cpp to the charts themselves.
void ChartGrid::markMoment(qint64 utcMs) {
    // Zoomed in elsewhere: the window moves to the moment (same width), as a hover would.
    if (m_window && (utcMs < m_window->first || utcMs > m_window->second)) {
        const engine::TimeMs half = (m_window->second - m_window->first) / 2;
        setWindow(std::pair<engine::TimeMs, engine::TimeMs>{utcMs - half, utcMs + half});
    }
    for (Chart& chart : m_charts) {
        chart.moment->setMoment(utcMs);
    }
}

void ChartGrid::clearMoment() {
    for (Chart& chart : m_charts) {
        chart.moment->setMoment(std::nullopt);
    }
}

std::optional<qint64> ChartGrid::moment() const {
    return m_charts.front().moment->moment();
}

qreal ChartGrid::momentX(int chart) const {
    return m_charts.at(static_cast<std::size_t>(chart)).moment->x();
}

} // namespace sluice::ui
