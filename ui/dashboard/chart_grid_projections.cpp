// SPDX-License-Identifier: Apache-2.0
// The charts' what-ifs: one dashed series per what-if on each projected line, in the
// what-if's colour, named in the legend by its label.
#include "chart_grid.h"
#include "feed/series_points.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>

namespace sluice::ui {

void ChartGrid::setProjections(QList<ChartProjection> projections) {
    m_projections = std::move(projections);
    syncProjectionSeries();
    if (m_spread == nullptr) {
        m_spread = new QTimer(this);
        m_spread->setInterval(0);
        connect(m_spread, &QTimer::timeout, this, [this] {
            if (m_spreadLeft == 0) {
                m_spread->stop();
                return;
            }
            refreshChart(m_charts.size() - m_spreadLeft--);
        });
    }
    m_spreadLeft = m_charts.size();
    m_spread->start();
}

void ChartGrid::syncProjectionSeries() {
    const auto wanted = static_cast<std::size_t>(m_projections.size());
    // Adding or removing a series makes Qt Charts fit the axes to the series' domain: that is
    // not the operator zooming (m_settingRange), and the range is set again after (m_applied).
    m_settingRange = true;
    for (std::size_t c = 0; c < m_charts.size(); ++c) {
        Chart& chart = m_charts[c];
        QChart* qc = chart.view->chart();
        for (Line& line : chart.lines) {
            if (!line.projected) {
                continue;
            }
            while (line.projections.size() > wanted) {
                QLineSeries* gone = line.projections.back();
                line.projections.pop_back();
                qc->removeSeries(gone);
                delete gone;
            }
            while (line.projections.size() < wanted) {
                auto* series = new QLineSeries(qc);
                qc->addSeries(series);
                series->attachAxis(chart.x);
                series->attachAxis(chart.y);
                const int index = static_cast<int>(c);
                connect(series, &QLineSeries::hovered, this,
                        [this, index](const QPointF& p, bool on) {
                            if (on) {
                                showTip(index, p.x());
                            }
                        });
                line.projections.push_back(series);
            }
            line.projectedPoints.resize(wanted);
            line.projectedFrom.resize(wanted, nullptr);
            for (std::size_t k = 0; k < wanted; ++k) {
                const ChartProjection& projection = m_projections[static_cast<qsizetype>(k)];
                QLineSeries* series = line.projections[k];
                const series::Sample* from = projection.result.samples.constData();
                // One-pixel dashes (as the run's lines: the raster engine's fast path).
                series->setPen(QPen(QColor::fromRgb(projection.rgb), 1, Qt::DashLine));
                // Each what-if once in a chart's legend: on its first projected line, by its
                // label; a second projected line in the same chart would repeat it.
                const bool named =
                    &line == &*std::find_if(chart.lines.begin(), chart.lines.end(),
                                            [](const Line& l) { return l.projected; });
                series->setName(named ? projection.label
                                      : tr("%1 (what-if: %2)").arg(line.name, projection.label));
                for (QLegendMarker* marker : qc->legend()->markers(series)) {
                    marker->setVisible(named);
                }
                if (line.projectedFrom[k] == from && from != nullptr) {
                    continue; // drawn already, from these very samples
                }
                line.projectedFrom[k] = from;
                line.projectedPoints[k] = m_axis.shifted(
                    columnPoints(projection.result.samples, line.column, kMaxChartPoints));
                series->replace(line.projectedPoints[k]);
            }
        }
    }
    m_settingRange = false;
    m_applied = {-1, -1};
}

QList<QLineSeries*> ChartGrid::projectionSeries(int chart) const {
    QList<QLineSeries*> out;
    for (const Line& line : m_charts.at(static_cast<std::size_t>(chart)).lines) {
        out.append(QList<QLineSeries*>(line.projections.begin(), line.projections.end()));
    }
    return out;
}

} // namespace sluice::ui
