// SPDX-License-Identifier: Apache-2.0
#include "report_command.h"

#include "engine/utc_format.h"
#include "feed/alert_monitor.h"
#include "report/pdf_report.h"
#include "series/audit_json.h"
#include "series/series_csv.h"
#include "sim/sim_results.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <cstdio>

namespace sluice::app {
namespace {

int fail(const QString& message) {
    std::fprintf(stderr, "sluice-sim report: %s\n", qPrintable(message));
    return 2;
}

sim::Distribution distributionOf(const QJsonObject& o) {
    sim::Distribution d;
    d.count = static_cast<std::uint64_t>(o.value("count").toDouble());
    d.mean = o.value("mean").toDouble();
    d.p50 = o.value("p50").toDouble();
    d.p90 = o.value("p90").toDouble();
    d.p95 = o.value("p95").toDouble();
    d.p99 = o.value("p99").toDouble();
    d.max = o.value("max").toDouble();
    return d;
}

} // namespace

int reportCommand(const QStringList& arguments) {
    QCommandLineParser p;
    p.setApplicationDescription(
        "Writes the incident report of a night as a PDF: the event, the time window, summary "
        "figures (peak waiting, longest and p95 realised wait, estimate error, admitted, "
        "booked, abandoned, rejected tokens, time at capacity, outage minutes), the four "
        "charts with operator actions and alerts, and the timeline; figures.json and "
        "alerts.json beside it.\n\n"
        "RUN_DIR holds series.csv (and, when there, audit.json and summary.json): the output of "
        "`sluice-sim run --out RUN_DIR`, or a sluiced node's history (DATA_DIR/history). "
        "Alerts are the console's default rules applied to the samples.");
    p.addHelpOption();
    p.addPositionalArgument("report", "The command.", "report");
    p.addPositionalArgument("RUN_DIR", "A run's directory or a node's history directory.");
    QCommandLineOption out("out", "The PDF to write (default RUN_DIR/report.pdf).", "FILE.pdf");
    QCommandLineOption title("title", "The event's name on the report.", "TEXT");
    QCommandLineOption zone("time-zone",
                            "The event's IANA time zone: the PDF shows times in it (default "
                            "UTC; the data files stay UTC).",
                            "ZONE", "UTC");
    p.addOptions({out, title, zone});
    p.process(arguments);
    const QStringList args = p.positionalArguments().mid(1);
    if (args.size() != 1) {
        return fail("expected one RUN_DIR (see sluice-sim report --help)");
    }
    const QDir dir(args[0]);
    QFile seriesFile(dir.filePath("series.csv"));
    if (!seriesFile.open(QIODevice::ReadOnly)) {
        return fail("cannot read " + seriesFile.fileName() +
                    ": a run directory (sluice-sim run "
                    "--out) or a node's history holds one");
    }
    auto samples = series::readSeriesCsv(seriesFile.readAll().toStdString());
    if (!samples.isOk()) {
        return fail(seriesFile.fileName() + ": " +
                    QString::fromStdString(samples.status().message()));
    }
    if (samples.value().empty()) {
        return fail(seriesFile.fileName() + " holds no samples yet");
    }
    ui::ReportData data;
    data.samples = std::move(samples).value();
    data.title = p.isSet(title) ? p.value(title) : QFileInfo(dir.absolutePath()).fileName();
    data.source = "samples in " + dir.absolutePath();
    data.timeZone = p.value(zone);
    if (QFile audit(dir.filePath("audit.json")); audit.exists()) {
        if (!audit.open(QIODevice::ReadOnly)) {
            return fail("cannot read " + audit.fileName());
        }
        auto entries = series::readAuditJson(audit.readAll().toStdString());
        if (!entries.isOk()) {
            return fail(QString::fromStdString(entries.status().message()));
        }
        data.audit = std::move(entries).value();
    }
    if (QFile summary(dir.filePath("summary.json")); summary.open(QIODevice::ReadOnly)) {
        const QJsonObject s = QJsonDocument::fromJson(summary.readAll()).object();
        if (s.value("format").toString() != "sluice-summary/1") {
            return fail(summary.fileName() + " is not a sluice-sim summary");
        }
        sim::SimSummary sum;
        const QJsonObject people = s.value("people").toObject();
        sum.arrived = static_cast<std::uint64_t>(people.value("arrived").toDouble());
        sum.admitted = static_cast<std::uint64_t>(people.value("admitted").toDouble());
        sum.booked = static_cast<std::uint64_t>(people.value("booked").toDouble());
        sum.gaveUp = static_cast<std::uint64_t>(people.value("gaveUp").toDouble());
        sum.waitSeconds = distributionOf(s.value("waitSeconds").toObject());
        sum.estimateErrorShare = distributionOf(s.value("estimateErrorShare").toObject());
        sum.rejectedTokens = static_cast<std::uint64_t>(
            s.value("totals").toObject().value("rejectedTokens").toDouble());
        data.summary = sum;
        const QJsonObject reasons = s.value("rejectedTokensByReason").toObject();
        for (auto it = reasons.begin(); it != reasons.end(); ++it) {
            data.tokenRejectionsByReason.insert(it.key(),
                                                static_cast<quint64>(it.value().toDouble()));
        }
        if (!p.isSet(title)) {
            data.title = s.value("scenario").toString();
        }
        data.source = "simulation of " + data.title + " (seed " +
                      QString::number(s.value("seed").toInteger()) + "), " + dir.absolutePath();
    } else {
        data.source = "a node's recorded history, " + dir.absolutePath();
    }
    ui::AlertMonitor alerts;
    for (const series::Sample& s : data.samples) {
        for (const ui::AlertEvent& e : alerts.observe(s)) {
            data.alerts.push_back({e.at, e.raised, (e.raised ? "ALERT " : "cleared: ") + e.text});
        }
    }
    const QString pdf = p.isSet(out) ? p.value(out) : dir.filePath("report.pdf");
    QElapsedTimer clock;
    clock.start();
    const ui::ReportFigures figures = ui::computeFigures(data);
    if (const QString error = ui::writePdfReport(data, figures, pdf); !error.isEmpty()) {
        return fail(error);
    }
    const QDir beside = QFileInfo(pdf).absoluteDir();
    QSaveFile json(beside.filePath("figures.json"));
    const QByteArray bytes = ui::figuresJson(figures);
    if (!json.open(QIODevice::WriteOnly) || json.write(bytes) != bytes.size() || !json.commit()) {
        return fail("cannot write " + json.fileName());
    }
    std::fprintf(stderr, "report: %s (%zu samples, %zu actions, %d alerts) in %.2f s\n",
                 qPrintable(pdf), data.samples.size(), data.audit.size(), figures.alertsRaised,
                 static_cast<double>(clock.elapsed()) / 1000.0);
    return 0;
}

} // namespace sluice::app
