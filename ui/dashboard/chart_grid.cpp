// SPDX-License-Identifier: Apache-2.0
#include "chart_grid.h"

#include "chart_moment.h"
#include "feed/chart_definitions.h"
#include "series/sample.h"

#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGraphicsLayout>
#include <QGraphicsSimpleTextItem>
#include <QGridLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace sluice::ui {
namespace {

constexpr engine::TimeMs kMinSpanMs = 60'000;

} // namespace

namespace {
// A chart's title or line name in the console's language (chart_definitions.cpp has them in
// English for the report too).
QString chartWords(const QString& english) {
    return QCoreApplication::translate("sluice::ui::ChartDefinitions",
                                       english.toUtf8().constData());
}
} // namespace

ChartGrid::ChartGrid(const SampleStore& store, QWidget* parent) : QWidget(parent), m_store(store) {
    build();
    refresh(); // empty: no made-up ticks, the hint instead
}

void ChartGrid::build() {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    const std::vector<ChartDefinition>& definitions = chartDefinitions();
    for (std::size_t c = 0; c < definitions.size(); ++c) {
        Chart chart;
        auto* qc = new QChart();
        qc->setTitle(chartWords(definitions[c].title));
        // Four charts share a 1280-pixel screen with the tiles, the timeline and the docks:
        // thin margins, and a legend a size smaller, so that titles, legends and time axes
        // are drawn whole (Qt Charts cuts what does not fit to "…").
        qc->setMargins(QMargins(4, 2, 4, 2));
        qc->layout()->setContentsMargins(0, 0, 0, 0);
        qc->setBackgroundRoundness(0);
        QFont legendFont = qc->legend()->font();
        legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85);
        qc->legend()->setFont(legendFont);
        chart.x = new QDateTimeAxis(qc);
        chart.x->setFormat("HH:mm");
        chart.x->setTitleText(m_axis.title()); // "time in Asia/Seoul (KST)"
        chart.y = new QValueAxis(qc);
        // Counts run to millions: "1,500,000" reads at a glance where "1500000" does not.
        qc->setLocalizeNumbers(true);
        chart.y->setLabelFormat("%.0f");
        chart.y->setRange(0, 10);
        qc->addAxis(chart.x, Qt::AlignBottom);
        qc->addAxis(chart.y, Qt::AlignLeft);
        const auto attach = [&](QXYSeries* series) {
            qc->addSeries(series);
            series->attachAxis(chart.x);
            series->attachAxis(chart.y);
        };
        const int index = static_cast<int>(c);
        for (const ChartLine& spec : definitions[c].lines) {
            Line line{QString(spec.label()).replace(0, spec.name.size(), chartWords(spec.name)),
                      spec.column,
                      new QLineSeries(qc),
                      {},
                      spec.projected,
                      {},
                      {},
                      {}};
            line.series->setName(line.name);
            attach(line.series);
            // One-pixel pens: a thicker one goes through Qt's general stroker (an atan2 per
            // joint, most of the GUI thread's time at 10 repaints a second); one pixel takes
            // the raster engine's fast path.
            line.series->setPen(QPen(QColor::fromRgb(spec.rgb), 1));
            connect(line.series, &QLineSeries::hovered, this,
                    [this, index](const QPointF& p, bool on) {
                        if (on) {
                            showTip(index, p.x());
                        }
                    });
            chart.lines.push_back(std::move(line));
        }
        // Markers sit on the time axis (y = 0): triangles for operator actions, red
        // diamonds for alerts; hover one to read it.
        chart.actions = new QScatterSeries(qc);
        chart.actions->setName(tr("operator actions"));
        chart.actions->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
        chart.actions->setMarkerSize(11);
        chart.actions->setColor(QColor(40, 40, 40));
        chart.alerts = new QScatterSeries(qc);
        chart.alerts->setName(tr("alerts"));
        chart.alerts->setMarkerShape(QScatterSeries::MarkerShapeRotatedRectangle);
        chart.alerts->setMarkerSize(11);
        chart.alerts->setColor(QColor(200, 30, 30));
        for (QScatterSeries* markers : {chart.actions, chart.alerts}) {
            attach(markers);
            connect(markers, &QScatterSeries::hovered, this,
                    [this, index](const QPointF& p, bool on) {
                        if (on) {
                            showTip(index, p.x());
                        }
                    });
        }
        // Every chart's zoom (rubber band) moves the shared window.
        connect(chart.x, &QDateTimeAxis::rangeChanged, this,
                [this](const QDateTime& min, const QDateTime& max) {
                    if (!m_settingRange) {
                        setWindow(
                            std::pair{m_axis.fromAxisDateTime(min), m_axis.fromAxisDateTime(max)});
                    }
                });
        // The legend names the run's lines and each what-if (by its label, added with it):
        // markers explain themselves (and the tooltip names them).
        for (QAbstractSeries* series : qc->series()) {
            const bool run = std::any_of(chart.lines.begin(), chart.lines.end(),
                                         [&](const Line& l) { return l.series == series; });
            for (QLegendMarker* marker : qc->legend()->markers(series)) {
                marker->setVisible(run);
            }
        }
        chart.view = new QChartView(qc, this);
        chart.view->setRubberBand(QChartView::HorizontalRubberBand);
        chart.view->setRenderHint(QPainter::Antialiasing);
        // How to use it goes to the status bar: a tooltip of its own would hide the values
        // the hover shows (the charts' tooltip is the values at the pointer, for as long as
        // the pointer stays).
        chart.view->setStatusTip(tr("Drag to zoom in time (all charts follow); Ctrl+= / Ctrl+- / "
                                    "Ctrl+[ / Ctrl+] zoom and pan, Ctrl+0 follows the run; hover "
                                    "for the values."));
        chart.view->viewport()->setMouseTracking(true);
        chart.view->viewport()->installEventFilter(this);
        chart.hint = new QGraphicsSimpleTextItem(qc);
        chart.hint->setBrush(QColor(110, 110, 110));
        chart.moment = new ChartMoment(qc, chart.x, m_axis);
        connect(qc, &QChart::plotAreaChanged, this, [this, c] {
            placeHint(c);
            fitTimeAxis(c);
        });
        grid->addWidget(chart.view, index / 2, index % 2);
        m_charts.push_back(chart);
        placeHint(c);
    }
}

