// SPDX-License-Identifier: Apache-2.0
#include "pdf_report.h"

#include "change_words.h"
#include "engine/utc_format.h"
#include "feed/chart_definitions.h"
#include "report_chart.h"
#include "report_first_page.h"
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
#include <QPdfWriter>
#include <QSaveFile>
#include <cmath>

namespace sluice::ui {
namespace {

constexpr int kDpi = 150;
const QLocale kEnglish(QLocale::English, QLocale::UnitedKingdom);

QString count(std::uint64_t n) {
    return kEnglish.toString(static_cast<qulonglong>(n));
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
        p.setFont(body);
        const QRectF page = p.viewport();
        const double w = page.width();

        // Page 1: the headline — what, when, the key figures, the two charts a reader looks
        // at first with what was done and raised, and the what-if comparison.
        drawFirstPage(p, page, data, f, time);
        if (!step(0.3)) {
            cancelled = true;
        }

        // Page 2: every figure, and the admission and error charts.
        double yy = 0;
        const QFontMetricsF fm(body, &writer);
        const auto line = [&](const QString& text) {
            p.drawText(QPointF(0, yy + fm.ascent()), text);
            yy += fm.height() * 1.35;
        };
        QFont bold = body;
        bold.setBold(true);
        if (!cancelled) {
            writer.newPage();
            p.setFont(bold);
            line("Summary figures");
            p.setFont(body);
            QList<std::pair<QString, QString>> rows{
                {"Peak waiting", count(f.peakWaiting) + " at " + time.clockSeconds(f.peakAt)},
                {"Longest realised wait", reportDuration(f.longestWaitSeconds)},
                {"95th percentile realised wait", reportDuration(f.p95WaitSeconds)},
                {"Median realised wait", reportDuration(f.medianWaitSeconds)},
                {"Median estimate error",
                 f.medianEstimateError
                     ? kEnglish.toString(*f.medianEstimateError * 100, 'f', 1) + " %"
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
                {"Time at capacity", reportDuration(f.minutesAtCapacity * 60)},
                {"Outage: no data", reportDuration(f.minutesWithoutData * 60)},
                {"Outage: blank pages", reportDuration(f.minutesWithBlankPages * 60)},
                {"Operator actions", QString::number(f.actions)},
                {"Alerts raised", QString::number(f.alertsRaised)},
            };
            for (const auto& [label, value] : rows) {
                p.drawText(QPointF(20, yy + fm.ascent()), label);
                p.drawText(QPointF(w * 0.5, yy + fm.ascent()), value);
                yy += fm.height() * 1.35;
            }
            yy += fm.height() * 0.5;
            line("Wait figures: " + f.waitBasis + ".");
            yy += fm.height();
            // The charts page 1 leaves out, in the room below the figures.
            const std::vector<ChartDefinition>& specs = chartDefinitions();
            const auto [from, to] = reportChartSpan(data, f);
            const double h = (page.height() - yy) / 2;
            for (std::size_t c = 2; c < specs.size() && !cancelled; ++c) {
                drawReportChart(p, QRectF(0, yy + h * static_cast<double>(c - 2), w, h - 10),
                                specs[c], data, from, to, time);
                cancelled = !step(0.3 + 0.2 * static_cast<double>(c - 1));
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
