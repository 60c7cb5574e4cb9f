// SPDX-License-Identifier: Apache-2.0
// Issue 18, item 10, on the offscreen platform as an operator does it (pointer, clicks and
// keys): the small things — hover values that stay, empty charts without made-up ticks, a
// status bar and Help, closed panels back from View, Enter in the opening field, timeline
// lines in words, Ctrl+J that asks rather than answers, what-if lines that say what was
// projected, an opening that cannot be moved said so before the click, and `sluice --help`
// without a display.
#include "dashboard/chart_grid.h"
#include "dashboard/control_panel.h"
#include "dashboard/dashboard_window.h"
#include "dashboard/following_spin_box.h"
#include "dashboard/what_if_panel.h"
#include "own_settings.h"
#include "sim/scenario.h"
#include "sim_fixtures.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDockWidget>
#include <QGraphicsSimpleTextItem>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolTip>
#include <QtTest>

using namespace sluice;
using testing::smallNight;

namespace {

QAction* menuAction(QMainWindow& window, const QString& text) {
    for (QAction* a : window.menuBar()->findChildren<QAction*>()) {
        if (a->text() == text) {
            return a;
        }
    }
    for (QAction* a : window.findChildren<QAction*>()) {
        if (a->text() == text) {
            return a;
        }
    }
    return nullptr;
}

// Runs the night `seconds` simulated seconds on, as fast as it goes, and waits for them.
void runFor(ui::DashboardWindow& window, int seconds) {
    const std::size_t before = window.store().samples().size();
    window.session().setSpeed(0);
    window.session().step(seconds);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.store().samples().size() + 1 >= before + static_cast<std::size_t>(seconds), 60'000);
    QTest::qWait(500); // the tiles and each chart redrawn
}

// The hint an empty chart shows, if any is visible on `chart`.
QString visibleHint(const ui::ChartGrid& grid, int chart) {
    for (QGraphicsItem* item : grid.view(chart)->scene()->items()) {
        if (auto* text = dynamic_cast<QGraphicsSimpleTextItem*>(item);
            text != nullptr && text->isVisible() && !text->text().isEmpty()) {
            return text->text();
        }
    }
    return {};
}

void activate(QMainWindow& window) {
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
}

} // namespace

class TstConsoleDetails : public QObject {
    Q_OBJECT
    QTemporaryDir m_settings;

private slots:
    void initTestCase() {
        QVERIFY(sluice::testing::useOwnSettings(m_settings, "tst_console_details"));
    }

    void init() { QSettings().clear(); }

