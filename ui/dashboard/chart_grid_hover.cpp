// SPDX-License-Identifier: Apache-2.0
// The charts' hover: the values at the pointer, in the event's time with UTC beside it.
#include "chart_grid.h"
#include "feed/series_points.h"
#include "series/sample.h"

#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QCursor>
#include <QEvent>
#include <QHelpEvent>
#include <QLineSeries>
#include <QLocale>
#include <QMouseEvent>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <vector>

namespace sluice::ui {
namespace {

QString number(double v) {
    if (!std::isfinite(v)) {
        return QCoreApplication::translate(
            "sluice::ui::ChartGrid", "unknown"); // an estimate shown as words ("unknown", "paused")
    }
    return std::abs(v) >= 100 ? QLocale().toString(std::llround(v)) : QLocale().toString(v, 'f', 1);
}

} // namespace

QString ChartGrid::valuesAt(int index, engine::TimeMs at) const {
    const Chart& chart = m_charts.at(static_cast<std::size_t>(index));
    QStringList out;
    const series::Sample* previous = nullptr;
    const series::Sample* s = sampleAt(m_store.samples(), at, &previous);
    // Each what-if's sample at `at`, when it reaches that far.
    struct Projected {
        const ChartProjection* projection;
        const series::Sample* sample;
        const series::Sample* previous;
    };
    std::vector<Projected> projected;
    for (const ChartProjection& p : m_projections) {
        if (!p.result.samples.isEmpty() && at >= p.result.from) {
            const series::Sample* pprev = nullptr;
            if (const series::Sample* ps = sampleAt(p.result.samples, at, &pprev)) {
                projected.push_back({&p, ps, pprev});
            }
        }
    }
    if (s == nullptr && projected.empty()) {
        return {};
    }
    // Event time, UTC beside it: "20:31:05 KST (11:31:05 UTC)".
    // Past the run's last second, the what-ifs' moment.
    engine::TimeMs shownAt = s != nullptr ? s->at : projected.front().sample->at;
    if (!projected.empty()) {
        shownAt = std::max(shownAt, projected.front().sample->at);
    }
    out << m_axis.time().clockWithUtc(shownAt);
    for (const Line& line : chart.lines) {
        if (s != nullptr && s->at + 1000 >= at) {
            out << tr("%1: %2").arg(line.name, number(line.column(*s, *previous)));
        }
        if (!line.projected) {
            continue;
        }
        for (const Projected& p : projected) {
            out << tr("%1 (what-if: %2): %3")
                       .arg(line.name, p.projection->label,
                            number(line.column(*p.sample, *p.previous)));
        }
    }
    // Markers within a hundredth of the visible span.
    const auto [from, to] = visibleRange();
    const engine::TimeMs near = std::max<engine::TimeMs>(1000, (to - from) / 100);
    for (const ChartMarker& m : m_markers) {
        if (std::llabs(m.at - at) <= near) {
            out << (m.alert ? tr("alert: %1") : tr("action: %1")).arg(m.text);
        }
    }
    return out.join('\n');
}

void ChartGrid::showTip(int chart, qreal x) {
    m_hoverText = valuesAt(chart, m_axis.fromAxis(x)); // x is on the axis: event-shifted
    QWidget* viewport = view(chart)->viewport();
    if (m_hoverText.isEmpty()) {
        QToolTip::hideText();
        return;
    }
    // Shown for as long as the pointer stays over the chart (an hour at most), not the
    // few seconds a tooltip usually lasts.
    QToolTip::showText(QCursor::pos(), m_hoverText, viewport, viewport->rect(), 3'600'000);
}

// The values at the pointer follow it over every chart, and stay while it rests there.
bool ChartGrid::eventFilter(QObject* watched, QEvent* event) {
    for (std::size_t c = 0; c < m_charts.size(); ++c) {
        QChartView* v = m_charts[c].view;
        if (watched != v->viewport()) {
            continue;
        }
        const int index = static_cast<int>(c);
        QPointF at;
        switch (event->type()) {
        case QEvent::MouseMove:
            at = static_cast<QMouseEvent*>(event)->position();
            break;
        case QEvent::ToolTip:
            at = static_cast<QHelpEvent*>(event)->pos();
            break;
        case QEvent::Leave:
            m_hoverText.clear();
            QToolTip::hideText();
            return false;
        default:
            return false;
        }
        QChart* qc = v->chart();
        const QPointF inChart = qc->mapFromScene(v->mapToScene(at.toPoint()));
        if (qc->plotArea().contains(inChart)) {
            showTip(index, qc->mapToValue(inChart).x());
        } else if (!m_hoverText.isEmpty()) {
            m_hoverText.clear();
            QToolTip::hideText();
        }
        // A tooltip event is answered here: nothing generic replaces the values.
        return event->type() == QEvent::ToolTip;
    }
    return QWidget::eventFilter(watched, event);
}

int ChartGrid::pointCount(int chart) const {
    int n = 0;
    for (const Line& line : m_charts.at(static_cast<std::size_t>(chart)).lines) {
        n += static_cast<int>(line.series->count());
        for (const QLineSeries* piece : line.after) {
            n += static_cast<int>(piece->count());
        }
    }
    return n;
}

int ChartGrid::projectionPointCount(int chart) const {
    int n = 0;
    for (const QLineSeries* series : projectionSeries(chart)) {
        n += static_cast<int>(series->count());
    }
    return n;
}

} // namespace sluice::ui