void ChartGrid::refresh() {
    for (std::size_t c = 0; c < m_charts.size(); ++c) {
        refreshChart(c);
    }
}

void ChartGrid::refreshNext() {
    refreshChart(m_next);
    m_next = (m_next + 1) % m_charts.size();
}

void ChartGrid::refreshChart(std::size_t index) {
    Chart& chart = m_charts[index];
    // An empty chart has no scale to show: no made-up ticks, a hint instead.
    const bool empty = m_store.empty() && m_projections.isEmpty();
    chart.x->setLabelsVisible(!empty);
    chart.x->setTitleVisible(!empty); // with no labels Qt Charts cuts it to "…"
    chart.y->setLabelsVisible(!empty);
    chart.hint->setVisible(empty);
    double top = 10; // a chart of zeros still gets a readable scale
    // One series per run of samples without a gap: a line is never drawn across an outage.
    // The store knows its runs (indexed as samples came): nothing is split again here.
    const Runs runs = m_store.segments();
    for (Line& line : chart.lines) {
        const std::vector<QList<QPointF>> pieces =
            segmentedPoints(runs, line.column, kMaxChartPoints);
        for (std::size_t k = 0; k < std::max<std::size_t>(1, pieces.size()); ++k) {
            const QList<QPointF> points = k < pieces.size() ? pieces[k] : QList<QPointF>();
            for (const QPointF& p : points) {
                top = std::max(top, p.y());
            }
            segmentSeries(index, line, k)->replace(m_axis.shifted(points));
        }
        for (std::size_t k = std::max<std::size_t>(1, pieces.size()); k <= line.after.size(); ++k) {
            line.after[k - 1]->clear(); // after clear(): no gaps any more
        }
        for (const QList<QPointF>& projected : line.projectedPoints) {
            for (const QPointF& p : projected) {
                top = std::max(top, p.y());
            }
        }
    }
    // A y range that grows in steps of 25% does not re-lay the chart out on every tick.
    if (top * 1.05 > chart.y->max() || top * 2 < chart.y->max()) {
        chart.y->setRange(0, top * 1.25);
        chart.y->applyNiceNumbers(); // 0, 250k, 500k … rather than 0, 258,748 …
    }
    QList<QPointF> actions, alerts;
    for (const ChartMarker& m : m_markers) {
        (m.alert ? alerts : actions).append(QPointF(m_axis.toAxis(m.at), 0));
    }
    if (actions.size() != chart.actions->count()) {
        chart.actions->replace(actions);
    }
    if (alerts.size() != chart.alerts->count()) {
        chart.alerts->replace(alerts);
    }
    applyRange();
}

