// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "event_time_axis.h"
#include "feed/what_if.h"
#include "sample_store.h"

#include <QList>
#include <QTimer>
#include <QWidget>
#include <optional>
#include <vector>

class QChartView;
class QGraphicsSimpleTextItem;
class QDateTimeAxis;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace sluice::ui {

class ChartMoment;

// Something that happened at a moment, drawn on every chart's time axis: an operator's
// action or an alert.
struct ChartMarker {
    engine::TimeMs at = 0;
    QString text;
    bool alert = false;
};

// A what-if drawn on the charts: dashed, in a colour of its own, named by its label in the
// legend and the hover ("waiting (what-if: rate 4,000/min)").
struct ChartProjection {
    QString label;
    std::uint32_t rgb = 0; // 0xRRGGBB
    WhatIfResult result;
};

// The four charts on one shared time axis: the run's lines (decimated), what-if
// projections beside them (each dashed, in its own colour), and markers for operator actions and
// alerts. Drag to zoom in time on any chart and all follow; zoomBy/panBy for the keyboard; follow()
// goes back to showing the whole run. Hovering a line or marker shows the values at that moment.
class ChartGrid : public QWidget {
    Q_OBJECT
public:
    static constexpr int kCharts = 4;
    static constexpr int kMaxChartPoints = 600;

    ChartGrid(const SampleStore& store, QWidget* parent = nullptr);

    // Redraws every chart from the store (and the projections and markers).
    void refresh();
    // Redraws the next chart in turn: called 10 times a second, each chart is redrawn 2.5
    // times a second and one tick's work on the GUI thread is a quarter of a full refresh.
    void refreshNext();
    // The what-ifs to draw beside the run, oldest first (chart_grid_projections.cpp). Their
    // series are in place at once; the charts are redrawn one per turn of the event loop
    // (all four at once held the GUI thread 20-30 ms on a 41-hour night).
    void setProjections(QList<ChartProjection> projections);
    const QList<ChartProjection>& projections() const { return m_projections; }
    void setMarkers(QList<ChartMarker> markers);
    // The event's time zone for the time axes, hover and titles (see EventTimeAxis).
    void setEventTime(const EventTimeAxis& axis);
    const EventTimeAxis& timeAxis() const { return m_axis; }
    QDateTimeAxis* xAxis(int chart) const { return m_charts.at(static_cast<std::size_t>(chart)).x; }
    void clear();
    // What an empty chart says instead of made-up ticks ("No data yet — press F5 to run").
    void setEmptyHint(const QString& hint);
    QString emptyHint(int chart) const; // "" while the chart has data
    // Live: a projection may widen the time axis by at most the live data's own span, so the
    // live curves keep at least half the width (a simulation shows its whole night anyway).
    void setLive(bool live) { m_live = live; }
    // What the hover over a chart shows now ("" when the pointer is not over a plot).
    QString hoverText() const { return m_hoverText; }

    // Time-axis zoom shared by all charts: factor > 1 zooms in around the middle; pan by a
    // fraction of the visible span (negative = earlier). follow() shows the whole run again.
    void zoomBy(double factor);
    void panBy(double fraction);
    void follow();
    bool following() const { return !m_window.has_value(); }
    std::pair<engine::TimeMs, engine::TimeMs> visibleRange() const;

    // What a hover at `at` (UTC ms) shows on `chart`: the time (event time, UTC beside it),
    // each line's value, the projection's, and the markers near it.
    QString valuesAt(int chart, engine::TimeMs at) const;
    int pointCount(int chart) const; // the run's lines, all together
    // Pieces the first line of `chart` is drawn in: one more than the gaps in the data.
    int segmentCount(int chart) const;
    int lineCount(int chart) const {
        return static_cast<int>(m_charts.at(static_cast<std::size_t>(chart)).lines.size());
    }
    int projectionPointCount(int chart) const; // every what-if's, all together
    // The dashed series drawn for the what-ifs on `chart` (one per what-if per projected
    // line), with the legend's name of each and whether the legend shows it.
    QList<QLineSeries*> projectionSeries(int chart) const;
    int markerCount() const { return static_cast<int>(m_markers.size()); }
    QChartView* view(int chart) const { return m_charts.at(static_cast<std::size_t>(chart)).view; }

    // A vertical line at `utcMs` on every chart (the timeline's selected row), until
    // clearMoment() or clear(); a zoomed window moves to show it (chart_moment.cpp).
    void markMoment(qint64 utcMs);
    void clearMoment();
    std::optional<qint64> moment() const;
    // Where chart `chart` draws the moment, in its QChart's coordinates; NaN when not drawn.
    qreal momentX(int chart) const;

private:
    struct Line {
        QString name;
        Column column;
        QLineSeries* series = nullptr;
        std::vector<QLineSeries*> after;             // the line after each gap in the data (live)
        bool projected = false;                      // drawn for each what-if too
        std::vector<QLineSeries*> projections;       // one per what-if, dashed
        std::vector<QList<QPointF>> projectedPoints; // per what-if, on the axis
        // Per what-if, the samples its points were made from (a what-if's result is shared,
        // never changed): a what-if added beside others leaves theirs as they are.
        std::vector<const series::Sample*> projectedFrom;
    };
    struct Chart {
        QChartView* view = nullptr;
        QDateTimeAxis* x = nullptr;
        QValueAxis* y = nullptr;
        std::vector<Line> lines;
        QScatterSeries* actions = nullptr;
        QScatterSeries* alerts = nullptr;
        QGraphicsSimpleTextItem* hint = nullptr;
        ChartMoment* moment = nullptr;
    };
    void build();
    // As many dashed series on each projected line as there are what-ifs, each in its colour
    // and named by its label; their points from the what-ifs' samples.
    void syncProjectionSeries();
    void refreshChart(std::size_t index);
    void setWindow(std::optional<std::pair<engine::TimeMs, engine::TimeMs>> window);
    void applyRange();
    std::pair<engine::TimeMs, engine::TimeMs> fullRange() const;
    void showTip(int chart, qreal x); // x on the axis (event-shifted ms)
    bool eventFilter(QObject* watched, QEvent* event) override;
    void placeHint(std::size_t chart);
    // As many time ticks as the chart's width holds whole labels ("10:…" never shows).
    void fitTimeAxis(std::size_t chart);
    QLineSeries* segmentSeries(std::size_t chart, Line& line, std::size_t segment);

    const SampleStore& m_store;
    std::vector<Chart> m_charts;
    QList<ChartProjection> m_projections;
    QList<ChartMarker> m_markers;
    std::optional<std::pair<engine::TimeMs, engine::TimeMs>> m_window; // set while zoomed
    bool m_settingRange = false;
    std::pair<engine::TimeMs, engine::TimeMs> m_applied{-1, -1}; // the axes' range now
    std::size_t m_next = 0;                                      // refreshNext()'s chart
    QTimer* m_spread = nullptr; // redraws the charts left after setProjections, one a turn
    std::size_t m_spreadLeft = 0;
    QString m_emptyHint = "No data yet";
    bool m_live = false;
    QString m_hoverText;
    EventTimeAxis m_axis;
};

} // namespace sluice::ui
