// SPDX-License-Identifier: Apache-2.0
// Issue 18 on the offscreen platform, each case as an operator does it (clicks and keys, in
// that order): the console never shows a value that is not in force, and never lets one
// click hurt the night.
#include "dashboard/chart_grid.h"
#include "dashboard/control_panel.h"
#include "dashboard/dashboard_window.h"
#include "dashboard/following_spin_box.h"
#include "dashboard/metric_tile.h"
#include "dashboard/tile_board.h"
#include "feed/simulation_feed.h"
#include "own_settings.h"
#include "sim/scenario.h"
#include "sim_fixtures.h"

#include <QApplication>
#include <QChartView>
#include <QDateTimeEdit>
#include <QGraphicsTextItem>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMainWindow>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QToolBar>
#include <QtTest>

using namespace sluice;
using testing::smallNight;

namespace {

// Types `text` into `box` over what it shows, as a person does after a click into it.
void typeInto(QAbstractSpinBox* box, const QString& text) {
    box->setFocus(Qt::MouseFocusReason);
    box->selectAll();
    QTest::keyClicks(box, text);
}

// The toolbar's clock: the label whose tooltip says it is the clock.
QString clockText(const QMainWindow& window) {
    for (const QLabel* label : window.findChild<QToolBar*>("runToolbar")->findChildren<QLabel*>()) {
        if (label->toolTip().startsWith("The clock")) {
            return label->text();
        }
    }
    return {};
}

QMessageBox* confirmation(ui::ControlPanel& panel) {
    QMessageBox* box = panel.pendingConfirmation();
    return box != nullptr && box->isVisible() ? box : nullptr;
}

} // namespace

class TstConsoleTruth : public QObject {
    Q_OBJECT
    QTemporaryDir m_settings; // the tests' own settings, never the user's

private slots:
    void initTestCase() {
        QVERIFY(sluice::testing::useOwnSettings(m_settings, "tst_console_truth"));
    }

    void init() { QSettings().clear(); }

