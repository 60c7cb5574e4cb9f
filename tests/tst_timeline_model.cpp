// SPDX-License-Identifier: Apache-2.0
// Issue 17, "The timeline and the tiles", on the offscreen platform: the timeline as a model
// (checked by QAbstractItemModelTester) with a row for every operator action, alert, node
// event and what-if; the filter by kind; a selected row marked on every chart of the real
// window; the estimated-wait tile's range and words; the tray notice for an alert raised
// while the window is not in front.
//
// SLUICE_SCREENSHOT_DIR=<dir> saves the window with a row selected (timeline.png).
#include "dashboard/alert_notifier.h"
#include "dashboard/chart_grid.h"
#include "dashboard/control_panel.h"
#include "dashboard/dashboard_window.h"
#include "dashboard/following_spin_box.h"
#include "dashboard/metric_tile.h"
#include "dashboard/run_record.h"
#include "dashboard/tile_board.h"
#include "dashboard/timeline_model.h"
#include "dashboard/timeline_panel.h"
#include "dashboard/what_if_panel.h"
#include "live/node_snapshot.h"
#include "own_settings.h"
#include "series/sample_of.h"
#include "series/series_json.h"
#include "sim_fixtures.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace sluice;
using ui::TimelineItem;
using ui::TimelineKind;
using ui::TimelineModel;

namespace {

constexpr qint64 kT0 = 1'626'688'800'000; // 2021-07-19 10:00:00 UTC

QString testClock(engine::TimeMs at) { // "t+5": seconds after kT0
    return QString("t+%1").arg((at - kT0) / 1000);
}

series::Sample sampleAt(engine::TimeMs at) {
    series::Sample s;
    s.at = at;
    s.capacity = 100;
    s.admissionRatePerMinute = 60;
    s.shownEstimateSeconds = 60;
    return s;
}

// The rows of `model` (through any proxy) whose kind is `kind`.
QList<int> rowsOf(const QAbstractItemModel& model, TimelineKind kind) {
    QList<int> rows;
    for (int r = 0; r < model.rowCount(); ++r) {
        if (model.index(r, TimelineModel::Kind).data().toString() == ui::kindName(kind)) {
            rows << r;
        }
    }
    return rows;
}

// What chart `c` of `charts` would draw at `at` (UTC), by Qt Charts' own mapping: the axis
// plots event time (the small night is in Seoul), so `at` goes onto it first.
qreal expectedX(ui::ChartGrid& charts, int c, engine::TimeMs at) {
    QChart* qc = charts.view(c)->chart();
    return qc->mapToPosition(QPointF(charts.timeAxis().toAxis(at), 0), qc->series().first()).x();
}

} // namespace

class TstTimelineModel : public QObject {
    Q_OBJECT
    QTemporaryDir m_settings; // the tests' own settings, never the user's

private slots:
    void initTestCase() {
        QVERIFY(sluice::testing::useOwnSettings(m_settings, "tst_timeline_model"));
    }

    void init() { QSettings().clear(); }

