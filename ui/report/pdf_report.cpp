// SPDX-License-Identifier: Apache-2.0
#include "pdf_report.h"

#include "change_words.h"
#include "engine/utc_format.h"
#include "feed/chart_definitions.h"
#include "outcomes_table.h"
#include "series/audit_json.h"
#include "series/series_csv.h"
#include "series/series_json.h"
#include "sim/sim_output.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>
#include <QSaveFile>
#include <cmath>

namespace sluice::ui {
namespace {

constexpr int kDpi = 150;
constexpr int kPointsPerLine = 1200; // a chart is about 1,100 px wide at 150 dpi
const QLocale kEnglish(QLocale::English, QLocale::UnitedKingdom);

QString count(std::uint64_t n) {
    return kEnglish.toString(static_cast<qulonglong>(n));
}

QString duration(double seconds) {
    const auto minutes = static_cast<long long>(std::llround(seconds / 60.0));
    if (seconds < 90) {
        return QString("%1 s").arg(std::llround(seconds));
    }
    return minutes < 60 ? QString("%1 min").arg(minutes)
                        : QString("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

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

// A chart as the console draws it (chartDefinitions()), on paper: the title, the lines broken
// at gaps, the markers, and a legend.
void drawChart(QPainter& p, const QRectF& box, const ChartDefinition& spec, const ReportData& data,
               engine::TimeMs from, engine::TimeMs to, const EventTime& time) {
    const QFontMetricsF fm(p.font(), p.device()); // the PDF's resolution, not the screen's
    p.setPen(Qt::black);
    p.drawText(box.topLeft() + QPointF(0, fm.ascent()), spec.title);
    const QRectF plot(box.left() + 120, box.top() + fm.height() * 1.6, box.width() - 130,
                      box.height() - fm.height() * 4.2);
    std::vector<std::vector<QList<QPointF>>> points; // per line, per run without a gap
    double top = 1;
    for (const ChartLine& line : spec.lines) {
        points.push_back(segmentedPoints(data.samples, line.column, kPointsPerLine));
        for (const QList<QPointF>& piece : points.back()) {
            for (const QPointF& q : piece) {
                top = std::max(top, q.y());
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
    // Lines, broken at gaps.
    p.setRenderHint(QPainter::Antialiasing);
    p.setClipRect(plot);
    for (std::size_t l = 0; l < spec.lines.size(); ++l) {
        p.setPen(QPen(QColor::fromRgb(spec.lines[l].rgb), 2));
        for (const QList<QPointF>& piece : points[l]) {
            QPainterPath path;
            for (qsizetype i = 0; i < piece.size(); ++i) {
                const QPointF q(x(piece[i].x()), y(piece[i].y()));
                i == 0 ? path.moveTo(q) : path.lineTo(q);
            }
            p.drawPath(path);
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
    // Legend.
    double lx = plot.left();
    const double ly = plot.bottom() + fm.height() * 1.5;
    for (const ChartLine& line : spec.lines) {
        const QString label = line.label();
        p.setPen(QPen(QColor::fromRgb(line.rgb), 3));
        p.drawLine(QPointF(lx, ly + fm.height() / 2), QPointF(lx + 24, ly + fm.height() / 2));
        p.setPen(Qt::black);
        p.drawText(QPointF(lx + 30, ly + fm.ascent()), label);
        lx += 30 + fm.horizontalAdvance(label) + 30;
    }
}

QString writeFile(const QString& path, const QByteArray& bytes) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        return "cannot write " + path + ": " + f.errorString();
    }
    return {};
}

} // namespace

QString writePdfReport(const ReportData& data, const ReportFigures& f, const QString& path,
                       const ReportProgress& progress) {
    const auto step = [&](double fraction) { return !progress || progress(fraction); };
    const EventTime time(data.timeZone); // what a person reads is in the event's zone
    const QString temporary = path + ".part";
    bool cancelled = false;
    {
        QPdfWriter writer(temporary);
        writer.setResolution(kDpi);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setTitle("Sluice incident report: " + data.title);
        writer.setCreator("Sluice");
        QPainter p;
        if (!p.begin(&writer)) {
            return "cannot write " + path;
        }
        QFont body("DejaVu Sans");
        body.setPointSizeF(9.5);
        QFont heading = body;
        heading.setPointSizeF(15);
        heading.setBold(true);
        const QRectF page = p.viewport();
        const double w = page.width();

        // Page 1: what, when, and the figures.
        p.setFont(heading);
        // Metrics at the PDF's resolution: the screen's would misplace and clip the text.
        const QFontMetricsF headingMetrics(heading, &writer);
        double yy = headingMetrics.ascent();
        p.drawText(QPointF(0, yy), "Sluice incident report");
        yy += headingMetrics.height() * 1.2;
        p.setFont(body);
        const QFontMetricsF fm(body, &writer);
        const auto line = [&](const QString& text) {
            p.drawText(QPointF(0, yy + fm.ascent()), text);
            yy += fm.height() * 1.35;
        };
        line("Event: " + data.title);
        line("Source: " + data.source);
        line("Window: " + time.dateTime(f.from) + " to " + time.dateTime(f.to) + " (" +
             duration(static_cast<double>(f.to - f.from) / 1000.0) + ")");
        line("Times in " + time.zoneTitle(f.from) + "; the data files are in UTC.");
        line("Written: " + time.dateTime(QDateTime::currentMSecsSinceEpoch()));
        yy += fm.height();
        QFont bold = body;
        bold.setBold(true);
        p.setFont(bold);
        line("Summary figures");
        p.setFont(body);
        QList<std::pair<QString, QString>> rows{
            {"Peak waiting", count(f.peakWaiting) + " at " + time.clockSeconds(f.peakAt)},
            {"Longest realised wait", duration(f.longestWaitSeconds)},
            {"95th percentile realised wait", duration(f.p95WaitSeconds)},
            {"Median realised wait", duration(f.medianWaitSeconds)},
            {"Median estimate error",
             f.medianEstimateError ? kEnglish.toString(*f.medianEstimateError * 100, 'f', 1) + " %"
                                   : QString("not enough data")},
            {"Admitted", count(f.admitted)},
            {"Booked", count(f.booked)},
            {"Abandoned (gave up or left)", count(f.abandoned)},
            {"Rejected tokens", count(f.rejectedTokens)},
        };
        for (auto it = f.rejectedByReason.begin(); it != f.rejectedByReason.end(); ++it) {
            if (it.value() > 0) {
                rows.append({"    rejected: " + (it.key() == "unattributed"
                                                     ? QString("not broken down by reason")
                                                     : it.key()),
                             count(it.value())});
            }
        }
        rows += QList<std::pair<QString, QString>>{
            {"Time at capacity", duration(f.minutesAtCapacity * 60)},
            {"Outage: no data", duration(f.minutesWithoutData * 60)},
            {"Outage: blank pages", duration(f.minutesWithBlankPages * 60)},
            {"Operator actions", QString::number(f.actions)},
            {"Alerts raised", QString::number(f.alertsRaised)},
        };
        for (const auto& [label, value] : rows) {
            p.drawText(QPointF(20, yy + fm.ascent()), label);
            p.drawText(QPointF(w * 0.5, yy + fm.ascent()), value);
            yy += fm.height() * 1.35;
        }
        yy += fm.height();
        line("Wait figures: " + f.waitBasis + ".");
        if (!data.whatIfs.empty()) {
            yy += fm.height();
            p.setFont(bold);
            line("What-if comparison: the night had the change been made at the fork");
            p.setFont(body);
            yy += drawOutcomesTable(p, QRectF(0, yy, w, page.height() - yy), data.whatIfs, time);
        }
        if (!step(0.1)) {
            cancelled = true;
        }

        // Page 2: the charts.
        if (!cancelled) {
            writer.newPage();
            const std::vector<ChartDefinition>& specs = chartDefinitions();
            const double h = page.height() / static_cast<double>(specs.size());
            for (std::size_t c = 0; c < specs.size() && !cancelled; ++c) {
                drawChart(p, QRectF(0, h * static_cast<double>(c), w, h - 10), specs[c], data,
                          f.from, std::max(f.to, f.from + 60'000), time);
                cancelled = !step(0.1 + 0.6 * static_cast<double>(c + 1) /
                                            static_cast<double>(specs.size()));
            }
        }

        // Page 3 on: the timeline.
        if (!cancelled) {
            writer.newPage();
            // Everything the console's timeline had: changes (an undo as an undo),
            // confirmations, refusals, what-ifs, nodes lost and back, and alerts.
            std::vector<TimelineEntry> timeline = data.alerts;
            for (std::size_t i = 0; i < data.audit.size(); ++i) {
                const engine::AuditEntry& e = data.audit[i];
                timeline.push_back({e.at, false,
                                    i < data.auditText.size()
                                        ? data.auditText[i]
                                        : QString::fromStdString(e.operatorName) + ": " +
                                              describeChange(e, time)});
            }
            timeline.insert(timeline.end(), data.notes.begin(), data.notes.end());
            std::stable_sort(
                timeline.begin(), timeline.end(),
                [](const TimelineEntry& a, const TimelineEntry& b) { return a.at < b.at; });
            yy = 0;
            p.setFont(bold);
            line(QString("Timeline: %1 entries (changes, confirmations, refusals, what-ifs, "
                         "alerts)")
                     .arg(timeline.size()));
            line("Times in " + time.zoneTitle(f.from) + ".");
            p.setFont(body);
            if (timeline.empty()) {
                line("No operator action and no alert in this window.");
            }
            // The time in a column of its own; the text beside it, wrapped, never cut short.
            const double textLeft = fm.horizontalAdvance("00:00:00") + fm.averageCharWidth() * 3;
            const double textWidth = w - textLeft;
            for (std::size_t i = 0; i < timeline.size(); ++i) {
                const TimelineEntry& e = timeline[i];
                const double height =
                    std::max(fm.height(), fm.boundingRect(QRectF(0, 0, textWidth, page.height()),
                                                          Qt::TextWordWrap, e.text)
                                              .height());
                if (yy + height > page.height()) {
                    writer.newPage();
                    yy = 0;
                    if (!step(0.7 + 0.3 * static_cast<double>(i) /
                                        static_cast<double>(timeline.size()))) {
                        cancelled = true;
                        break;
                    }
                }
                p.setPen(e.alert ? QColor(200, 30, 30) : Qt::black);
                p.drawText(QRectF(0, yy, textLeft, fm.height()), Qt::AlignLeft | Qt::AlignTop,
                           time.format(e.at, "HH:mm:ss"));
                p.drawText(QRectF(textLeft, yy, textWidth, height),
                           Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, e.text);
                yy += height + fm.height() * 0.35;
            }
            p.setPen(Qt::black);
        }
        p.end();
    }
    if (cancelled) {
        QFile::remove(temporary);
        return "cancelled";
    }
    QFile::remove(path);
    if (!QFile::rename(temporary, path)) {
        QFile::remove(temporary);
        return "cannot write " + path;
    }
    step(1.0);
    return {};
}

namespace {

QString writeData(const ReportData& data, const ReportFigures& figures, const QString& dir,
                  const ReportProgress& progress) {
    if (!QDir().mkpath(dir)) {
        return "cannot create " + dir;
    }
    const engine::TimeMs start = data.samples.empty() ? 0 : data.samples.front().at - 1000;
    QJsonArray alerts;
    for (const TimelineEntry& e : data.alerts) {
        alerts.append(
            QJsonObject{{"at", QString::fromStdString(engine::formatUtc(e.at))}, {"text", e.text}});
    }
    std::vector<std::pair<QString, QByteArray>> files{
        {"series.csv", QByteArray::fromStdString(series::seriesCsv(data.samples, start))},
        {"series.json", QByteArray::fromStdString(series::seriesJson(data.samples, start))},
        {"audit.json", QByteArray::fromStdString(series::auditJson(data.audit))},
        {"alerts.json", QJsonDocument(alerts).toJson()},
        {"figures.json", figuresJson(figures)},
    };
    if (!data.whatIfs.empty()) { // the comparison the operator kept
        files.emplace_back("what-ifs.csv", outcomesCsv(data.whatIfs));
        files.emplace_back("what-ifs.json", outcomesJson(data.whatIfs));
    }
    for (const auto& [name, bytes] : files) {
        if (progress && !progress(0.05)) {
            return "cancelled";
        }
        if (QString error = writeFile(QDir(dir).filePath(name), bytes); !error.isEmpty()) {
            return error;
        }
    }
    return {};
}

} // namespace

QString writeReportData(const ReportData& data, const QString& dir,
                        const ReportProgress& progress) {
    QString error = writeData(data, computeFigures(data), dir, progress);
    if (error.isEmpty() && progress) {
        progress(1.0);
    }
    return error;
}

QString writeReportBundle(const ReportData& data, const QString& dir,
                          const ReportProgress& progress) {
    const ReportFigures figures = computeFigures(data);
    if (QString error = writeData(data, figures, dir, progress); !error.isEmpty()) {
        return error;
    }
    return writePdfReport(data, figures, QDir(dir).filePath("report.pdf"), progress);
}

} // namespace sluice::ui