    // Item 1: before F5 the controls show the scenario's values; a confirmation quotes the
    // real old value; the timeline's time is the run's, not 1970; zero admissions while
    // people wait raise an alert.
    void oneClickBeforeTheFirstRunStopsNothingSilently() {
        ui::DashboardWindow window(smallNight()); // 300 /min, capacity 1,000
        window.show();
        ui::ControlPanel& panel = *window.controls();
        QCOMPARE(panel.rateBox()->value(), 300);
        QCOMPARE(panel.capacityBox()->value(), 1000);
        QCOMPARE(panel.rateBox()->text(), QString("300 /min"));

        // Set rate pressed with the field as it is: nothing changes, nothing to confirm.
        QTest::mouseClick(panel.throttleButton(), Qt::LeftButton);
        QVERIFY(confirmation(panel) == nullptr);

        // Typing 0: the question quotes the rate in force.
        typeInto(panel.rateBox(), "0");
        QTest::mouseClick(panel.throttleButton(), Qt::LeftButton);
        QMessageBox* ask = confirmation(panel);
        QVERIFY(ask != nullptr);
        QVERIFY2(ask->text().contains("300 → 0 /min"), qPrintable(ask->text()));
        QTest::mouseClick(ask->button(QMessageBox::Apply), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("Admission rate 300 → 0 /min"),
                                 10'000);
        QVERIFY2(!window.timelineText().contains("1970"), qPrintable(window.timelineText()));

        // The night runs with nobody admitted: the console says so out loud.
        window.session().setSpeed(0);
        window.session().step(3900); // past the opening
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3899, 30'000);
        QVERIFY(window.store().last().waiting > 0);
        QVERIFY(window.alerts().active(ui::AlertMonitor::Stopped));
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("ALERT admissions stopped"), 5'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.tiles().tile(ui::TileBoard::Tile::Admitting)->alert(),
                                 5'000);
    }

    // Item 2: a refused change and an undo leave every field at the value in force, and the
    // refusal is shown in the panel the operator is looking at.
    void fieldsShowOnlyWhatIsInForce() {
        // One opening, not cohort windows: the opening can be moved until the event opens.
        ui::DashboardWindow window(smallNight({"event.cohorts=[]"}));
        window.show();
        ui::ControlPanel& panel = *window.controls();
        // Before F5 (no sample comes while paused): 300 → 400, then undo.
        typeInto(panel.rateBox(), "400");
        QTest::mouseClick(panel.throttleButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("Admission rate 300 → 400 /min"),
                                 10'000);
        QCOMPARE(panel.rateBox()->value(), 400);
        QTest::mouseClick(panel.undoButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("Admission rate 400 → 300 /min"),
                                 10'000);
        QCOMPARE(panel.rateBox()->value(), 300);
        QCOMPARE(window.inForce().ratePerMinute, 300);

        // Moving the opening after the event has opened is refused: the field goes back, the
        // panel says why.
        window.session().setSpeed(0);
        window.session().step(3900);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3899, 30'000);
        const QDateTime opening = panel.openingEdit()->dateTime();
        panel.openingEdit()->setFocus(Qt::MouseFocusReason);
        panel.openingEdit()->setDateTime(opening.addSecs(5 * 60));
        QTest::mouseClick(panel.moveButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(panel.refusalText().startsWith("Refused: opensAt: "), 10'000);
        QCOMPARE(panel.openingEdit()->dateTime(), opening);
        QVERIFY(window.timelineText().contains("refused: opensAt: "));
    }

    // Item 3: connecting to a node that does not answer (or refuses the key) leaves no old
    // figure looking live: every tile is "—" or marked stale, the clock says there is no
    // live data, and the opening is "—", never 1970.
    void nothingOldLooksLive() {
        ui::DashboardWindow window(smallNight());
        window.show();
        window.session().setSpeed(0);
        window.session().step(3900);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3899, 30'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.tiles().tile(ui::TileBoard::Tile::Waiting)->value() != "—",
                                 5'000);
        // Nothing listens on the discard port: the node never answers.
        window.connectLive({ui::NodeAddress{"node-x", QUrl("http://127.0.0.1:9"), "wrong", {}}});
        QTest::qWait(300);
        for (int i = 0; i < ui::TileBoard::kTiles; ++i) {
            const ui::MetricTile* tile = window.tiles().tile(static_cast<ui::TileBoard::Tile>(i));
            QVERIFY2(tile->value() == "—" || tile->stale(), qPrintable(tile->value()));
        }
        QVERIFY2(window.findChild<QToolBar*>("runToolbar") != nullptr, "the run toolbar");
        const QString clock = clockText(window);
        QVERIFY2(clock.contains("no live data"), qPrintable(clock));
        const QString opening = window.controls()->openingEdit()->text();
        QVERIFY2(opening == "—", qPrintable(opening));
        QVERIFY(!window.controls()->throttleButton()->isEnabled()); // nothing to change from
        QCOMPARE(window.controls()->rateBox()->text(), QString("—"));
    }

    // Item 5: the Sessions tile counts what the engine counts against capacity — active
    // sessions and people admitted but not yet claimed — and says how many are unclaimed.
    void sessionsCountWhatHoldsCapacity() {
        ui::DashboardWindow window(smallNight());
        window.show();
        window.session().setSpeed(0);
        // Until the step has ended (no sample for half a second) at a second with people
        // admitted and not yet claimed: the tile is compared with that last second only, so
        // a sample still on its way cannot make the comparison race.
        const auto settle = [&window] {
            std::size_t seen = 0;
            while (window.store().samples().size() != seen || seen == 0) {
                seen = window.store().samples().size();
                QTest::qWait(500);
            }
        };
        window.session().step(3900);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3899, 30'000);
        settle();
        for (int i = 0; i < 60 && window.store().last().admittedUnclaimed == 0; ++i) {
            window.session().step(1);
            settle();
        }
        const series::Sample last = window.store().last();
        QVERIFY(last.admittedUnclaimed > 0);
        const QLocale locale;
        const ui::MetricTile* tile = window.tiles().tile(ui::TileBoard::Tile::Sessions);
        QTRY_COMPARE_WITH_TIMEOUT(
            tile->value(),
            QString("%1 / %2").arg(
                locale.toString(qulonglong(last.activeSessions + last.admittedUnclaimed)),
                locale.toString(last.capacity)),
            5'000);
        QTRY_COMPARE_WITH_TIMEOUT(
            tile->detail(), locale.toString(qulonglong(last.admittedUnclaimed)) + " unclaimed",
            5'000);
    }

    // Item 6: undo restores exactly the old value (a message too), asks like any large
    // change, and warns when someone else changed the same thing since.
    void undoNeverSurprises() {
        ui::DashboardWindow window(smallNight({"event.message=\"Welcome\""}));
        window.show();
        ui::ControlPanel& panel = *window.controls();
        QCOMPARE(panel.messageEdit()->text(), QString("Welcome"));
        panel.messageEdit()->setFocus(Qt::MouseFocusReason);
        panel.messageEdit()->selectAll();
        QTest::keyClicks(panel.messageEdit(), "Sold out");
        QTest::keyClick(panel.messageEdit(), Qt::Key_Return); // Enter sends it
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("Message “Welcome” → “Sold out”"),
                                 10'000);
        QTest::mouseClick(panel.undoButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("Message “Sold out” → “Welcome”"),
                                 10'000);
        QTRY_COMPARE(panel.messageEdit()->text(), QString("Welcome"));

        // 300 → 100 is large and confirmed; its undo (100 → 300) is large too: it asks.
        typeInto(panel.rateBox(), "100");
        QTest::mouseClick(panel.throttleButton(), Qt::LeftButton);
        QVERIFY(confirmation(panel) != nullptr);
        QTest::mouseClick(confirmation(panel)->button(QMessageBox::Apply), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("Admission rate 300 → 100 /min"),
                                 10'000);
        QTest::mouseClick(panel.undoButton(), Qt::LeftButton);
        QMessageBox* ask = confirmation(panel);
        QVERIFY(ask != nullptr);
        QVERIFY2(ask->text().contains("100 → 300 /min"), qPrintable(ask->text()));
        QTest::mouseClick(ask->button(QMessageBox::Cancel), Qt::LeftButton);
        QCOMPARE(window.inForce().ratePerMinute, 100);

        // Someone else changes the rate after mine: undo warns before anything happens.
        typeInto(panel.rateBox(), "150");
        QTest::mouseClick(panel.throttleButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("Admission rate 100 → 150 /min"),
                                 10'000);
        engine::ConfigChange theirs;
        theirs.admissionRatePerMinute = 200;
        window.simulation()->applyControl("bob", theirs);
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("bob: Admission rate"), 10'000);
        QTest::mouseClick(panel.undoButton(), Qt::LeftButton);
        ask = confirmation(panel);
        QVERIFY(ask != nullptr);
        QVERIFY2(
            ask->text().contains("bob changed the admission rate (Admission rate 150 → 200 /min)"),
            qPrintable(ask->text()));
        QTest::mouseClick(ask->button(QMessageBox::Apply), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(window.inForce().ratePerMinute, 100, 10'000);
        QTRY_COMPARE(panel.rateBox()->value(), 100);
    }

    // Item 7: Ctrl+Q with a run in progress asks first; Cancel keeps the window.
    void quitAsksWhileARunIsInProgress() {
        ui::DashboardWindow window(smallNight());
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.session().setSpeed(0);
        window.session().step(100);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 99, 30'000);
        QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier);
        auto* ask = window.findChild<QMessageBox*>("confirmQuit");
        QVERIFY(ask != nullptr);
        QVERIFY(window.isVisible());
        QTest::mouseClick(ask->button(QMessageBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(window.findChild<QMessageBox*>("confirmQuit") == nullptr);
        QVERIFY(window.isVisible());
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier);
        ask = window.findChild<QMessageBox*>("confirmQuit");
        QVERIFY(ask != nullptr);
        QPushButton* quit = nullptr;
        for (QAbstractButton* b : ask->buttons()) {
            if (b->text() == "&Quit") {
                quit = qobject_cast<QPushButton*>(b);
            }
        }
        QVERIFY(quit != nullptr);
        QTest::mouseClick(quit, Qt::LeftButton);
        QTRY_VERIFY(!window.isVisible());
    }

    // Item 8: the toolbar shows running or paused now; pausing admissions and a rate set
    // while the simulation is paused show at once, before any new sample.
    void stateShowsNow() {
        ui::DashboardWindow window(smallNight());
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.session().setSpeed(0);
        window.session().step(3700);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3699, 30'000);
        auto* state = window.findChild<QLabel*>("runState");
        QVERIFY(state != nullptr);
        QCOMPARE(state->text(), QString("❚❚ paused"));
        QTest::keyClick(&window, Qt::Key_F5);
        QCOMPARE(state->text(), QString("▶ running"));
        QTest::keyClick(&window, Qt::Key_F6);
        QCOMPARE(state->text(), QString("❚❚ paused"));
        QTest::qWait(200);
        const std::size_t samples = window.store().samples().size();

        ui::ControlPanel& panel = *window.controls();
        typeInto(panel.rateBox(), "400");
        QTest::mouseClick(panel.throttleButton(), Qt::LeftButton);
        const ui::MetricTile* admitting = window.tiles().tile(ui::TileBoard::Tile::Admitting);
        QTRY_VERIFY_WITH_TIMEOUT(admitting->value().endsWith("(400)"), 5'000);
        QTest::mouseClick(panel.pauseButton(), Qt::LeftButton);
        QTest::mouseClick(confirmation(panel)->button(QMessageBox::Apply), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(panel.pauseButton()->text(), QString("&Resume admissions"),
                                  5'000);
        QTRY_VERIFY_WITH_TIMEOUT(admitting->value().endsWith("(paused)"), 5'000);
        QCOMPARE(window.store().samples().size(), samples); // no sample was needed for it
    }

    // Item 9: at 1280×720 the window fits, and neither big figures nor "(stale)" captions
    // make it grow.
    void theWindowFitsAt1280x720() {
        ui::DashboardWindow window(testing::loadPreset("sluice-night-2021.json"));
        window.resize(1280, 720);
        window.show();
        window.session().setSpeed(0);
        window.session().step(3 * 3600); // 22:00: a million waiting
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3 * 3600 - 1, 120'000);
        QTest::qWait(300);
        window.tiles().setStale(true);
        QTest::qWait(100);
        QVERIFY2(window.minimumSizeHint().width() <= 1280,
                 qPrintable(QString::number(window.minimumSizeHint().width())));
        QVERIFY2(window.minimumSizeHint().height() <= 720,
                 qPrintable(QString::number(window.minimumSizeHint().height())));
        QCOMPARE(window.width(), 1280);
        QCOMPARE(window.height(), 720);
        // Every figure fits its tile whole: a number cut short reads as another number.
        for (int i = 0; i < ui::TileBoard::kTiles; ++i) {
            const auto* value = window.tiles()
                                    .tile(static_cast<ui::TileBoard::Tile>(i))
                                    ->findChildren<QLabel*>()
                                    .at(1);
            QVERIFY2(value->fontMetrics().horizontalAdvance(value->text()) <= value->width(),
                     qPrintable(value->text()));
            // The caption too, "(stale)" included.
            const auto* caption = window.tiles()
                                      .tile(static_cast<ui::TileBoard::Tile>(i))
                                      ->findChildren<QLabel*>()
                                      .at(0);
            QVERIFY2(caption->text().endsWith("(stale)"), qPrintable(caption->text()));
            QVERIFY2(caption->fontMetrics().horizontalAdvance(caption->text()) <= caption->width(),
                     qPrintable(QString("%1: %2 px in %3")
                                    .arg(caption->text())
                                    .arg(caption->fontMetrics().horizontalAdvance(caption->text()))
                                    .arg(caption->width())));
        }
        // Every time label on every chart is whole ("10:…" reads as nothing).
        window.charts().refresh();
        QTest::qWait(200);
        for (int c = 0; c < ui::ChartGrid::kCharts; ++c) {
            int labels = 0;
            for (QGraphicsItem* item : window.charts().view(c)->scene()->items()) {
                auto* text = dynamic_cast<QGraphicsTextItem*>(item);
                if (text == nullptr || !text->isVisible()) {
                    continue;
                }
                // A time label: starts with an hour; whole, it is HH:mm or HH:mm:ss.
                const QString shown = text->toPlainText();
                if (!QRegularExpression("^\\d\\d?:").match(shown).hasMatch()) {
                    continue;
                }
                QVERIFY2(QRegularExpression("^\\d\\d:\\d\\d(:\\d\\d)?$").match(shown).hasMatch(),
                         qPrintable(QString("chart %1: %2").arg(c).arg(shown)));
                ++labels;
            }
            QVERIFY2(labels >= 2,
                     qPrintable(QString("chart %1: %2 time labels").arg(c).arg(labels)));
        }
    }
};

QTEST_MAIN(TstConsoleTruth)
#include "tst_console_truth.moc"