QLineSeries* ChartGrid::segmentSeries(std::size_t chart, Line& line, std::size_t segment) {
    if (segment == 0) {
        return line.series;
    }
    while (line.after.size() < segment) {
        QChart* qc = m_charts[chart].view->chart();
        auto* piece = new QLineSeries(qc);
        piece->setName(line.name);
        qc->addSeries(piece);
        piece->attachAxis(m_charts[chart].x);
        piece->attachAxis(m_charts[chart].y);
        piece->setPen(line.series->pen());
        for (QLegendMarker* marker : qc->legend()->markers(piece)) {
            marker->setVisible(false); // the first piece names the line
        }
        const int index = static_cast<int>(chart);
        connect(piece, &QLineSeries::hovered, this, [this, index](const QPointF& p, bool on) {
            if (on) {
                showTip(index, p.x());
            }
        });
        line.after.push_back(piece);
    }
    return line.after[segment - 1];
}

int ChartGrid::segmentCount(int chart) const {
    const Line& line = m_charts.at(static_cast<std::size_t>(chart)).lines.front();
    int n = line.series->count() > 0 ? 1 : 0;
    for (const QLineSeries* piece : line.after) {
        n += piece->count() > 0 ? 1 : 0;
    }
    return n;
}

void ChartGrid::setEventTime(const EventTimeAxis& axis) {
    if (axis == m_axis) {
        return;
    }
    m_axis = axis;
    for (Chart& chart : m_charts) {
        chart.x->setTitleText(m_axis.title());
        chart.actions->clear(); // drawn again where the new axis puts them
        chart.alerts->clear();
    }
    m_applied = {-1, -1}; // the same instants, other axis values
    for (Chart& chart : m_charts) {
        for (Line& line : chart.lines) {
            line.projectedFrom.assign(line.projectedFrom.size(), nullptr); // points move too
        }
    }
    setProjections(std::move(m_projections)); // every chart redrawn
}

void ChartGrid::setMarkers(QList<ChartMarker> markers) {
    m_markers = std::move(markers);
}

void ChartGrid::setEmptyHint(const QString& hint) {
    m_emptyHint = hint;
    for (std::size_t c = 0; c < m_charts.size(); ++c) {
        placeHint(c);
    }
}

QString ChartGrid::emptyHint(int chart) const {
    const QGraphicsSimpleTextItem* hint = m_charts.at(static_cast<std::size_t>(chart)).hint;
    return hint->isVisible() ? hint->text() : QString();
}

void ChartGrid::placeHint(std::size_t index) {
    if (index >= m_charts.size()) {
        return; // still being built
    }
    Chart& chart = m_charts[index];
    chart.hint->setText(m_emptyHint);
    const QRectF area = chart.view->chart()->plotArea();
    const QRectF box = chart.hint->boundingRect();
    chart.hint->setPos(area.center().x() - box.width() / 2, area.center().y() - box.height() / 2);
}

