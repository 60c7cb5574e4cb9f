// SPDX-License-Identifier: Apache-2.0
#include "report_first_page.h"

#include "feed/chart_definitions.h"
#include "outcomes_table.h"
#include "report_chart.h"

#include <QDateTime>
#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace sluice::ui {
namespace {

const QLocale kEnglish(QLocale::English, QLocale::UnitedKingdom);

QString count(std::uint64_t n) {
    return kEnglish.toString(static_cast<qulonglong>(n));
}

QRectF inside(const QRectF& page, const QRectF& share) {
    return {page.left() + share.left() * page.width(), page.top() + share.top() * page.height(),
            share.width() * page.width(), share.height() * page.height()};
}

} // namespace

QString reportDuration(double seconds) {
    return waitText(seconds); // one way of saying how long, in the table and the figures
}

QString reportWindow(const ReportFigures& f, const EventTime& time) {
    return time.dateTime(f.from) + " to " + time.dateTime(f.to) + " (" +
           reportDuration(static_cast<double>(f.to - f.from) / 1000.0) + ")";
}

FirstPageLayout firstPageLayout(bool withComparison) {
    // The headline takes a quarter; the charts share what the comparison leaves.
    constexpr double kHeadline = 0.25;
    constexpr double kComparison = 0.22;
    const double charts = 1.0 - kHeadline - (withComparison ? kComparison : 0.0);
    FirstPageLayout l;
    l.headline = QRectF(0, 0, 1, kHeadline);
    l.waiting = QRectF(0, kHeadline, 1, charts / 2);
    l.estimate = QRectF(0, kHeadline + charts / 2, 1, charts / 2);
    if (withComparison) {
        l.comparison = QRectF(0, 1.0 - kComparison, 1, kComparison);
    }
    return l;
}

void drawFirstPage(QPainter& p, const QRectF& page, const ReportData& data, const ReportFigures& f,
                   const EventTime& time) {
    const QFont body = p.font();
    QFont heading = body;
    heading.setPointSizeF(body.pointSizeF() * 1.6);
    heading.setBold(true);
    QFont bold = body;
    bold.setBold(true);
    const FirstPageLayout layout = firstPageLayout(!data.whatIfs.empty());
    const QRectF headline = inside(page, layout.headline);
    const double w = page.width();

    // Metrics at the PDF's resolution: the screen's would misplace and clip the text.
    const QFontMetricsF headingMetrics(heading, p.device());
    const QFontMetricsF fm(body, p.device());
    const double lineHeight = fm.height() * 1.25;
    double yy = headline.top();
    p.setPen(Qt::black);
    p.setFont(heading);
    p.drawText(QPointF(page.left(), yy + headingMetrics.ascent()), "Sluice incident report");
    yy += headingMetrics.height() * 1.15;
    const auto line = [&](const QString& text) {
        p.drawText(QRectF(page.left(), yy, w, fm.height()), Qt::AlignLeft | Qt::AlignTop,
                   fm.elidedText(text, Qt::ElideRight, w));
        yy += lineHeight;
    };
    p.setFont(bold);
    line("Event: " + data.title);
    p.setFont(body);
    line("Window: " + reportWindow(f, time));
    line("Source: " + data.source);
    line("Times in " + time.zoneTitle(f.from) + "; the data files are in UTC. Written " +
         time.dateTime(QDateTime::currentMSecsSinceEpoch()) + ".");
    yy += fm.height() * 0.4;

    // The key figures, two columns of label and value; the full list is on page 2.
    const QList<std::pair<QString, QString>> key{
        {"Peak waiting", count(f.peakWaiting) + " at " + time.clockSeconds(f.peakAt)},
        {"Admitted", count(f.admitted)},
        {"Median realised wait", reportDuration(f.medianWaitSeconds)},
        {"Booked", count(f.booked)},
        {"95th percentile wait", reportDuration(f.p95WaitSeconds)},
        {"Abandoned", count(f.abandoned)},
        {"Time at capacity", reportDuration(f.minutesAtCapacity * 60)},
        {"Rejected tokens", count(f.rejectedTokens)},
        {"Outage: no data", reportDuration(f.minutesWithoutData * 60)},
        {"Actions / alerts", QString("%1 / %2").arg(f.actions).arg(f.alertsRaised)},
    };
    for (qsizetype i = 0; i < key.size(); ++i) {
        const double left = page.left() + (i % 2 == 0 ? 0 : w / 2);
        const double top = yy + lineHeight * static_cast<double>(i / 2);
        p.setFont(body);
        p.drawText(QPointF(left, top + fm.ascent()), key[i].first);
        p.setFont(bold);
        p.drawText(QPointF(left + w * 0.22, top + fm.ascent()), key[i].second);
    }
    p.setFont(body);

    // The two charts a reader looks at first, with what was done and what was raised.
    const auto [from, to] = reportChartSpan(data, f);
    const std::vector<ChartDefinition>& specs = chartDefinitions();
    drawReportChart(p, inside(page, layout.waiting).adjusted(0, 0, 0, -10), specs[0], data, from,
                    to, time);
    drawReportChart(p, inside(page, layout.estimate).adjusted(0, 0, 0, -10), specs[1], data, from,
                    to, time);

    // The what-if comparison, as many rows as its box holds.
    if (!data.whatIfs.empty()) {
        const QRectF box = inside(page, layout.comparison);
        p.setFont(bold);
        p.drawText(QPointF(box.left(), box.top() + fm.ascent()),
                   "What-if comparison: the night had the change been made at the fork");
        p.setFont(body);
        const double rows = std::floor((box.height() - lineHeight) / (fm.height() * 1.3)) - 1;
        std::vector<WhatIfOutcome> shown = data.whatIfs;
        const auto fits = static_cast<std::size_t>(std::max(2.0, rows));
        QString more;
        if (shown.size() > fits) {
            more = QString("… and %1 more in what-ifs.csv").arg(shown.size() - fits + 1);
            shown.resize(fits - 1);
        }
        const double used = drawOutcomesTable(
            p, QRectF(box.left(), box.top() + lineHeight, box.width(), box.height()), shown, time);
        if (!more.isEmpty()) {
            p.drawText(QPointF(box.left(), box.top() + lineHeight + used + fm.ascent()), more);
        }
    }
}

} // namespace sluice::ui