    // Every kind of line becomes a row with its time (by the clock given), kind, who and what;
    // the model tester watches every insert and the reset.
    void rowsForEveryKind() {
        TimelineModel model(testClock);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.columnCount(), 4);
        QCOMPARE(model.headerData(TimelineModel::What, Qt::Horizontal).toString(),
                 QString("What changed"));
        model.append({0, TimelineKind::Console, {}, "scenario: night"});
        model.append({kT0 + 5000, TimelineKind::Action, "ana", "Admission rate 300 → 450 /min"});
        model.append({kT0 + 6000, TimelineKind::AlertRaised, {}, "capacity saturated"});
        model.append({kT0 + 7000, TimelineKind::Node, "node-a", "live"});
        model.append({kT0 + 8000, TimelineKind::WhatIf, "ana", "what-if (rate 600): peak 3"});
        model.append({kT0 + 9000, TimelineKind::AlertCleared, {}, "capacity saturated"});
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.index(1, TimelineModel::Time).data().toString(), QString("t+5"));
        QCOMPARE(model.index(1, TimelineModel::Kind).data().toString(), QString("operator action"));
        QCOMPARE(model.index(1, TimelineModel::Who).data().toString(), QString("ana"));
        QCOMPARE(model.index(1, TimelineModel::What).data().toString(),
                 QString("Admission rate 300 → 450 /min"));
        QCOMPARE(model.index(2, TimelineModel::Kind).data().toString(), QString("alert raised"));
        QCOMPARE(model.index(3, TimelineModel::Kind).data().toString(), QString("node event"));
        QCOMPARE(model.index(4, TimelineModel::Kind).data().toString(), QString("what-if"));
        QCOMPARE(model.index(5, TimelineModel::Kind).data().toString(), QString("alert cleared"));
        QCOMPARE(model.index(0, TimelineModel::Time).data().toString(), QString()); // no moment
        QCOMPARE(model.index(3, 0).data(TimelineModel::kAtRole).toLongLong(), kT0 + 7000);
        QVERIFY(model.index(2, 0).data(Qt::BackgroundRole).isValid()); // raised stands out
        QVERIFY(!model.index(5, 0).data(Qt::BackgroundRole).isValid());
        // The plain text says it as the old timeline did.
        QCOMPARE(model.plainText(), QString("scenario: night\n"
                                            "t+5  ana: Admission rate 300 → 450 /min\n"
                                            "t+6  ALERT capacity saturated\n"
                                            "t+7  node-a: live\n"
                                            "t+8  ana: what-if (rate 600): peak 3\n"
                                            "t+9  cleared: capacity saturated"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        model.append({kT0, TimelineKind::Node, {}, "gap"});
        QCOMPARE(model.rowCount(), 1);
    }

    // The run's record tells its lines by kind: an operator's change (with who), an alert
    // raised and cleared, a gap in live data (a node event).
    void recordTellsKinds() {
        ui::RunRecord record(ui::AlertRules{0, 0, 0});
        TimelineModel model(testClock);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(&record, &ui::RunRecord::noted, &model, &TimelineModel::append);
        QList<series::Sample> samples;
        for (int i = 0; i < 5; ++i) {
            samples << sampleAt(kT0 + i * 1000);
        }
        series::Sample stopped = sampleAt(kT0 + 60'000); // after a gap; nobody admitted
        stopped.admissionRatePerMinute = 0;
        stopped.waiting = 100;
        samples << stopped;
        record.addSamples(samples);
        record.addAudit({engine::AuditEntry{kT0 + 61'000, "ana @node-a", "admissionRatePerMinute",
                                            "0", "300"}});
        QList<series::Sample> later;
        for (int i = 0; i < 70; ++i) {
            later << sampleAt(kT0 + 61'000 + i * 1000);
        }
        record.addSamples(later);
        QCOMPARE(int(rowsOf(model, TimelineKind::Node).size()), 1);
        QVERIFY(model.item(rowsOf(model, TimelineKind::Node)[0]).what.contains("(gap)"));
        const QList<int> actions = rowsOf(model, TimelineKind::Action);
        QCOMPARE(int(actions.size()), 1);
        QCOMPARE(model.item(actions[0]).who, QString("ana @node-a"));
        QCOMPARE(qint64(model.item(actions[0]).at), kT0 + 61'000);
        QVERIFY2(model.item(actions[0]).what.contains("300"),
                 qPrintable(model.item(actions[0]).what));
        QCOMPARE(int(rowsOf(model, TimelineKind::AlertRaised).size()), 1);
        QCOMPARE(int(rowsOf(model, TimelineKind::AlertCleared).size()), 1);
        QVERIFY(rowsOf(model, TimelineKind::AlertRaised)[0] <
                rowsOf(model, TimelineKind::AlertCleared)[0]);
    }

    // "Show" keeps one kind (alerts: raised and cleared), from the keyboard too; selecting a
    // row tells its moment, a row without one tells nothing.
    void filterByKindAndSelect() {
        TimelineModel model(testClock);
        ui::TimelinePanel panel(&model);
        QAbstractItemModelTester tester(panel.shown(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.append({0, TimelineKind::Console, {}, "scenario: night"});
        model.append({kT0 + 1000, TimelineKind::Action, "ana", "rate"});
        model.append({kT0 + 2000, TimelineKind::AlertRaised, {}, "saturated"});
        model.append({kT0 + 3000, TimelineKind::Node, "node-a", "stale"});
        model.append({kT0 + 4000, TimelineKind::AlertCleared, {}, "saturated"});
        model.append({kT0 + 5000, TimelineKind::WhatIf, "ana", "what-if"});
        QCOMPARE(panel.shown()->rowCount(), 6);
        panel.setGroup("alerts");
        QCOMPARE(panel.filterBox()->currentText(), QString("Alerts"));
        QCOMPARE(panel.shown()->rowCount(), 2);
        QCOMPARE(panel.shown()->index(1, TimelineModel::Kind).data().toString(),
                 QString("alert cleared"));
        model.append({kT0 + 6000, TimelineKind::AlertRaised, {}, "estimate"}); // shown as it comes
        model.append({kT0 + 7000, TimelineKind::Action, "bob", "message"});    // not shown
        QCOMPARE(panel.shown()->rowCount(), 3);
        // From the keyboard: the next kind down the list.
        panel.filterBox()->setFocus();
        QTest::keyClick(panel.filterBox(), Qt::Key_Down);
        QCOMPARE(panel.group(), QString("nodes"));
        QCOMPARE(panel.shown()->rowCount(), 1);
        QCOMPARE(panel.shown()->index(0, TimelineModel::Who).data().toString(), QString("node-a"));
        panel.setGroup("what-ifs");
        QCOMPARE(panel.shown()->rowCount(), 1);
        panel.setGroup("actions");
        QCOMPARE(panel.shown()->rowCount(), 2);
        panel.setGroup(QString());
        QCOMPARE(panel.shown()->rowCount(), 8);

        QList<qint64> moments;
        connect(&panel, &ui::TimelinePanel::momentSelected, this,
                [&](qint64 at) { moments << at; });
        panel.view()->setCurrentIndex(panel.shown()->index(3, 0));
        QCOMPARE(moments, QList<qint64>{kT0 + 3000});
        panel.view()->setCurrentIndex(panel.shown()->index(0, 0)); // no moment: nothing told
        QCOMPARE(int(moments.size()), 1);
        panel.setGroup("alerts");
        panel.view()->setCurrentIndex(panel.shown()->index(2, 1));
        QCOMPARE(moments.last(), kT0 + 6000);
    }

    // The real window: actions, alerts and a what-if become rows; selecting one (mouse or
    // keyboard) draws its moment on each chart where Qt Charts maps that time.
    void selectingARowMarksEveryChart() {
        ui::DashboardWindow window(testing::smallNight());
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ui::TimelinePanel& panel = *window.timeline();
        QAbstractItemModelTester tester(panel.shown(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        window.setAlertRules(ui::AlertRules{5, 0, 60});
        window.session().setSpeed(0);
        window.session().step(3900);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3899, 30'000);
        window.controls()->rateBox()->setValue(450);
        QTest::mouseClick(window.controls()->throttleButton(), Qt::LeftButton);
        const TimelineModel& model = *panel.model();
        QTRY_VERIFY_WITH_TIMEOUT(!rowsOf(model, TimelineKind::Action).isEmpty() &&
                                     model.plainText().contains("Admission rate 300 → 450 /min"),
                                 10'000);
        window.whatIf()->rateBox()->setValue(600);
        QTest::mouseClick(window.whatIf()->projectButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!rowsOf(model, TimelineKind::WhatIf).isEmpty(), 60'000);
        QVERIFY(!rowsOf(model, TimelineKind::AlertRaised).isEmpty());
        QVERIFY(!rowsOf(model, TimelineKind::Console).isEmpty());
        const int audit = rowsOf(model, TimelineKind::Action).last();
        QCOMPARE(model.item(audit).who, window.controls()->operatorName());
        QCOMPARE(window.timelineText(), model.plainText());
        QTest::qWait(600); // every chart redrawn

        ui::ChartGrid& charts = window.charts();
        const int alert = rowsOf(model, TimelineKind::AlertRaised).first();
        const engine::TimeMs alertAt = model.item(alert).at;
        panel.view()->scrollTo(panel.shown()->index(alert, 1));
        QTest::mouseClick(panel.view()->viewport(), Qt::LeftButton, {},
                          panel.view()->visualRect(panel.shown()->index(alert, 1)).center());
        QCOMPARE(charts.moment().value_or(-1), qint64(alertAt));
        for (int c = 0; c < ui::ChartGrid::kCharts; ++c) {
            QVERIFY2(std::abs(charts.momentX(c) - expectedX(charts, c, alertAt)) < 1.0,
                     qPrintable(QString("chart %1: moment at x %2, %3 expected")
                                    .arg(c)
                                    .arg(charts.momentX(c))
                                    .arg(expectedX(charts, c, alertAt))));
        }
        // The keyboard: Ctrl+End goes to the last row (the what-if, at its fork).
        panel.view()->setFocus();
        QTest::keyClick(panel.view(), Qt::Key_End, Qt::ControlModifier);
        const engine::TimeMs lastAt = model.item(model.rowCount() - 1).at;
        QCOMPARE(charts.moment().value_or(-1), qint64(lastAt));
        for (int c = 0; c < ui::ChartGrid::kCharts; ++c) {
            QVERIFY(std::abs(charts.momentX(c) - expectedX(charts, c, lastAt)) < 1.0);
        }
        // Zoomed in away from the moment: the window moves to show it.
        charts.zoomBy(8);
        panel.view()->setCurrentIndex(panel.shown()->index(alert, 0));
        const auto [from, to] = charts.visibleRange();
        QVERIFY(from <= alertAt && alertAt <= to);
        for (int c = 0; c < ui::ChartGrid::kCharts; ++c) {
            QVERIFY(std::abs(charts.momentX(c) - expectedX(charts, c, alertAt)) < 1.0);
        }
        // SLUICE_SCREENSHOT_DIR=dir: the window as it is now (a row selected, its moment on
        // the charts), to look at.
        if (const QString dir = qEnvironmentVariable("SLUICE_SCREENSHOT_DIR"); !dir.isEmpty()) {
            QTest::qWait(300);
            QVERIFY(window.grab().save(dir + "/timeline.png"));
        }
        // Every kind, time and who is readable whole (the columns grew to fit).
        const QFontMetrics metrics(panel.view()->font());
        for (int r = 0; r < model.rowCount(); ++r) {
            for (const int c : {TimelineModel::Time, TimelineModel::Kind, TimelineModel::Who}) {
                QVERIFY(metrics.horizontalAdvance(model.index(r, c).data().toString()) <
                        panel.view()->columnWidth(c));
            }
        }
        // Filtered to alerts in the window: only alerts.
        panel.setGroup("alerts");
        QVERIFY(panel.shown()->rowCount() > 0);
        QCOMPARE(panel.shown()->rowCount(), int(rowsOf(model, TimelineKind::AlertRaised).size() +
                                                rowsOf(model, TimelineKind::AlertCleared).size()));

        // The estimate's range on its tile, and its words.
        const series::Sample& last = window.store().last();
        QVERIFY(series::hasFigure(last.estimateLowSeconds));
        QVERIFY(last.estimateLowSeconds < last.estimateHighSeconds);
        QTRY_VERIFY_WITH_TIMEOUT(window.tiles()
                                     .tile(ui::TileBoard::Tile::EstimatedWait)
                                     ->value()
                                     .contains(QChar(0x2013)),
                                 5'000);
    }

    void estimateTileWords_data() {
        QTest::addColumn<double>("shown");
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        QTest::addColumn<bool>("paused");
        QTest::addColumn<QString>("text");
        const double none = series::kNoFigure;
        QTest::newRow("range") << 44.0 * 60 << 35.0 * 60 << 52.0 * 60 << false
                               << QString("35–52 min");
        QTest::newRow("hours") << 4.0 * 3600 << 3 * 3600.0 + 600 << 4 * 3600.0 + 2400 << false
                               << QString("3.2–4.7 h");
        QTest::newRow("many hours")
            << 50.0 * 3600 << 44.6 * 3600 << 61.2 * 3600 << false << QString("45–61 h");
        QTest::newRow("no range") << 44.0 * 60 << none << none << false << QString("44 min");
        QTest::newRow("one minute") << 60.0 << 50.0 << 70.0 << false << QString("1 min");
        QTest::newRow("no wait") << 0.0 << 0.0 << 0.0 << false << QString("no wait");
        QTest::newRow("paused") << none << none << none << true << QString("paused");
        QTest::newRow("unknown") << none << none << none << false << QString("unknown");
    }

    void estimateTileWords() {
        QFETCH(double, shown);
        QFETCH(double, low);
        QFETCH(double, high);
        QFETCH(bool, paused);
        QFETCH(QString, text);
        series::Sample s;
        s.shownEstimateSeconds = shown;
        s.estimateLowSeconds = low;
        s.estimateHighSeconds = high;
        s.paused = paused;
        QCOMPARE(ui::TileBoard::estimateText(s), text);
        ui::TileBoard board;
        board.show(s, ui::AlertMonitor{}, ui::InForce{});
        QCOMPARE(board.tile(ui::TileBoard::Tile::EstimatedWait)->value(), text);
        QCOMPARE(board.tile(ui::TileBoard::Tile::EstimatedWait)->detail().isEmpty(),
                 !text.contains(QChar(0x2013)));
    }

    // The sample carries the engine's range; not under the old agent's arithmetic.
    void sampleCarriesTheRange() {
        engine::MetricsSnapshot m;
        m.newArrivalWait.known = true;
        m.newArrivalWait.seconds = 100;
        m.newArrivalWait.lowSeconds = 80;
        m.newArrivalWait.highSeconds = 130;
        series::Sample s = series::sampleOf(m, {});
        QCOMPARE(s.estimateLowSeconds, 80.0);
        QCOMPARE(s.estimateHighSeconds, 130.0);
        series::PeopleSeen oldAgent;
        oldAgent.shownEstimateSeconds = 5000;
        series::CallerCounts caller;
        caller.people = oldAgent;
        s = series::sampleOf(m, caller);
        QVERIFY(!series::hasFigure(s.estimateLowSeconds));
        m.newArrivalWait.paused = true;
        s = series::sampleOf(m, {});
        QVERIFY(!series::hasFigure(s.estimateHighSeconds));
    }

    // A live node's snapshot carries the range beside the sample's columns; an older node's
    // has none, and its estimate is one figure.
    void nodeSnapshotCarriesTheRange() {
        series::Sample s = sampleAt(kT0);
        s.engineEstimateSeconds = 2640;
        s.shownEstimateSeconds = 2640;
        QJsonObject o =
            QJsonDocument::fromJson(QByteArray::fromStdString(series::sampleJson(s))).object();
        o["eventId"] = "night";
        o["auditEntries"] = 0;
        o["admitsTotal"] = 0;
        const auto older = ui::parseNodeSnapshot(QJsonDocument(o).toJson());
        QVERIFY(older.has_value());
        QVERIFY(!series::hasFigure(older->sample.estimateLowSeconds));
        QCOMPARE(ui::TileBoard::estimateText(older->sample), QString("44 min"));
        o["estimateLowSeconds"] = 2100;
        o["estimateHighSeconds"] = 3120;
        const auto node = ui::parseNodeSnapshot(QJsonDocument(o).toJson());
        QVERIFY(node.has_value());
        QCOMPARE(node->sample.estimateLowSeconds, 2100.0);
        QCOMPARE(ui::TileBoard::estimateText(node->sample), QString("35–52 min"));
    }

    // An alert raised reaches an operator whose window is not in front; nothing else does.
    void trayNoticeOnlyForAnAlertRaisedBehind() {
        const TimelineItem raised{kT0 + 6000, TimelineKind::AlertRaised, {}, "capacity saturated"};
        const auto notice = ui::AlertNotifier::noticeFor(raised, false, "night", testClock);
        QVERIFY(notice.has_value());
        QCOMPARE(notice->title, QString("Sluice alert — night"));
        QCOMPARE(notice->message, QString("t+6  capacity saturated"));
        QVERIFY(!ui::AlertNotifier::noticeFor(raised, true, "night", testClock)); // looking
        TimelineItem cleared = raised;
        cleared.kind = TimelineKind::AlertCleared;
        QVERIFY(!ui::AlertNotifier::noticeFor(cleared, false, "night", testClock));
        const TimelineItem action{kT0, TimelineKind::Action, "ana", "rate"};
        QVERIFY(!ui::AlertNotifier::noticeFor(action, false, "night", testClock));

        // A window that is not in front (never shown): the notice is decided on; offscreen
        // there is no tray to show it in.
        QWidget window;
        ui::AlertNotifier notifier(&window, testClock);
        QVERIFY(!notifier.windowActive());
        QVERIFY(notifier.observe(raised, "night").has_value());
        QVERIFY(!notifier.observe(cleared, "night").has_value());
        QCOMPARE(notifier.noticeCount(), 1);
        QCOMPARE(notifier.lastNotice()->message, QString("t+6  capacity saturated"));
        // In front: nothing.
        window.show();
        window.activateWindow();
        if (QTest::qWaitForWindowActive(&window)) {
            QVERIFY(notifier.windowActive());
            QVERIFY(!notifier.observe(raised, "night").has_value());
            QCOMPARE(notifier.noticeCount(), 1);
        }
    }
};

QTEST_MAIN(TstTimelineModel)
#include "tst_timeline_model.moc"