void ChartGrid::clear() {
    m_markers.clear();
    clearMoment();
    m_window.reset();
    for (Chart& chart : m_charts) {
        chart.y->setRange(0, 10);
    }
    setProjections({});
}

std::pair<engine::TimeMs, engine::TimeMs> ChartGrid::fullRange() const {
    const auto& samples = m_store.samples();
    if (samples.empty()) {
        return {0, kMinSpanMs};
    }
    const engine::TimeMs first = samples.front().at;
    engine::TimeMs last = samples.back().at;
    for (const ChartProjection& projection : m_projections) {
        if (projection.result.samples.isEmpty()) {
            continue;
        }
        engine::TimeMs end = projection.result.samples.back().at;
        if (m_live) {
            end = std::min(end, last + std::max(last - first, kMinSpanMs));
        }
        last = std::max(last, end);
    }
    // The end rounds up to a twentieth of the span (whole minutes): the axis moves in steps,
    // not with every sample, so a chart is laid out again only when it has to be.
    const engine::TimeMs span = std::max(last - first, kMinSpanMs);
    const engine::TimeMs step = ((span / 20 + 59'999) / 60'000) * 60'000;
    return {first, first + ((span + step - 1) / step) * step};
}

std::pair<engine::TimeMs, engine::TimeMs> ChartGrid::visibleRange() const {
    return m_window ? *m_window : fullRange();
}

void ChartGrid::setWindow(std::optional<std::pair<engine::TimeMs, engine::TimeMs>> window) {
    if (window && window->second - window->first < 10'000) {
        window->second = window->first + 10'000; // no narrower than ten seconds
    }
    m_window = window;
    applyRange();
}

void ChartGrid::applyRange() {
    const auto [from, to] = visibleRange();
    if (from == m_applied.first && to == m_applied.second) {
        return;
    }
    m_applied = {from, to};
    m_settingRange = true;
    for (std::size_t c = 0; c < m_charts.size(); ++c) {
        m_charts[c].x->setRange(m_axis.toAxisDateTime(from), m_axis.toAxisDateTime(to));
        fitTimeAxis(c);
    }
    m_settingRange = false;
}

void ChartGrid::fitTimeAxis(std::size_t index) {
    if (index >= m_charts.size()) {
        return; // still being built
    }
    Chart& chart = m_charts[index];
    // Seconds only when a few minutes are shown; minutes otherwise (shorter labels).
    const auto [from, to] = visibleRange();
    const QString format = to - from <= 10 * 60'000 ? "HH:mm:ss" : "HH:mm";
    if (chart.x->format() != format) {
        chart.x->setFormat(format);
    }
    // A label and twice its width of room between labels, from 2 ticks up to 6.
    const QFontMetrics metrics(chart.x->labelsFont());
    const int label = metrics.horizontalAdvance(format == "HH:mm" ? "00:00" : "00:00:00");
    const double width = chart.view->chart()->plotArea().width();
    const int ticks = std::clamp(static_cast<int>(width / (label * 2.0)) + 1, 2, 6);
    if (width > 0 && chart.x->tickCount() != ticks) {
        chart.x->setTickCount(ticks);
    }
}

void ChartGrid::zoomBy(double factor) {
    const auto [from, to] = visibleRange();
    const double middle = (static_cast<double>(from) + static_cast<double>(to)) / 2;
    const double half = static_cast<double>(to - from) / 2 / factor;
    const auto full = fullRange();
    if (factor < 1 && half * 2 >= static_cast<double>(full.second - full.first)) {
        follow(); // zoomed out past the whole run: show all of it, following
        return;
    }
    setWindow(std::pair{static_cast<engine::TimeMs>(middle - half),
                        static_cast<engine::TimeMs>(middle + half)});
}

void ChartGrid::panBy(double fraction) {
    const auto [from, to] = visibleRange();
    const auto shift = static_cast<engine::TimeMs>(static_cast<double>(to - from) * fraction);
    setWindow(std::pair{from + shift, to + shift});
}

void ChartGrid::follow() {
    setWindow(std::nullopt);
}

} // namespace sluice::ui
