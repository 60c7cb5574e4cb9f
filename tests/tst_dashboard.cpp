// SPDX-License-Identifier: Apache-2.0
// The dashboard on the offscreen platform: samples from a running simulation reach the
// tiles and the charts, and the charts stay decimated however long the run.
#include "dashboard/control_panel.h"
#include "dashboard/dashboard_window.h"
#include "dashboard/following_spin_box.h"
#include "dashboard/metric_tile.h"
#include "dashboard/tile_board.h"
#include "dashboard/what_if_panel.h"
#include "feed/chart_definitions.h"
#include "own_settings.h"
#include "sim/scenario.h"
#include "sim_fixtures.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineSeries>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace sluice;

using testing::smallNight;

#include "engine/utc_format.h"
#include "series/sample.h"

class TstDashboard : public QObject {
    Q_OBJECT
    QTemporaryDir m_settings; // the tests' own settings, never the user's

private slots:
    void initTestCase() { QVERIFY(sluice::testing::useOwnSettings(m_settings, "tst_dashboard")); }

    void init() { QSettings().clear(); }

    // A projection from the current moment appears dashed on the charts and in the panel
    // and timeline; the run itself keeps its own rate and goes on.
    void whatIfIsDrawnBesideTheRun() {
        const sim::Scenario sc = smallNight({"event.capacity=3000", "backend.capacity=3000"});
        ui::DashboardWindow window(sc);
        window.show();
        window.session().setSpeed(0);
        window.session().step(4000); // past the opening, a long line
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3999, 30'000);
        QTest::qWait(150);
        ui::WhatIfPanel* panel = window.whatIf();
        panel->rateBox()->setValue(900);
        QCOMPARE(*panel->request().change.admissionRatePerMinute, 900);
        QVERIFY(!panel->request().change.capacity.has_value()); // unchanged fields stay out
        QTest::mouseClick(panel->projectButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(panel->resultText().startsWith("Projected ("), 60'000);
        QVERIFY2(panel->resultText().contains("line empty by"), qPrintable(panel->resultText()));
        QTRY_VERIFY_WITH_TIMEOUT(window.charts().projectionPointCount(0) > 0, 5'000);
        QVERIFY(window.charts().projectionPointCount(2) > 0);
        QVERIFY(window.timelineText().contains("what-if ("));
        QCOMPARE(window.charts().projections().size(), 1);
        QCOMPARE(window.charts().projections().front().label, QString("rate 900/min"));
        const auto& projection = window.charts().projections().front().result;
        QCOMPARE(projection.samples.front().admissionRatePerMinute, 900);
        // The charts now reach to the projection's end (the axis rounds up, by at most a
        // twentieth of the span).
        const auto [from, to] = window.charts().visibleRange();
        QVERIFY(to >= projection.samples.back().at);
        QVERIFY(to - projection.samples.back().at <= (to - from) / 15);
        // Hovering a moment after the fork shows the what-if value too.
        const engine::TimeMs later = projection.samples.at(600).at;
        QVERIFY(window.charts().valuesAt(0, later).contains("waiting (what-if: rate 900/min): "));

        window.session().step(10);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 4009, 30'000);
        QCOMPARE(window.store().last().admissionRatePerMinute, 300);
    }

    void alertRulesRaiseAlertsWithMarkers() {
        ui::DashboardWindow window(smallNight());
        window.show();
        QVERIFY(window.timelineText().contains("alert rules: estimate above 180 min"));
        window.setAlertRules(ui::AlertRules{5, 0, 60});
        QVERIFY(window.timelineText().contains("alert rules changed: estimate above 5 min"));
        window.session().setSpeed(0);
        window.session().step(3900);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3899, 30'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("ALERT estimate for a new arrival"),
                                 5'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.tiles().tile(ui::TileBoard::Tile::EstimatedWait)->alert(),
                                 5'000);
        QVERIFY(window.alerts().active(ui::AlertMonitor::Estimate));
        QVERIFY2(window.timelineText().contains("ALERT capacity saturated"),
                 qPrintable(window.timelineText()));
        QTRY_VERIFY_WITH_TIMEOUT(window.tiles().tile(ui::TileBoard::Tile::Sessions)->alert(),
                                 5'000);
        QVERIFY(!window.tiles().tile(ui::TileBoard::Tile::BlankPages)->alert()); // that rule is off
        QVERIFY(window.charts().markerCount() >= 2);

        // An operator action becomes a marker too, readable by hovering it.
        window.controls()->rateBox()->setValue(450);
        QTest::mouseClick(window.controls()->throttleButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("Admission rate 300 → 450 /min"),
                                 10'000);
        QTest::qWait(150);
        const engine::TimeMs at = window.store().last().at;
        QVERIFY2(window.charts().valuesAt(1, at).contains("action: "),
                 qPrintable(window.charts().valuesAt(1, at)));
    }

    void hoverZoomAndPan() {
        ui::DashboardWindow window(smallNight());
        window.show();
        window.session().setSpeed(0);
        window.session().step(3600);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3599, 30'000);
        QTest::qWait(150);
        ui::ChartGrid& charts = window.charts();
        const series::Sample& s = window.store().samples().at(1000);
        const QString tip = charts.valuesAt(0, s.at + 300);
        QVERIFY2(tip.contains(QString("waiting: %1")
                                  .arg(QLocale().toString(qulonglong(s.waiting + s.preQueued)))) ||
                     tip.contains(QString("waiting: %1").arg(s.waiting + s.preQueued)),
                 qPrintable(tip));
        // The time in the event's zone (the night is in Seoul), with UTC beside it.
        QVERIFY2(tip.startsWith(window.eventTime().clockSeconds(s.at) + " (" +
                                QString::fromStdString(engine::formatUtc(s.at)).mid(11, 8) +
                                " UTC)"),
                 qPrintable(tip));
        QVERIFY(tip.contains(" KST ("));

        QVERIFY(charts.following());
        const auto [from, to] = charts.visibleRange();
        charts.zoomBy(2);
        QVERIFY(!charts.following());
        const auto zoomed = charts.visibleRange();
        QVERIFY(std::llabs((zoomed.second - zoomed.first) - (to - from) / 2) <= 1);
        charts.panBy(-0.5);
        QVERIFY(charts.visibleRange().first < zoomed.first);
        // New samples do not move a zoomed view.
        const auto before = charts.visibleRange();
        window.session().step(60);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3659, 30'000);
        QTest::qWait(150);
        QCOMPARE(charts.visibleRange(), before);
        charts.follow();
        QVERIFY(charts.following());
        const auto whole = charts.visibleRange();
        QCOMPARE(whole.first, window.store().samples().front().at);
        QVERIFY(whole.second >= window.store().last().at);
        QVERIFY(whole.second - window.store().last().at <= (whole.second - whole.first) / 15);
    }

    void settingsPersist() {
        {
            ui::DashboardWindow window(smallNight());
            window.setAlertRules(ui::AlertRules{42, 7, 9});
            window.rememberScenario("seed-night-2021");
            window.rememberScenario("sluice-night-2021");
            window.rememberScenario("seed-night-2021"); // moves to the top, once
            window.show();
            window.close();
        }
        ui::DashboardWindow again(smallNight());
        QCOMPARE(again.alerts().rules(), (ui::AlertRules{42, 7, 9}));
        QCOMPARE(again.recentScenarios(), (QStringList{"seed-night-2021", "sluice-night-2021"}));
        QVERIFY(again.timelineText().contains("alert rules: estimate above 42 min"));
        QVERIFY(QSettings().contains("window/state"));
    }

    void controlsChangeTheEngineAndLandInTheTimeline() {
        const sim::Scenario sc = smallNight();
        ui::DashboardWindow window(sc);
        ui::FeedSession& feed = window.session();
        window.show();
        feed.step(3700); // past the 20:00 opening
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3699, 30'000);
        QCOMPARE(window.controls()->rateBox()->value(), 300); // follows the run
        window.controls()->rateBox()->setValue(450);
        QTest::mouseClick(window.controls()->throttleButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("Admission rate 300 → 450 /min"),
                                 10'000);
        // A pause is a large change: nothing happens until it is confirmed.
        QTest::mouseClick(window.controls()->pauseButton(), Qt::LeftButton);
        QMessageBox* confirm = window.controls()->pendingConfirmation();
        QVERIFY(confirm != nullptr);
        QVERIFY(confirm->text().contains("pause all admissions"));
        QTest::qWait(300);
        QVERIFY(!window.timelineText().contains("Admissions paused"));
        confirm->button(QMessageBox::Apply)->click();
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("Admissions paused"), 10'000);
        QVERIFY(window.timelineText().contains("confirmed: pause all admissions"));
        feed.step(3);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3702, 10'000);
        const series::Sample& last = window.store().last();
        QCOMPARE(last.admissionRatePerMinute, 450);
        QVERIFY(last.paused);
        QCOMPARE(last.admitsPerSecond, 0.0);
    }

    // Large changes ask first (and a "no" changes nothing); one step of undo restores what
    // the last change replaced.
    void largeChangesAskFirstAndUndoRestores() {
        const sim::Scenario sc = smallNight();
        ui::DashboardWindow window(sc);
        ui::FeedSession& feed = window.session();
        window.show();
        feed.step(3700);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3699, 30'000);
        ui::ControlPanel& panel = *window.controls();
        QVERIFY(!panel.canUndo());
        // 300 → 400: not large, applied at once.
        panel.rateBox()->setValue(400);
        QTest::mouseClick(panel.throttleButton(), Qt::LeftButton);
        QVERIFY(panel.pendingConfirmation() == nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("Admission rate 300 → 400 /min"),
                                 10'000);
        feed.step(2);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().last().admissionRatePerMinute == 400, 10'000);
        // 400 → 4,000: large; declined, nothing happens.
        panel.rateBox()->setValue(4000);
        QTest::mouseClick(panel.throttleButton(), Qt::LeftButton);
        QVERIFY(panel.pendingConfirmation() != nullptr);
        QVERIFY(panel.pendingConfirmation()->text().contains("admission rate 400 → 4,000"));
        panel.pendingConfirmation()->button(QMessageBox::Cancel)->click();
        QVERIFY(window.timelineText().contains("not applied: admission rate 400 → 4,000"));
        feed.step(2);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3703, 10'000);
        QCOMPARE(window.store().last().admissionRatePerMinute, 400);
        // Capacity halved: large; confirmed; then undone.
        const int capacity = window.store().last().capacity;
        panel.capacityBox()->setValue(capacity / 2);
        QTest::mouseClick(panel.capacityButton(), Qt::LeftButton);
        QVERIFY(panel.pendingConfirmation() != nullptr);
        panel.pendingConfirmation()->button(QMessageBox::Apply)->click();
        feed.step(2);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().last().capacity == capacity / 2, 10'000);
        QVERIFY(panel.canUndo());
        QTest::mouseClick(panel.undoButton(), Qt::LeftButton);
        QVERIFY(!panel.canUndo());
        feed.step(2);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().last().capacity == capacity, 10'000);
        QCOMPARE(window.store().last().admissionRatePerMinute, 400); // untouched by the undo
        QVERIFY(window.timelineText().contains("undo: back to the values before the last change"));
    }

    // File > Export incident report: written on its own thread while the window goes on.
    void incidentReportFromTheConsole() {
        ui::DashboardWindow window(smallNight());
        window.show();
        window.session().step(3700);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3699, 30'000);
        QTemporaryDir dir;
        QSignalSpy finished(&window, &ui::DashboardWindow::reportFinished);
        window.exportReport(dir.path());
        QVERIFY(window.reportInProgress());
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30'000);
        QCOMPARE(finished.first().at(1).toString(), QString());
        QVERIFY(!window.reportInProgress());
        QFile pdf(dir.filePath("report.pdf"));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        for (const char* name : {"series.csv", "series.json", "audit.json", "figures.json"}) {
            QVERIFY2(QFile::exists(dir.filePath(name)), name);
        }
        QVERIFY(window.timelineText().contains("report written to"));
    }

    // Issue 18, item 11: a simulated night's figures.json counts the gate's refusals by
    // reason, as the engine did, and the reasons add up to the rejected total (none left
    // "unattributed").
    void simulatedRejectionsByReasonInFigures() {
        ui::DashboardWindow window(smallNight({"clients.cheaterShare=0.05"}));
        ui::FeedSession& feed = window.session();
        window.show();
        feed.setSpeed(0);
        feed.step(3 * 3600);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3 * 3600 - 1, 60'000);
        QTest::qWait(100); // the batch after the last samples, if any
        QVERIFY(window.store().last().rejectedTokensTotal > 0);
        QTemporaryDir dir;
        QString error;
        QVERIFY2(window.exportData(dir.path(), &error), qPrintable(error));
        QFile figures(dir.filePath("figures.json"));
        QVERIFY(figures.open(QIODevice::ReadOnly));
        const QJsonObject f = QJsonDocument::fromJson(figures.readAll()).object();
        const QJsonObject reasons = f["rejectedTokensByReason"].toObject();
        QVERIFY2(!reasons.isEmpty(), qPrintable(QJsonDocument(f).toJson()));
        QVERIFY2(!reasons.contains("unattributed"), qPrintable(QJsonDocument(f).toJson()));
        double byReason = 0;
        for (auto it = reasons.begin(); it != reasons.end(); ++it) {
            QVERIFY2(it.value().toDouble() > 0, qPrintable(it.key()));
            byReason += it.value().toDouble();
        }
        QVERIFY(f["rejectedTokens"].toDouble() > 0);
        QCOMPARE(byReason, f["rejectedTokens"].toDouble());
    }

    void brokenScenarioShowsAnErrorAndKeepsTheRun() {
        const sim::Scenario sc = smallNight();
        ui::DashboardWindow window(sc);
        window.show();
        window.session().step(600);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 599, 30'000);
        const QString title = window.windowTitle();
        QTemporaryDir dir;
        const QString broken = dir.filePath("broken.json");
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "sluice-scenario/1", "name": "x", "event": {"capacity": "many"}})");
        f.close();
        QString error;
        QVERIFY(!window.openScenario(broken, &error));
        QVERIFY2(error.contains("event.capacity"), qPrintable(error));
        auto* box = window.findChild<QMessageBox*>("scenarioError");
        QVERIFY(box != nullptr);
        QVERIFY(box->text().contains("event.capacity"));
        QCOMPARE(window.windowTitle(), title);
        // The run goes on where it was.
        window.session().step(60);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 659, 30'000);

        // A good one replaces the run.
        QVERIFY(window.openScenario("seed-night-2021", &error));
        QVERIFY(window.store().samples().empty());
        QVERIFY(window.windowTitle().contains("as it happened"));
        window.session().step(30);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 29, 30'000);
    }

    // The charts on screen are the one definition the report draws too: same titles, same
    // lines (names with their scale, colours), in the same order.
    void chartsAreTheSharedDefinition() {
        ui::DashboardWindow window(smallNight());
        const auto& definitions = ui::chartDefinitions();
        QCOMPARE(static_cast<int>(definitions.size()), ui::ChartGrid::kCharts);
        for (int c = 0; c < ui::ChartGrid::kCharts; ++c) {
            const ui::ChartDefinition& d = definitions[static_cast<std::size_t>(c)];
            QChart* chart = window.charts().view(c)->chart();
            QCOMPARE(chart->title(), d.title);
            QStringList onScreen;
            QList<QRgb> colours;
            for (QAbstractSeries* series : chart->series()) {
                auto* line = qobject_cast<QLineSeries*>(series);
                if (line != nullptr && !line->name().endsWith("(what-if)") &&
                    !onScreen.contains(line->name())) {
                    onScreen << line->name();
                    colours << line->pen().color().rgb();
                }
            }
            QStringList defined;
            QList<QRgb> definedColours;
            for (const ui::ChartLine& line : d.lines) {
                defined << line.label();
                definedColours << (0xff000000u | line.rgb);
            }
            QCOMPARE(onScreen, defined);
            QCOMPARE(colours, definedColours);
        }
        // The console's choices where the console and the report used to differ.
        QCOMPARE(definitions[0].lines[1].label(), QString("joins/s × 10"));
        QCOMPARE(definitions[3].lines[2].label(), QString("refused"));
    }

    void samplesReachTilesAndCharts() {
        const sim::Scenario sc = smallNight();
        ui::DashboardWindow window(sc);
        ui::FeedSession& feed = window.session();
        window.show();
        feed.setSpeed(0);
        feed.step(3 * 3600);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3 * 3600 - 1, 60'000);
        QTest::qWait(250); // a repaint tick
        for (int chart = 0; chart < 4; ++chart) {
            const int points = window.chartPointCount(chart);
            QVERIFY2(points > 0, qPrintable(QString("chart %1 is empty").arg(chart)));
            // 10,800 samples, each line decimated to at most kMaxChartPoints.
            QVERIFY2(points <= window.charts().lineCount(chart) * ui::ChartGrid::kMaxChartPoints,
                     qPrintable(QString::number(points)));
            QVERIFY(points >= window.charts().lineCount(chart) * ui::ChartGrid::kMaxChartPoints /
                                  2); // one or two a bucket
        }
        QVERIFY(window.store().last().bookedTotal > 0);

        // Export writes files that parse back with every sample in them.
        QTemporaryDir dir;
        QString error;
        QVERIFY2(window.exportData(dir.path(), &error), qPrintable(error));
        QFile csv(dir.filePath("series.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QCOMPARE(static_cast<std::size_t>(lines.size()), window.store().samples().size() + 1);
        QVERIFY(lines[0].startsWith("time_utc,t_seconds,waiting"));
        QFile json(dir.filePath("series.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject doc = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(doc["format"].toString(), QString("sluice-series/1"));
        QCOMPARE(static_cast<std::size_t>(doc["columns"].toObject()["waiting"].toArray().size()),
                 window.store().samples().size());
        QFile audit(dir.filePath("audit.json"));
        QVERIFY(audit.open(QIODevice::ReadOnly));
        QVERIFY(QJsonDocument::fromJson(audit.readAll()).isArray());
    }
};

QTEST_MAIN(TstDashboard)
#include "tst_dashboard.moc"