    // The pointer rests on a chart: the values at that moment show, and still show after the
    // time a tooltip usually lasts and after Qt's own tooltip event — never a generic text.
    void hoverValuesStayWhileHovering() {
        ui::DashboardWindow window(smallNight());
        activate(window);
        runFor(window, 3900);
        QChartView* view = window.charts().view(0);
        QChart* chart = view->chart();
        const QPoint at = view->mapFromScene(chart->mapToScene(chart->plotArea().center()));
        QTest::mouseMove(view->viewport(), at);
        QTest::qWait(100);
        // What Qt sends once the pointer has rested: the tooltip event.
        QHelpEvent rest(QEvent::ToolTip, at, view->viewport()->mapToGlobal(at));
        QApplication::sendEvent(view->viewport(), &rest);
        QTest::qWait(1500);
        QVERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains("UTC") && QToolTip::text().contains("waiting"),
                 qPrintable(QToolTip::text()));
        QVERIFY2(!QToolTip::text().contains("Drag to zoom"), qPrintable(QToolTip::text()));
        // Moving along the chart moves the values with it.
        const QString first = QToolTip::text();
        QTest::mouseMove(view->viewport(), at + QPoint(40, 0));
        QTRY_VERIFY(QToolTip::isVisible() && QToolTip::text() != first);
    }

    // An empty chart shows no made-up ticks ("1, 1, 1, 0, 0", "00:00" five times) but says
    // why it is empty and what to do; with data the scales come back.
    void emptyChartsSayWhyNotBogusTicks() {
        ui::DashboardWindow window(smallNight());
        window.show();
        QTest::qWait(300);
        for (int c = 0; c < ui::ChartGrid::kCharts; ++c) {
            for (QAbstractAxis* axis : window.charts().view(c)->chart()->axes()) {
                QVERIFY2(!axis->labelsVisible(), qPrintable(QString::number(c)));
            }
            QVERIFY2(visibleHint(window.charts(), c).contains("press F5"),
                     qPrintable(visibleHint(window.charts(), c)));
        }
        runFor(window, 120);
        window.charts().refresh();
        for (int c = 0; c < ui::ChartGrid::kCharts; ++c) {
            for (QAbstractAxis* axis : window.charts().view(c)->chart()->axes()) {
                QVERIFY(axis->labelsVisible());
            }
            QCOMPARE(visibleHint(window.charts(), c), QString());
        }
    }

    // A status bar from the start that says what to do next, and Help > About.
    void statusBarAndHelp() {
        ui::DashboardWindow window(smallNight());
        window.show();
        auto* bar = window.findChild<QStatusBar*>();
        QVERIFY(bar != nullptr);
        QVERIFY(bar->isVisible());
        bool saysF5 = false;
        for (const QLabel* label : bar->findChildren<QLabel*>()) {
            saysF5 = saysF5 || (label->isVisible() && label->text().contains("press F5"));
        }
        QVERIFY(saysF5);
        QAction* about = menuAction(window, "&About Sluice");
        QVERIFY(about != nullptr);
        about->trigger();
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox*>()) != nullptr && box->isVisible());
        QVERIFY2(box->text().contains("Sluice") && box->text().contains("F5"),
                 qPrintable(box->text()));
        QTest::keyClick(box, Qt::Key_Escape);
        QTRY_VERIFY(window.findChild<QMessageBox*>() == nullptr);
    }

    // A panel closed by its title bar's button comes back from the View menu.
    void aClosedPanelComesBackFromView() {
        ui::DashboardWindow window(smallNight());
        window.show();
        auto* dock = window.findChild<QDockWidget*>("controlsDock");
        QVERIFY(dock != nullptr && dock->isVisible());
        dock->close();
        QVERIFY(!dock->isVisible());
        QAction* back = nullptr;
        for (QAction* a : window.menuBar()->actions()) {
            if (a->text() == "&View") {
                for (QAction* item : a->menu()->actions()) {
                    back = item->text() == "Controls" ? item : back;
                }
            }
        }
        QVERIFY(back != nullptr);
        back->trigger();
        QVERIFY(dock->isVisible());
    }

    // Enter in the opening field moves the opening, as Move opening does.
    void enterInTheOpeningFieldAppliesIt() {
        ui::DashboardWindow window(smallNight({"event.cohorts=[]"}));
        activate(window);
        ui::ControlPanel& panel = *window.controls();
        QVERIFY(panel.moveButton()->isEnabled());
        const QDateTime opening = panel.openingEdit()->dateTime();
        const engine::TimeMs opensAt = window.inForce().opensAt;
        panel.openingEdit()->setFocus(Qt::MouseFocusReason);
        panel.openingEdit()->setDateTime(opening.addSecs(5 * 60));
        QTest::keyClick(panel.openingEdit(), Qt::Key_Return);
        // The night is in Seoul (the preset's timeZone): the opening in its time.
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("Opening 2021-07-19 20:00:00 KST "
                                                                "→ 2021-07-19 20:05:00 KST"),
                                 10'000);
        QTRY_COMPARE(window.inForce().opensAt, opensAt + 5 * 60'000);
    }

    // The timeline says what happened in the words an operator reads.
    void timelineLinesInWords() {
        ui::DashboardWindow window(smallNight());
        activate(window);
        ui::ControlPanel& panel = *window.controls();
        panel.rateBox()->setFocus(Qt::MouseFocusReason);
        panel.rateBox()->selectAll();
        QTest::keyClicks(panel.rateBox(), "400");
        QTest::keyClick(panel.rateBox(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("Admission rate 300 → 400 /min"),
                                 10'000);
        QTest::mouseClick(panel.pauseButton(), Qt::LeftButton);
        QTest::mouseClick(panel.pendingConfirmation()->button(QMessageBox::Apply), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains(": Admissions paused"), 10'000);
        const QString text = window.timelineText();
        QVERIFY2(!text.contains("admissionRatePerMinute") && !text.contains("false → true"),
                 qPrintable(text));
    }

    // Ctrl+J opens the question: the what-if rate field, focused; Enter projects; the panel
    // and the timeline say what was projected.
    void ctrlJAsksAndTheTimelineSaysWhat() {
        ui::DashboardWindow window(smallNight());
        activate(window);
        runFor(window, 3700);
        QTest::keyClick(&window, Qt::Key_J, Qt::ControlModifier);
        ui::WhatIfPanel& whatIf = *window.whatIf();
        QVERIFY(whatIf.rateBox()->hasFocus());
        QTest::qWait(300);
        QCOMPARE(whatIf.resultText(), QString("No projection yet.")); // nothing projected yet
        QTest::keyClicks(whatIf.rateBox(), "600");
        QTest::keyClick(whatIf.rateBox(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(
            window.timelineText().contains("what-if (admission rate 300 → 600 /min, to the "
                                           "scenario's end): peak"),
            60'000);
        QVERIFY2(whatIf.resultText().startsWith("Projected (admission rate 300 → 600 /min"),
                 qPrintable(whatIf.resultText()));
    }

    // The what-if's proof of work: offered only where the run models fair joins; chosen by
    // keyboard, it goes into the projection and the timeline says so.
    void aWhatIfChangesTheProofOfWork() {
        {
            ui::DashboardWindow plain(smallNight());
            QVERIFY(!plain.whatIf()->powBox()->isEnabled());
            QVERIFY(plain.whatIf()->powBox()->toolTip().contains("fairJoins"));
        }
        ui::DashboardWindow window(
            smallNight({R"(fairJoins={"proofOfWork":"auto","botFarm":{"bots":10,"addresses":100,)"
                        R"("startAt":"2021-07-19T19:30:00+09:00","durationSeconds":600}})"}));
        activate(window);
        runFor(window, 1700);
        ui::WhatIfPanel& whatIf = *window.whatIf();
        QComboBox* pow = whatIf.powBox();
        QVERIFY(pow->isEnabled());
        QCOMPARE(pow->currentText(), QString("as the run (auto 18–22 bits)"));
        QVERIFY(!whatIf.powBitsBox()->isEnabled());
        pow->setFocus(Qt::TabFocusReason);
        QTest::keyClick(pow, Qt::Key_End); // "fixed bits"
        QCOMPARE(pow->currentText(), QString("fixed bits"));
        QVERIFY(whatIf.powBitsBox()->isEnabled());
        whatIf.powBitsBox()->setValue(24);
        QCOMPARE(whatIf.request().powMode, std::optional<sim::PowMode>(sim::PowMode::Fixed));
        QCOMPARE(whatIf.request().powBits, 24);
        QTest::mouseClick(whatIf.projectButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            window.timelineText().contains("what-if (proof of work auto 18–22 bits → 24 bits, to "
                                           "the scenario's end): peak"),
            60'000);
        QTest::keyClick(pow, Qt::Key_Home);
        QVERIFY(!whatIf.request().powMode); // as the run: nothing asked
    }

    // A night that opens per cohort window: the operator picks a window (keyboard), sees its
    // opening, moves it, and only that window moves; undo puts it back.
    void aCohortWindowsOpeningIsMovedOnItsOwn() {
        ui::DashboardWindow window(smallNight(
            {R"(event.cohorts=[{"name":"53-54","bornFrom":"1967-01-01","bornTo":"1968-12-31",)"
             R"("opensAt":"2021-07-19T20:00:00+09:00"},{"name":"50-52","bornFrom":"1969-01-01",)"
             R"("bornTo":"1971-12-31","opensAt":"2021-07-20T20:00:00+09:00"}])"}));
        activate(window);
        ui::ControlPanel& panel = *window.controls();
        QComboBox* windows = panel.windowBox();
        QVERIFY(windows->isVisible());
        QCOMPARE(windows->count(), 2);
        QCOMPARE(windows->currentText(), QString("53-54"));
        const QDateTime first = QDateTime::fromString("2021-07-19T11:00:00Z", Qt::ISODate);
        const QDateTime second = first.addDays(1);
        // The field shows the event's wall clock (Seoul, UTC+9) in a UTC QDateTimeEdit.
        const auto shown = [](const QDateTime& utc) { return utc.addSecs(9 * 3600); };
        QCOMPARE(panel.openingEdit()->dateTime(), shown(first));
        QVERIFY(panel.moveButton()->isEnabled());

        windows->setFocus(Qt::TabFocusReason);
        QTest::keyClick(windows, Qt::Key_Down);
        QCOMPARE(windows->currentText(), QString("50-52"));
        QCOMPARE(panel.openingEdit()->dateTime(), shown(second)); // the chosen window's opening

        // Moved by more than 10 minutes: asked first, quoting the window.
        panel.openingEdit()->setDateTime(shown(second.addSecs(-60 * 60)));
        QTest::mouseClick(panel.moveButton(), Qt::LeftButton);
        QVERIFY(panel.pendingConfirmation() != nullptr);
        QVERIFY2(panel.pendingConfirmation()->text().contains("opening of 50-52 moved by -60 min"),
                 qPrintable(panel.pendingConfirmation()->text()));
        QTest::mouseClick(panel.pendingConfirmation()->button(QMessageBox::Apply), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("Opening of 50-52 "), 10'000);
        QTRY_COMPARE(window.inForce().cohorts.at(1).opensAt,
                     second.addSecs(-60 * 60).toMSecsSinceEpoch());
        QCOMPARE(window.inForce().cohorts.at(0).opensAt, first.toMSecsSinceEpoch());
        QCOMPARE(panel.openingEdit()->dateTime(), shown(second.addSecs(-60 * 60)));

        // The other window still shows, and would move, its own opening.
        QTest::keyClick(windows, Qt::Key_Up);
        QCOMPARE(panel.openingEdit()->dateTime(), shown(first));

        QTest::mouseClick(panel.undoButton(), Qt::LeftButton);
        QVERIFY(panel.pendingConfirmation() != nullptr);
        QTest::mouseClick(panel.pendingConfirmation()->button(QMessageBox::Apply), Qt::LeftButton);
        QTRY_COMPARE(window.inForce().cohorts.at(1).opensAt, second.toMSecsSinceEpoch());
        QVERIFY(panel.refusalText().isEmpty());
    }

    // `sluice --help` and `--version` print without a display (once: exit 134).
    void helpWithoutADisplay() {
        for (const char* flag : {"--help", "--version"}) {
            QProcess sluice;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) {
                env.remove(name);
            }
            sluice.setProcessEnvironment(env);
            sluice.start(SLUICE_PATH, {flag});
            QVERIFY(sluice.waitForFinished(30'000));
            const QString out = QString::fromUtf8(sluice.readAllStandardOutput());
            QVERIFY2(sluice.exitStatus() == QProcess::NormalExit && sluice.exitCode() == 0,
                     qPrintable(QString("%1: exit %2, %3")
                                    .arg(flag)
                                    .arg(sluice.exitCode())
                                    .arg(QString::fromUtf8(sluice.readAllStandardError()))));
            QVERIFY2(out.contains(std::string_view(flag) == "--help" ? "--scenario" : "sluice"),
                     qPrintable(out));
        }
    }
};

QTEST_MAIN(TstConsoleDetails)
#include "tst_console_details.moc"
