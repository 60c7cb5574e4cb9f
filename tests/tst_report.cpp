// SPDX-License-Identifier: Apache-2.0
// Incident reports, checked by reading them back as a person would: the PDF rendered with
// pdftoppm (its pages exist) and its text extracted with pdftotext (the figures are on
// them, and its charts are the console's). From made-up samples with known figures, from a
// simulated run via `sluice-sim report`, and from a real sluiced's recorded history.
// Cancelling leaves nothing behind.
#include "feed/chart_definitions.h"
#include "feed/what_if.h"
#include "report/pdf_report.h"
#include "report/report_first_page.h"
#include "report/what_if_outcome.h"
#include "series/series_csv.h"
#include "sim/sim_output.h"
#include "sluiced_node.h"

#include <QDir>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <span>

using namespace sluice;

namespace {

QString run(const QString& program, const QStringList& args, int* exitCode = nullptr) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    p.waitForFinished(120'000);
    if (exitCode != nullptr) {
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }
    return QString::fromUtf8(p.readAll());
}

QString pdfText(const QString& pdf) {
    return run("pdftotext", {"-layout", pdf, "-"});
}

// Pages pdftoppm renders (each one a PNG that is not blank).
int renderedPages(const QString& pdf, const QString& dir) {
    run("pdftoppm", {"-r", "40", "-png", pdf, dir + "/page"});
    int pages = 0;
    for (const QString& png : QDir(dir).entryList({"page*.png"})) {
        const QImage image(QDir(dir).filePath(png));
        if (!image.isNull() && image.width() > 100) {
            ++pages;
        }
    }
    return pages;
}

// Page 1 of `pdf`, rendered by pdftoppm at 60 dpi.
QImage firstPage(const QString& pdf, const QString& dir) {
    run("pdftoppm", {"-f", "1", "-l", "1", "-r", "60", "-png", "-singlefile", pdf, dir + "/one"});
    return QImage(dir + "/one.png").convertToFormat(QImage::Format_RGB32);
}

// A box of page 1 given as shares of the printable page (inside the report's 15 mm
// margins on A4), in the rendered image's pixels.
QRect box(const QImage& page, const QRectF& share) {
    const double mx = page.width() * 15.0 / 210.0, my = page.height() * 15.0 / 297.0;
    const double w = page.width() - 2 * mx, h = page.height() - 2 * my;
    return QRectF(mx + share.left() * w, my + share.top() * h, share.width() * w,
                  share.height() * h)
        .toAlignedRect()
        .intersected(page.rect());
}

// The share of pixels in `r` that are not white.
double inkShare(const QImage& page, const QRect& r) {
    int ink = 0;
    for (int y = r.top(); y <= r.bottom(); ++y) {
        for (int x = r.left(); x <= r.right(); ++x) {
            ink += qGray(page.pixel(x, y)) < 230 ? 1 : 0;
        }
    }
    return static_cast<double>(ink) / std::max(1, r.width() * r.height());
}

// Pixels in `r` close to the colour 0xRRGGBB (anti-aliasing blurs the rest).
int countColour(const QImage& page, const QRect& r, QRgb rgb) {
    int n = 0;
    for (int y = r.top(); y <= r.bottom(); ++y) {
        for (int x = r.left(); x <= r.right(); ++x) {
            const QRgb c = page.pixel(x, y);
            n += std::abs(qRed(c) - qRed(rgb)) + std::abs(qGreen(c) - qGreen(rgb)) +
                             std::abs(qBlue(c) - qBlue(rgb)) <
                         60
                     ? 1
                     : 0;
        }
    }
    return n;
}

// Two hours of a night with known figures: 5,000 at the peak, admissions of 10 a second
// whose wait grows from 10 to 70 minutes, a 5-minute gap (nodes down), blank pages for
// 2 minutes, the protected site full for 30 minutes.
ui::ReportData madeUpNight() {
    ui::ReportData d;
    d.title = "test night";
    d.source = "made up for the test";
    const engine::TimeMs start = 1'626'692'400'000; // 2021-07-19 11:00 UTC
    for (int i = 0; i < 7200; ++i) {
        if (i >= 3000 && i < 3300) {
            continue; // the gap
        }
        series::Sample s;
        s.at = start + i * 1000LL;
        s.waiting = static_cast<std::uint64_t>(i <= 1800 ? i * 5000 / 1800 : 5000 - (i - 1800) / 2);
        s.joinsPerSecond = i < 1800 ? 2.8 : 0.1;
        s.admitsPerSecond = 10;
        s.admissionRatePerMinute = 600;
        s.capacity = 1000;
        s.activeSessions = i >= 600 && i < 2400 ? 1000 : 500;
        s.realisedWaitSeconds = 600 + i * 3600.0 / 7200;
        s.shownEstimateSeconds = s.realisedWaitSeconds; // a perfect estimate, due later
        s.backendErrors = i >= 4000 && i < 4120 ? 3 : 0;
        s.bookedTotal = static_cast<std::uint64_t>(i * 9);
        s.gaveUpTotal = static_cast<std::uint64_t>(i / 10);
        s.rejectedTokensTotal = static_cast<std::uint64_t>(i / 100);
        d.samples.push_back(s);
    }
    d.audit.push_back({start + 900'000, "ana", "admissionRatePerMinute", "500", "600"});
    d.alerts.push_back({start + 1'800'000, true, "ALERT estimate above 60 min"});
    d.tokenRejectionsByReason = {{"badSignature", 40}, {"expired", 31}};
    return d;
}

} // namespace

class TstReport : public QObject {
    Q_OBJECT
private slots:
    void aSimulationsWhatIfIsFiguredInPlaceAsOverTheWholeNight() {
        // A simulation's what-if row reads the run up to the fork and the projection in place
        // (no copy of the night on the GUI thread): its figures must be those of the night
        // laid end to end. A run that peaks before the fork, a projection that empties the
        // line; gaps, capacity and blank pages on both sides of the fork.
        std::vector<series::Sample> run;
        const engine::TimeMs t0 = 1'626'688'800'000;
        for (int i = 0; i < 3600; ++i) {
            series::Sample x;
            x.at = t0 + engine::TimeMs{i} * 1000 + (i > 1500 ? 60'000 : 0); // a gap at 1500
            x.waiting = static_cast<std::uint64_t>(i < 600 ? i * 10 : std::max(0, 6000 - i));
            x.joinsPerSecond = i < 3000 ? 5 : 0;
            x.admitsPerSecond = 3;
            x.realisedWaitSeconds = 100 + i % 50;
            x.capacity = 100;
            x.activeSessions = i % 7 == 0 ? 100 : 10;
            x.backendErrors = i % 11 == 0 ? 1 : 0;
            run.push_back(x);
        }
        const engine::TimeMs fork = run[2000].at;
        QList<series::Sample> projected;
        for (int i = 1; i <= 3000; ++i) {
            series::Sample x = run[2000];
            x.at = fork + engine::TimeMs{i} * 1000;
            x.waiting = static_cast<std::uint64_t>(std::max(0, 2000 - 2 * i));
            x.joinsPerSecond = i < 900 ? 2 : 0;
            x.activeSessions = i % 5 == 0 ? 100 : 10;
            projected.append(x);
        }
        ui::WhatIfResult r = ui::summarizeProjection(fork, projected);
        sim::SimSummary summary;
        summary.admitted = 1234;
        summary.booked = 1200;
        summary.gaveUp = 34;
        summary.waitSeconds.p90 = 321;
        r.summary = summary;
        const ui::WhatIfOutcome o = ui::projectionOutcome("x", 0x123456, r, run);

        std::vector<series::Sample> night(run.begin(), run.begin() + 2001);
        night.insert(night.end(), projected.begin(), projected.end());
        const ui::ReportFigures f = ui::computeFigures(night, summary);
        QCOMPARE(o.peakWaiting, f.peakWaiting);
        QCOMPARE(o.peakAt, f.peakAt);
        QCOMPARE(o.peakAt, run[599].at); // before the fork
        QCOMPARE(o.until, f.to);
        QCOMPARE(o.admitted, std::uint64_t{1234});
        QCOMPARE(o.booked, std::uint64_t{1200});
        QCOMPARE(o.p90WaitSeconds, 321.0);
        QCOMPARE(o.emptyAt, ui::lineEmptyAt(night, f.peakAt));
        QVERIFY(o.emptyAt.has_value());
        QCOMPARE(o.samples.size(), projected.size());
        const ui::ReportFigures inPlace = ui::computeFigures(
            std::span(night).first(2001), std::span(night).subspan(2001), summary);
        QCOMPARE(inPlace.minutesAtCapacity, f.minutesAtCapacity);
        QCOMPARE(inPlace.minutesWithBlankPages, f.minutesWithBlankPages);
        QCOMPARE(inPlace.minutesWithoutData, f.minutesWithoutData);
        QVERIFY(f.minutesWithoutData > 0.9); // the gap is in the run
        QCOMPARE(inPlace.from, f.from);
    }

    void figuresFromSamples() {
        const ui::ReportData d = madeUpNight();
        const ui::ReportFigures f = ui::computeFigures(d);
        QCOMPARE(f.peakWaiting, std::uint64_t{5000});
        QCOMPARE(f.minutesWithoutData, 5.0);
        QCOMPARE(f.minutesWithBlankPages, 2.0);
        QCOMPARE(f.minutesAtCapacity, 30.0);
        QCOMPARE(f.admitted, std::uint64_t{69000});
        QCOMPARE(f.booked, std::uint64_t{7199 * 9});
        QVERIFY(std::abs(f.longestWaitSeconds - (600 + 7199 * 0.5)) < 1e-6);
        QVERIFY(std::abs(f.p95WaitSeconds - 4020) < 40); // 95% of admissions, evenly spread
        QVERIFY(f.medianEstimateError.has_value());
        // The estimate at t is compared with the wait realised when it comes due (later and
        // longer here): an error of about a tenth.
        QVERIFY(*f.medianEstimateError > 0.05 && *f.medianEstimateError < 0.4);
        QCOMPARE(f.actions, 1);
        QCOMPARE(f.alertsRaised, 1);
    }

    void pdfPagesCarryTheFigures() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        double last = 0;
        int calls = 0;
        bool forward = true;
        const QString error =
            ui::writeReportBundle(madeUpNight(), dir.path(), [&](double x) -> bool {
                forward = forward && x >= last;
                last = x;
                ++calls;
                return true;
            });
        QVERIFY(forward); // progress only goes forward
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(last, 1.0);
        QVERIFY(calls >= 4);
        for (const char* name : {"report.pdf", "series.csv", "series.json", "audit.json",
                                 "alerts.json", "figures.json"}) {
            QVERIFY2(QFile::exists(dir.filePath(name)), name);
        }
        QVERIFY(renderedPages(dir.filePath("report.pdf"), dir.path()) >= 3);
        const QString text = pdfText(dir.filePath("report.pdf"));
        for (const QString& expected :
             {QString("Sluice incident report"), QString("test night"), QString("Peak waiting"),
              QString("5,000 at 11:30:00 UTC"), QString("69,000"), QString("Outage: no data"),
              QString("5 min"), QString("Time at capacity"), QString("30 min"),
              QString("rejected: badSignature"), QString("ana: Admission rate 500 → 600 /min"),
              QString("ALERT estimate above 60 min")}) {
            QVERIFY2(text.contains(expected), qPrintable("missing: " + expected + "\n" + text));
        }
        // The charts are the console's (one definition): its titles and lines, scale included.
        for (const ui::ChartDefinition& chart : ui::chartDefinitions()) {
            QVERIFY2(text.contains(chart.title), qPrintable("missing chart: " + chart.title));
            for (const ui::ChartLine& line : chart.lines) {
                QVERIFY2(text.contains(line.label()), qPrintable("missing line: " + line.label()));
            }
        }
        QVERIFY(text.contains("joins/s × 10"));
        QVERIFY(!text.contains("× 60")); // what the report once drew, unlike the screen
        // The data beside it reads back.
        QFile csv(dir.filePath("series.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(series::readSeriesCsv(csv.readAll().toStdString()).value().size(),
                 madeUpNight().samples.size());
    }

    // Issue 18, item 11: the timeline has what the console's had — confirmations, refusals,
    // what-ifs, an undo told as an undo — long lines wrapped whole, and figures.json's
    // rejected tokens add up by reason.
    void theTimelineIsWholeAndTheFiguresAgree() {
        ui::ReportData d = madeUpNight();
        const engine::TimeMs start = d.samples.front().at;
        d.tokenRejectionsByReason.clear(); // a simulation's samples: a total, no reasons
        const std::string longMessage =
            "We are sorry: the booking site is slower than planned tonight. Your place in the "
            "line is kept if you close this page or lose the connection; please do not open "
            "several tabs, it does not move you forward and it slows everyone down. The next "
            "update comes at half past, and the last word of this message is ZEBRAFINCH";
        d.audit.push_back({start + 1'000'000, "ana", "message", "", longMessage});
        d.audit.push_back({start + 1'100'000, "ana", "admissionRatePerMinute", "600", "300"});
        d.audit.push_back({start + 1'200'000, "ana", "admissionRatePerMinute", "300", "600"});
        d.auditText = {"ana: Admission rate 500 → 600 /min",
                       "ana: Message (none) → “" + QString::fromStdString(longMessage) + "”",
                       "ana: Admission rate 600 → 300 /min",
                       "ana: undo — Admission rate 300 → 600 /min"};
        d.notes = {{start + 1'099'000, false, "confirmed: admission rate 600 → 300 /min"},
                   {start + 1'150'000, false, "refused: capacity: must not be negative"},
                   {start + 1'160'000, false,
                    "what-if (admission rate 300 → 900 /min, 1 hour): peak 4,000 waiting"},
                   {start + 1'199'000, false, "undo: back to the values before the last change"}};
        QTemporaryDir dir;
        QCOMPARE(ui::writeReportBundle(d, dir.path(), {}), QString());
        // pdftotext reads the "fi" ligature as one character.
        const QString text = pdfText(dir.filePath("report.pdf")).replace(QChar(0xFB01), "fi");
        for (const QString& expected :
             {QString("confirmed: admission rate 600 → 300 /min"),
              QString("refused: capacity: must not be negative"),
              QString("what-if (admission rate 300 → 900 /min, 1 hour)"),
              QString("undo: back to the values"), QString("ana: undo — Admission rate 300 → 600"),
              QString("ZEBRAFINCH")}) {
            QVERIFY2(text.contains(expected), qPrintable("missing: " + expected + "\n" +
                                                         text.mid(text.indexOf("Timeline"))));
        }
        // The time column and the text beside it: each entry's time starts its line, and
        // the text of every entry starts at the same place.
        QList<qsizetype> starts;
        for (const QString& row : text.split('\n')) {
            const QRegularExpressionMatch m =
                QRegularExpression("^\\s*\\d\\d:\\d\\d:\\d\\d(\\s+)\\S").match(row);
            if (m.hasMatch() && row.contains(": ")) {
                starts << m.capturedEnd(1);
            }
        }
        QVERIFY(starts.size() >= 8);
        QVERIFY2(std::all_of(starts.begin(), starts.end(),
                             [&](qsizetype at) { return at == starts.front(); }),
                 qPrintable(text));
        QFile figures(dir.filePath("figures.json"));
        QVERIFY(figures.open(QIODevice::ReadOnly));
        const QJsonObject f = QJsonDocument::fromJson(figures.readAll()).object();
        double byReason = 0;
        for (const QJsonValue n : f["rejectedTokensByReason"].toObject()) {
            byReason += n.toDouble();
        }
        QVERIFY(f["rejectedTokens"].toDouble() > 0);
        QCOMPARE(byReason, f["rejectedTokens"].toDouble());
    }

    // Issue 17: page 1 is the headline — the event, the window in event time, the key
    // figures, the waiting and wait-estimate charts where firstPageLayout puts them (with the
    // operator's action and the alert marked), and the what-if comparison when there was one.
    // Read back as a person would: page 1's text (pdftotext) and its pixels (pdftoppm).
    void firstPageCarriesTheHeadline() {
        ui::ReportData d = madeUpNight();
        d.timeZone = "Asia/Seoul"; // 11:00 UTC is 20:00 KST
        QTemporaryDir plain;
        QCOMPARE(ui::writeReportBundle(d, plain.path(), {}), QString());
        const QString pdf = plain.filePath("report.pdf");
        const QString one = run("pdftotext", {"-layout", "-f", "1", "-l", "1", pdf, "-"});
        for (const QString& expected :
             {QString("Sluice incident report"), QString("Event: test night"),
              QString("Window: 2021-07-19 20:00:00 KST to 2021-07-19 21:59:59 KST (2 h 0 min)"),
              QString("Asia/Seoul (KST)"), QString("Peak waiting"),
              QString("5,000 at 20:30:00 KST"), QString("Admitted"), QString("69,000"),
              QString("Booked"), QString("64,791"), QString("Time at capacity"), QString("30 min"),
              QString("Outage: no data"), ui::chartDefinitions()[0].title,
              ui::chartDefinitions()[1].title}) {
            QVERIFY2(one.contains(expected), qPrintable("page 1 lacks: " + expected + "\n" + one));
        }
        // The other charts, the full figures and the timeline come after.
        QVERIFY(!one.contains(ui::chartDefinitions()[2].title));
        QVERIFY(!one.contains("What-if comparison"));
        QVERIFY(!one.contains("ana: Admission rate"));

        const ui::FirstPageLayout layout = ui::firstPageLayout(false);
        QImage page = firstPage(pdf, plain.path());
        if (qEnvironmentVariableIsSet("SLUICE_KEEP_REPORT")) { // to look at it
            QFile::copy(pdf, qEnvironmentVariable("SLUICE_KEEP_REPORT") + "-plain.pdf");
        }
        QVERIFY(!page.isNull());
        // Ink in the headline and in both chart boxes; the waiting line (blue) in the upper
        // box, the estimate's (blue too) in the lower; the action's triangle (near black) and
        // the alert's diamond (red) on the upper chart's time axis.
        QVERIFY(inkShare(page, box(page, layout.headline)) > 0.01);
        QVERIFY(countColour(page, box(page, layout.waiting), 0x209fdf) > 50);
        // (A perfect estimate here: the realised line, orange, is drawn over it.)
        QVERIFY(countColour(page, box(page, layout.estimate), 0xf6a625) > 50);
        QVERIFY(countColour(page, box(page, layout.waiting), 0xc81e1e) > 3); // alert
        QVERIFY(countColour(page, box(page, layout.estimate), 0xc81e1e) > 3);
        QVERIFY(countColour(page, box(page, layout.waiting), 0x282828) > 3); // action
        // The lower part of the page is charts, not blank: the estimate box is inked.
        QVERIFY(inkShare(page, box(page, layout.estimate)) > 0.02);

        // With what-ifs kept: the comparison table at the foot of page 1, each what-if
        // dashed in its colour on the waiting chart.
        QList<series::Sample> projected;
        for (const series::Sample& s : d.samples) {
            if (s.at > d.samples.front().at + 2'400'000) {
                series::Sample p = s;
                p.waiting /= 2;
                projected.append(p);
            }
        }
        const ui::WhatIfResult r =
            ui::summarizeProjection(d.samples.front().at + 2'400'000, projected);
        d.whatIfs = {ui::runOutcome(d.samples),
                     ui::projectionOutcome("rate 4,000/min", 0xd62728, r, d.samples)};
        QTemporaryDir compared;
        QCOMPARE(ui::writeReportBundle(d, compared.path(), {}), QString());
        const QString withTable = compared.filePath("report.pdf");
        if (qEnvironmentVariableIsSet("SLUICE_KEEP_REPORT")) {
            QFile::copy(withTable, qEnvironmentVariable("SLUICE_KEEP_REPORT") + "-what-ifs.pdf");
        }
        const QString text = run("pdftotext", {"-layout", "-f", "1", "-l", "1", withTable, "-"});
        for (const QString& expected :
             {QString("What-if comparison"), QString("Peak waiting"), QString("Line empty"),
              QString("p90 wait"), QString("the run"), QString("rate 4,000/min"),
              QString("20:40 KST"), QString("what-if: rate 4,000/min")}) {
            QVERIFY2(text.contains(expected),
                     qPrintable("page 1 lacks: " + expected + "\n" + text));
        }
        const ui::FirstPageLayout withComparison = ui::firstPageLayout(true);
        page = firstPage(withTable, compared.path());
        QVERIFY(inkShare(page, box(page, withComparison.comparison)) > 0.01);
        QVERIFY(countColour(page, box(page, withComparison.comparison), 0xd62728) > 3); // swatch
        QVERIFY(countColour(page, box(page, withComparison.waiting), 0xd62728) > 20);   // dashed
        QVERIFY(countColour(page, box(page, withComparison.estimate), 0xf6a625) > 50);
        QVERIFY(QFile::exists(compared.filePath("what-ifs.csv")));
    }

    void cancellingLeavesNothing() {
        QTemporaryDir dir;
        const ui::ReportData d = madeUpNight();
        const QString error = ui::writePdfReport(
            d, ui::computeFigures(d), dir.filePath("report.pdf"), [](double x) { return x < 0.3; });
        QCOMPARE(error, QString("cancelled"));
        QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
    }

    void headlessFromASimulatedRun() {
        QTemporaryDir dir;
        int code = -1;
        const QString out = run(SLUICE_SIM_PATH,
                                {"run", "sluice-night-2021", "--set", "population.people=60000",
                                 "--until", "7200", "--quiet", "--out", dir.filePath("run")},
                                &code);
        QVERIFY2(code == 0, qPrintable(out));
        const QString log =
            run(SLUICE_SIM_PATH,
                {"report", dir.filePath("run"), "--out", dir.filePath("night.pdf")}, &code);
        QVERIFY2(code == 0, qPrintable(log));
        QVERIFY(log.contains("report: "));
        QVERIFY(QFile::exists(dir.filePath("figures.json")));
        QVERIFY(renderedPages(dir.filePath("night.pdf"), dir.path()) >= 3);
        const QString text = pdfText(dir.filePath("night.pdf"));
        QVERIFY(text.contains("simulation of 19 July 2021"));
        QVERIFY(text.contains("each person's wait, from the simulation"));
        QVERIFY(text.contains("Median estimate error"));
        QVERIFY2(text.contains("rejected: "), qPrintable(text)); // by reason, from summary.json
        // The operator plan's changes are in the timeline (audit.json of the run).
        QVERIFY2(text.contains("ops: Admission rate 5,000"), qPrintable(text));

        // A broken run directory: a clear refusal, no PDF.
        QFile broken(dir.filePath("run/series.csv"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("time_utc,nonsense\n");
        broken.close();
        const QString refused =
            run(SLUICE_SIM_PATH,
                {"report", dir.filePath("run"), "--out", dir.filePath("broken.pdf")}, &code);
        QCOMPARE(code, 2);
        QVERIFY(refused.contains("not the sluice series header"));
        QVERIFY(!QFile::exists(dir.filePath("broken.pdf")));
    }

    void headlessFromANodesHistory() {
        testing::Node node;
        QVERIFY(node.prepare("history-night", false));
        QVERIFY(node.start());
        node.join(7);
        node.admin(testing::request("POST", "/api/v1/admin/controls",
                                    R"({"operator":"ana","capacity":50})"));
        QTest::qWait(3500); // a few seconds of history
        node.process.terminate();
        QVERIFY(node.process.waitForFinished(10'000));
        int code = -1;
        const QString history = node.dir.filePath("history");
        const QString log = run(SLUICE_SIM_PATH, {"report", history}, &code);
        QVERIFY2(code == 0, qPrintable(log));
        const QString text = pdfText(history + "/report.pdf");
        QVERIFY(text.contains("a node's recorded history"));
        QVERIFY(text.contains("ana: Capacity 100 → 50"));
        QVERIFY(text.contains("Peak waiting"));
        QVERIFY2(text.contains("7 at "), qPrintable(text));
    }
};

QTEST_MAIN(TstReport)
#include "tst_report.moc"
