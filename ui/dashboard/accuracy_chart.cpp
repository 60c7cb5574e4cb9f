// SPDX-License-Identifier: Apache-2.0
#include "accuracy_chart.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace sluice::ui {
namespace {

// The console's colours (chart_definitions.cpp): the estimate blue, the realised orange.
const QColor kShown(0x20, 0x9f, 0xdf);
const QColor kReal(0xf6, 0xa6, 0x25);
const QColor kGaveUp(0x60, 0x60, 0x60);

QString count(std::uint64_t n) {
    return QLocale().toString(static_cast<qulonglong>(n));
}

// Pieces of consecutive bins for which `value` has a figure: a bin without one is a gap.
template <typename F>
QList<QList<QPointF>> pieces(const EstimateAccuracy& a, F value, QList<QPointF>* all) {
    QList<QList<QPointF>> out;
    bool open = false;
    for (const AccuracyBin& b : a.bins) {
        const double v = value(b);
        if (!std::isfinite(v)) {
            open = false;
            continue;
        }
        if (!open) {
            out.append(QList<QPointF>());
            open = true;
        }
        const QPointF p(static_cast<double>(b.from + a.binMs / 2), v);
        out.last().append(p);
        all->append(p);
    }
    return out;
}

} // namespace

AccuracyChart::AccuracyChart(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    m_caption = new QLabel(this);
    m_caption->setObjectName("accuracyCaption");
    m_caption->setWordWrap(true);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_caption);
    auto* chart = new QChart();
    chart->setTitle(tr("Estimate shown and the wait that followed, by arrival time"));
    m_x = new QDateTimeAxis(chart);
    m_x->setFormat("HH:mm");
    m_x->setTitleText(m_axis.title("arrival"));
    m_minutes = new QValueAxis(chart);
    m_minutes->setTitleText(tr("minutes"));
    m_minutes->setLabelFormat("%.0f");
    m_percent = new QValueAxis(chart);
    m_percent->setTitleText(tr("gave up (%)"));
    m_percent->setLabelFormat("%.0f");
    m_percent->setRange(0, 100);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_minutes, Qt::AlignLeft);
    chart->addAxis(m_percent, Qt::AlignRight);
    m_view = new QChartView(chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(220);
    layout->addWidget(m_view, 1);
    redraw();
}

void AccuracyChart::setAccuracy(const EstimateAccuracy& accuracy) {
    m_accuracy = accuracy;
    m_any = true;
    redraw();
}

void AccuracyChart::setEventTime(const EventTimeAxis& axis) {
    m_axis = axis;
    m_x->setTitleText(m_axis.title("arrival"));
    redraw();
}

void AccuracyChart::clear() {
    m_accuracy = EstimateAccuracy{};
    m_any = false;
    redraw();
}

QString AccuracyChart::caption() const {
    return m_caption->text();
}

void AccuracyChart::addLine(const QList<QList<QPointF>>& lines, const QString& name,
                            const QColor& colour, Qt::PenStyle style, QValueAxis* axis) {
    QChart* chart = m_view->chart();
    for (qsizetype i = 0; i < lines.size(); ++i) {
        auto* series = new QLineSeries(chart);
        series->setName(name);
        series->replace(m_axis.shifted(lines[i])); // onto the event-time axis
        series->setPen(QPen(colour, 2, style));
        chart->addSeries(series);
        series->attachAxis(m_x);
        series->attachAxis(axis);
        for (QLegendMarker* marker : chart->legend()->markers(series)) {
            marker->setVisible(i == 0); // one legend entry a line, whatever its gaps
        }
    }
}

