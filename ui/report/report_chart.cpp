// SPDX-License-Identifier: Apache-2.0
#include "report_chart.h"

#include "feed/series_points.h"

#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace sluice::ui {
namespace {

constexpr int kPointsPerLine = 1200; // a chart is about 1,100 px wide at 150 dpi
const QLocale kEnglish(QLocale::English, QLocale::UnitedKingdom);

// A round step for about `ticks` divisions of `span`.
double niceStep(double span, int ticks) {
    const double raw = span / ticks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(std::max(raw, 1e-9))));
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (m * magnitude >= raw) {
            return m * magnitude;
        }
    }
    return 10 * magnitude;
}

// A legend entry: a short line in the series' pen, then its name; moves `x` on.
void legendEntry(QPainter& p, const QFontMetricsF& fm, double& x, double y, const QPen& pen,
                 const QString& label) {
    p.setPen(pen);
    p.drawLine(QPointF(x, y + fm.height() / 2), QPointF(x + 24, y + fm.height() / 2));
    p.setPen(Qt::black);
    p.drawText(QPointF(x + 30, y + fm.ascent()), label);
    x += 30 + fm.horizontalAdvance(label) + 30;
}

} // namespace

std::pair<engine::TimeMs, engine::TimeMs> reportChartSpan(const ReportData& data,
                                                          const ReportFigures& f) {
    engine::TimeMs to = std::max(f.to, f.from + 60'000);
    for (const WhatIfOutcome& o : data.whatIfs) {
        if (!o.samples.empty()) {
            to = std::max(to, o.samples.back().at);
        }
    }
    return {f.from, to};
}

void drawReportChart(QPainter& p, const QRectF& box, const ChartDefinition& spec,
                     const ReportData& data, engine::TimeMs from, engine::TimeMs to,
                     const EventTime& time) {
    const QFontMetricsF fm(p.font(), p.device()); // the PDF's resolution, not the screen's
    const bool projects = std::any_of(spec.lines.begin(), spec.lines.end(),
                                      [](const ChartLine& l) { return l.projected; });
    std::vector<const WhatIfOutcome*> whatIfs;
    if (projects) {
        for (const WhatIfOutcome& o : data.whatIfs) {
            if (!o.reference && !o.samples.empty()) {
                whatIfs.push_back(&o);
            }
        }
    }
    p.setPen(Qt::black);
    p.drawText(box.topLeft() + QPointF(0, fm.ascent()), spec.title);
    // Below the plot: the time labels and a legend row (two with what-ifs).
    const double below = fm.height() * (whatIfs.empty() ? 4.2 : 5.6);
    const QRectF plot(box.left() + 120, box.top() + fm.height() * 1.6, box.width() - 130,
                      box.height() - below);
    std::vector<std::vector<QList<QPointF>>> points;    // per line, per run without a gap
    std::vector<std::vector<QList<QPointF>>> projected; // per line, per what-if
    double top = 1;
    const auto raise = [&top](const QList<QPointF>& piece) {
        for (const QPointF& q : piece) {
            top = std::max(top, q.y());
        }
    };
    for (const ChartLine& line : spec.lines) {
        points.push_back(segmentedPoints(data.samples, line.column, kPointsPerLine));
        std::for_each(points.back().begin(), points.back().end(), raise);
        projected.emplace_back();
        if (line.projected) {
            for (const WhatIfOutcome* o : whatIfs) {
                projected.back().push_back(columnPoints(o->samples, line.column, kPointsPerLine));
                raise(projected.back().back());
            }
        }
    }
    const double step = niceStep(top, 4);
    top = std::ceil(top / step) * step;
    const double span = static_cast<double>(std::max<engine::TimeMs>(1000, to - from));
    const auto x = [&](double t) {
        return plot.left() + (t - static_cast<double>(from)) / span * plot.width();
    };
    const auto y = [&](double v) { return plot.bottom() - v / top * plot.height(); };
    // Axes, grid, labels.
    p.setPen(QPen(QColor(225, 225, 225), 1));
    for (double v = 0; v <= top + step / 2; v += step) {
        p.drawLine(QPointF(plot.left(), y(v)), QPointF(plot.right(), y(v)));
        p.setPen(Qt::black);
        p.drawText(QRectF(box.left(), y(v) - fm.height() / 2, 112, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, kEnglish.toString(v, 'f', step < 1 ? 1 : 0));
        p.setPen(QPen(QColor(225, 225, 225), 1));
    }
    static constexpr engine::TimeMs kSteps[] = {60'000,     120'000,    300'000,    600'000,
                                                900'000,    1'800'000,  3'600'000,  7'200'000,
                                                10'800'000, 21'600'000, 43'200'000, 86'400'000};
    engine::TimeMs tick = kSteps[std::size(kSteps) - 1];
    for (const engine::TimeMs s : kSteps) {
        if (span / static_cast<double>(s) <= 8) {
            tick = s;
            break;
        }
    }
    p.setPen(Qt::black);
    p.drawRect(plot);
    // Ticks on whole minutes, hours … of the event's clock (Asia/Kolkata's hours are not
    // UTC's), one offset for the window: a DST change within one night is not worth a tick.
    const engine::TimeMs offset = time.offsetMs(from);
    for (engine::TimeMs t = ((from + offset) / tick + 1) * tick - offset; t < to; t += tick) {
        const double px = x(static_cast<double>(t));
        p.drawLine(QPointF(px, plot.bottom()), QPointF(px, plot.bottom() + 6));
        const QString label = time.format(t, "HH:mm");
        p.drawText(QRectF(px - 40, plot.bottom() + 6, 80, fm.height()), Qt::AlignCenter, label);
    }
    // Lines, broken at gaps; the what-ifs dashed over them.
    p.setRenderHint(QPainter::Antialiasing);
    p.setClipRect(plot);
    const auto path = [&](const QList<QPointF>& piece) {
        QPainterPath out;
        for (qsizetype i = 0; i < piece.size(); ++i) {
            const QPointF q(x(piece[i].x()), y(piece[i].y()));
            i == 0 ? out.moveTo(q) : out.lineTo(q);
        }
        return out;
    };
    for (std::size_t l = 0; l < spec.lines.size(); ++l) {
        p.setPen(QPen(QColor::fromRgb(spec.lines[l].rgb), 2));
        for (const QList<QPointF>& piece : points[l]) {
            p.drawPath(path(piece));
        }
    }
    for (std::size_t l = 0; l < spec.lines.size(); ++l) {
        for (std::size_t k = 0; k < projected[l].size(); ++k) {
            p.setPen(QPen(QColor::fromRgb(whatIfs[k]->rgb), 2, Qt::DashLine));
            p.drawPath(path(projected[l][k]));
        }
    }
    // Markers on the time axis: triangles for operator actions, red diamonds for alerts.
    p.setPen(Qt::NoPen);
    for (const engine::AuditEntry& e : data.audit) {
        const double px = x(static_cast<double>(e.at));
        p.setBrush(QColor(40, 40, 40));
        p.drawPolygon(QPolygonF({QPointF(px, plot.bottom() - 12), QPointF(px - 6, plot.bottom()),
                                 QPointF(px + 6, plot.bottom())}));
    }
    for (const TimelineEntry& e : data.alerts) {
        if (!e.text.startsWith("ALERT")) {
            continue;
        }
        const double px = x(static_cast<double>(e.at));
        p.setBrush(QColor(200, 30, 30));
        p.drawPolygon(
            QPolygonF({QPointF(px, plot.bottom() - 14), QPointF(px - 6, plot.bottom() - 7),
                       QPointF(px, plot.bottom()), QPointF(px + 6, plot.bottom() - 7)}));
    }
    p.setClipping(false);
    p.setBrush(Qt::NoBrush);
    p.setRenderHint(QPainter::Antialiasing, false);
    // Legend: the run's lines, then (a row of their own) the what-ifs by their labels.
    double lx = plot.left();
    double ly = plot.bottom() + fm.height() * 1.5;
    for (const ChartLine& line : spec.lines) {
        legendEntry(p, fm, lx, ly, QPen(QColor::fromRgb(line.rgb), 3), line.label());
    }
    lx = plot.left();
    ly += fm.height() * 1.4;
    for (const WhatIfOutcome* o : whatIfs) {
        if (lx + fm.horizontalAdvance(o->label) + 60 > box.right()) {
            break; // the rest are in the comparison table, by the same colours
        }
        legendEntry(p, fm, lx, ly, QPen(QColor::fromRgb(o->rgb), 3, Qt::DashLine),
                    "what-if: " + o->label);
    }
}

} // namespace sluice::ui