void AccuracyChart::redraw() {
    QChart* chart = m_view->chart();
    chart->removeAllSeries();
    // An axis left without series is not laid out again when new ones attach (Qt 6.4): the
    // axes go back in afresh.
    for (QAbstractAxis* axis :
         {static_cast<QAbstractAxis*>(m_x), static_cast<QAbstractAxis*>(m_minutes),
          static_cast<QAbstractAxis*>(m_percent)}) {
        chart->removeAxis(axis);
    }
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_minutes, Qt::AlignLeft);
    chart->addAxis(m_percent, Qt::AlignRight);
    m_shown.clear();
    m_real.clear();
    m_low.clear();
    m_high.clear();
    m_gaveUp.clear();
    const EstimateAccuracy& a = m_accuracy;
    const bool live = a.fromSamples;
    const auto known = [](const AccuracyBin& b, double v) {
        return b.complete() ? v : series::kNoFigure;
    };
    // Live, the estimate told to a newcomer is known for every bin; the waits only for bins
    // whose people have all been admitted.
    const auto shown = pieces(
        a, [&](const AccuracyBin& b) { return live ? b.shownMinutes : known(b, b.shownMinutes); },
        &m_shown);
    const auto real = pieces(
        a, [&](const AccuracyBin& b) { return known(b, b.realMinutes); }, &m_real);
    const auto low = pieces(
        a, [&](const AccuracyBin& b) { return known(b, b.lowMinutes); }, &m_low);
    const auto high = pieces(
        a,
        [&](const AccuracyBin& b) {
            return std::isfinite(known(b, b.lowMinutes)) ? known(b, b.highMinutes)
                                                         : series::kNoFigure;
        },
        &m_high);
    // The band first, under the lines: each piece of the range shown as one area.
    for (qsizetype i = 0; i < std::min(low.size(), high.size()); ++i) {
        auto* upper = new QLineSeries(chart);
        auto* lower = new QLineSeries(chart);
        upper->replace(m_axis.shifted(high[i]));
        lower->replace(m_axis.shifted(low[i]));
        auto* band = new QAreaSeries(upper, lower);
        band->setName(tr("range shown (low … high)"));
        QColor fill = kShown;
        fill.setAlpha(50);
        band->setBrush(fill);
        band->setPen(QPen(fill.darker(120), 0.5));
        chart->addSeries(band);
        band->attachAxis(m_x);
        band->attachAxis(m_minutes);
        for (QLegendMarker* marker : chart->legend()->markers(band)) {
            marker->setVisible(i == 0);
        }
    }
    addLine(shown,
            live ? tr("estimate told to a newcomer (median)") : tr("first estimate shown (median)"),
            kShown, Qt::SolidLine, m_minutes);
    addLine(real,
            live ? tr("wait of those admitted (median of each second's mean)")
                 : tr("wait that followed (median)"),
            kReal, Qt::SolidLine, m_minutes);
    if (!live) {
        const auto gave = pieces(
            a,
            [](const AccuracyBin& b) {
                return b.final && b.arrived > 0 ? 100 * b.gaveUpShare() : series::kNoFigure;
            },
            &m_gaveUp);
        addLine(gave, tr("gave up (% of arrivals)"), kGaveUp, Qt::DotLine, m_percent);
    }
    m_percent->setVisible(!live);
    // Axes: the run's arrival span; minutes from 0 to the largest figure drawn.
    double top = 10;
    for (const QList<QPointF>* points : {&m_shown, &m_real, &m_high}) {
        for (const QPointF& p : *points) {
            top = std::max(top, p.y());
        }
    }
    m_minutes->setRange(0, top * 1.1);
    m_minutes->applyNiceNumbers();
    if (!a.bins.empty()) {
        // Ticks on whole quarter, half or full hours (or more) of the event's clock: the range
        // widens to them.
        const engine::TimeMs offset = m_axis.time().offsetMs(a.bins.front().from);
        const engine::TimeMs from = a.bins.front().from + offset;
        const engine::TimeMs to = a.bins.back().from + a.binMs + offset;
        engine::TimeMs step = 15 * 60'000;
        while ((to - from) / step > 8) {
            step *= 2;
        }
        const engine::TimeMs first = from / step * step, last = (to + step - 1) / step * step;
        m_x->setTickCount(static_cast<int>((last - first) / step) + 1);
        m_x->setRange(m_axis.toAxisDateTime(first - offset), m_axis.toAxisDateTime(last - offset));
    }
    m_caption->setText(describe());
}

QString AccuracyChart::describe() const {
    const EstimateAccuracy& a = m_accuracy;
    const QString bin = QString::number(a.binMs / 60'000);
    if (!m_any) {
        return tr("Run the simulation: this chart fills in when the run pauses, a step ends or "
                  "the run finishes (every person who has arrived is binned then). Live nodes: "
                  "it shows what their samples tell.");
    }
    const engine::TimeMs knownUpTo = a.knownUpTo();
    if (a.fromSamples) {
        QString text = tr("Live nodes, by arrival time (%1 min bins): the estimate told to a "
                          "newcomer, against the wait of the people admitted each second (their "
                          "mean, placed at their mean arrival; from the nodes' samples, not per "
                          "person: no range, no give-ups). ")
                           .arg(bin);
        text +=
            knownUpTo == 0
                ? tr("No one who arrived here has been admitted yet: ")
                : tr("Waits are drawn for arrivals up to %1. ").arg(m_axis.time().clock(knownUpTo));
        return text + tr("Real waits of people still waiting are not known yet.");
    }
    QString text = tr("Simulation, by arrival time (%1 min bins): the median first estimate "
                      "shown, with its range (low … high), against the median wait those same "
                      "people went on to have — people who reached the front only. ")
                       .arg(bin);
    text += knownUpTo == 0 ? tr("No arrivals have all left the line yet. ")
                           : tr("People who arrived up to %1 have all left the line (run at %2). ")
                                 .arg(m_axis.time().clock(knownUpTo), m_axis.time().clock(a.asOf));
    if (const std::uint64_t waiting = a.stillWaiting(); waiting > 0) {
        text += tr("%1 still waiting: their real waits are not known yet. ").arg(count(waiting));
    }
    std::uint64_t words = 0;
    for (const AccuracyBin& b : a.bins) {
        words += b.shownWords;
    }
    if (words > 0) {
        text += tr("%1 were first shown words (\"unknown\", \"paused\"), not a figure: no "
                   "estimate is drawn for them. ")
                    .arg(count(words));
    }
    return text + tr("Updated when the run pauses, a step ends or the run finishes.");
}

} // namespace sluice::ui
