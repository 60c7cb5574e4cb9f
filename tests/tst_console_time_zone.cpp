// SPDX-License-Identifier: Apache-2.0
// Issue 17, "Time in the event's zone", on the offscreen platform: a night in Seoul
// (timeZone "Asia/Seoul", opening 2021-07-19T11:00:00Z) shows 20:00 KST at the opening in the
// clock, the charts' time axes (as Qt Charts draws their labels), the hover, the opening
// field, the timeline and the PDF report, whatever the machine's zone (this test runs the
// machine in Los Angeles); the exported data stays UTC.
#include "dashboard/chart_grid.h"
#include "dashboard/console_actions.h"
#include "dashboard/control_panel.h"
#include "dashboard/dashboard_window.h"
#include "dashboard/following_spin_box.h"
#include "feed/event_time.h"
#include "sim/scenario.h"
#include "sim_fixtures.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QDateTimeEdit>
#include <QFile>
#include <QGraphicsTextItem>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolBar>
#include <QtTest>

using namespace sluice;

namespace {

constexpr engine::TimeMs kOpening = 1'626'692'400'000; // 2021-07-19T11:00:00Z, 20:00 KST

sim::Scenario seoulNight(std::vector<std::string> extra = {}) {
    extra.insert(extra.begin(), {R"(event.timeZone="Asia/Seoul")", "event.cohorts=[]",
                                 R"(event.opensAt="2021-07-19T11:00:00Z")"});
    return testing::smallNight(extra);
}

// Runs the night `seconds` simulated seconds on, as fast as it goes, and waits for them.
void runFor(ui::DashboardWindow& window, int seconds) {
    const std::size_t before = window.store().samples().size();
    window.session().setSpeed(0);
    window.session().step(seconds);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.store().samples().size() + 1 >= before + static_cast<std::size_t>(seconds), 60'000);
    QTest::qWait(800); // the tiles and each chart redrawn
}

QString clockText(const QMainWindow& window) {
    for (const QLabel* label : window.findChild<QToolBar*>("runToolbar")->findChildren<QLabel*>()) {
        if (label->toolTip().startsWith("The clock")) {
            return label->text() + "\n" + label->toolTip();
        }
    }
    return {};
}

// The time labels Qt Charts draws under `chart` ("19:00", "19:12" …), left to right.
QStringList axisLabels(const ui::ChartGrid& grid, int chart) {
    static const QRegularExpression time("^\\d\\d:\\d\\d(:\\d\\d)?$");
    QList<std::pair<qreal, QString>> found;
    for (QGraphicsItem* item : grid.view(chart)->scene()->items()) {
        auto* text = dynamic_cast<QGraphicsTextItem*>(item);
        if (text != nullptr && text->isVisible() && time.match(text->toPlainText()).hasMatch()) {
            found.append({text->scenePos().x(), text->toPlainText()});
        }
    }
    std::sort(found.begin(), found.end());
    QStringList out;
    for (const auto& [x, label] : found) {
        out << label;
    }
    return out;
}

QString run(const QString& program, const QStringList& args) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    p.waitForFinished(60'000);
    return QString::fromUtf8(p.readAll());
}

} // namespace

class TstConsoleTimeZone : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        // The machine is neither in UTC nor in Seoul: what the console shows cannot come from
        // its local time by chance.
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(kOpening).toString("HH:mm"), QString("04:00"));
    }

    void eventTimeFormatsInTheEventsZone() {
        const ui::EventTime seoul("Asia/Seoul");
        QVERIFY(seoul.known());
        QCOMPARE(seoul.clock(kOpening), QString("20:00 KST"));
        QCOMPARE(seoul.dateTime(kOpening), QString("2021-07-19 20:00:00 KST"));
        QCOMPARE(seoul.clockWithUtc(kOpening), QString("20:00:00 KST (11:00:00 UTC)"));
        QCOMPARE(seoul.zoneTitle(kOpening), QString("Asia/Seoul (KST)"));
        QCOMPARE(seoul.offsetMs(kOpening), 9 * 3'600'000LL);
        // What a UTC-only widget shows reads back as the same instant.
        QCOMPARE(seoul.fromWallClock(seoul.wallClock(kOpening)), kOpening);
        QCOMPARE(seoul.fromWallClock(QDateTime(QDate(2021, 7, 19), QTime(20, 5), Qt::UTC)),
                 kOpening + 5 * 60'000);
        // A zone with summer time: its abbreviation and offset at the instant.
        const ui::EventTime paris("Europe/Paris");
        QCOMPARE(paris.clock(kOpening), QString("13:00 CEST"));
        const ui::EventTime utc;
        QCOMPARE(utc.clock(kOpening), QString("11:00 UTC"));
        QCOMPARE(utc.clockWithUtc(kOpening), QString("11:00:00 UTC"));
        // A zone this computer does not know: UTC, and the title says why.
        const ui::EventTime unknown("Mars/Olympus_Mons");
        QVERIFY(!unknown.known());
        QCOMPARE(unknown.clock(kOpening), QString("11:00 UTC"));
        QVERIFY2(unknown.zoneTitle(kOpening).contains("“Mars/Olympus_Mons” is not known"),
                 qPrintable(unknown.zoneTitle(kOpening)));
    }

    // The clock, the axes, the hover, the opening field, the timeline and the report all
    // read 20:00 KST at the opening.
    void kstNightShowsTwentyHundredAtTheOpening() {
        ui::DashboardWindow window(seoulNight());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.eventTime().zoneName(), QString("Asia/Seoul"));
        QCOMPARE(window.inForce().opensAt, kOpening);
        // The opening field, before the run.
        QCOMPARE(window.controls()->openingEdit()->text(), QString("2021-07-19 20:00:00 KST"));
        // The night starts at 19:00 KST (the first sample is its first second); an hour on,
        // it opens: the sample of 20:00:00 KST is the 3,601st.
        runFor(window, 3601);
        const engine::TimeMs last = window.store().last().at;
        QCOMPARE(last, kOpening);
        const QString clock = clockText(window);
        QVERIFY2(clock.startsWith("2021-07-19 20:00:"), qPrintable(clock));
        QVERIFY2(clock.contains(" KST") && clock.contains("Asia/Seoul (KST)") &&
                     clock.contains("2021-07-19 11:00:"),
                 qPrintable(clock)); // the zone named, and UTC on hover

        // The time axes: titled with the zone, their labels as Qt Charts draws them.
        ui::ChartGrid& charts = window.charts();
        QDateTimeAxis* x = charts.xAxis(0);
        QCOMPARE(x->titleText(), QString("time in Asia/Seoul (KST)"));
        QVERIFY2(x->max().toString(x->format()).startsWith("20:0"),
                 qPrintable(x->max().toString(x->format())));
        QVERIFY2(x->min().toString(x->format()).startsWith("19:0"),
                 qPrintable(x->min().toString(x->format())));
        // The opening, where the axis puts it, is labelled 20:00 (the axis's own formatting:
        // local time of the value).
        QCOMPARE(
            QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(charts.timeAxis().toAxis(kOpening)))
                .toString("HH:mm"),
            QString("20:00"));
        const QStringList labels = axisLabels(charts, 0);
        QVERIFY2(labels.size() >= 2, qPrintable(labels.join(", ")));
        QVERIFY2(labels.last().startsWith("20:0"), qPrintable(labels.join(", ")));
        for (const QString& label : labels) {
            QVERIFY2(label.startsWith("19:") || label.startsWith("20:"),
                     qPrintable(labels.join(", ")));
        }
        // Zoom (a range read back off the axis) stays in instants.
        charts.zoomBy(2);
        const auto [from, to] = charts.visibleRange();
        QVERIFY(from > kOpening - 3'600'000 && to <= kOpening + 60'000);
        QCOMPARE(charts.xAxis(1)->min().toMSecsSinceEpoch(),
                 static_cast<qint64>(charts.timeAxis().toAxis(from)));
        charts.follow();
        // The hover: event time, UTC beside it.
        const QString hover = charts.valuesAt(0, kOpening);
        QVERIFY2(hover.startsWith("20:00:00 KST (11:00:00 UTC)"), qPrintable(hover));

        // An operator's change at the opening: the timeline line says 20:00 KST.
        ui::ControlPanel& panel = *window.controls();
        panel.rateBox()->setValue(250);
        QTest::mouseClick(panel.throttleButton(), Qt::LeftButton);
        const QRegularExpression line("2021-07-19 20:00:\\d\\d KST  \\S+: Admission rate 300 → "
                                      "250 /min");
        QTRY_VERIFY_WITH_TIMEOUT(line.match(window.timelineText()).hasMatch(), 10'000);
        QVERIFY2(window.timelineText().contains("times in Asia/Seoul (KST)"),
                 qPrintable(window.timelineText()));

        // The report: event time in the PDF, UTC in the data.
        QTemporaryDir dir;
        QSignalSpy written(&window, &ui::DashboardWindow::reportFinished);
        window.exportReport(dir.path());
        QVERIFY(written.wait(60'000));
        QCOMPARE(written.at(0).at(1).toString(), QString());
        const QString text = run("pdftotext", {"-layout", dir.filePath("report.pdf"), "-"});
        for (const QString& expected :
             {QString("Window: 2021-07-19 19:00:0\\d KST to 2021-07-19 20:00:\\d\\d KST"),
              QString("Times in Asia/Seoul \\(KST\\)"),
              QString("20:00:\\d\\d\\s+\\S+: Admission rate 300 → 250 /min")}) {
            QVERIFY2(QRegularExpression(expected).match(text).hasMatch(),
                     qPrintable("missing: " + expected + "\n" + text));
        }
        // No time is printed in UTC (the PDF only says the data files are).
        QVERIFY2(!QRegularExpression("\\d\\d:\\d\\d(:\\d\\d)? UTC").match(text).hasMatch(),
                 qPrintable(text));
        QFile csv(dir.filePath("series.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(csv.readAll().contains("2021-07-19T11:00:00"));
    }

    // The opening is entered in event time: 20:05 typed is 11:05Z sent.
    void openingIsEnteredInEventTime() {
        ui::DashboardWindow window(seoulNight());
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        ui::ControlPanel& panel = *window.controls();
        QDateTimeEdit* opening = panel.openingEdit();
        QVERIFY(panel.moveButton()->isEnabled());
        opening->setFocus(Qt::MouseFocusReason);
        opening->setDateTime(opening->dateTime().addSecs(5 * 60));
        QCOMPARE(opening->text(), QString("2021-07-19 20:05:00 KST"));
        QTest::keyClick(opening, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains(
                                     "Opening 2021-07-19 20:00:00 KST → 2021-07-19 20:05:00 KST"),
                                 10'000);
        QTRY_COMPARE(window.inForce().opensAt, kOpening + 5 * 60'000);
    }

    // SLUICE_SCREENSHOT_DIR=dir: the Seoul night around its opening, grabbed into dir.
    void screenshot() {
        const QString dir = qEnvironmentVariable("SLUICE_SCREENSHOT_DIR");
        if (dir.isEmpty()) {
            QSKIP("set SLUICE_SCREENSHOT_DIR to take the screenshot");
        }
        ui::DashboardWindow window(seoulNight());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        runFor(window, 5400);
        QTest::qWait(1000);
        QVERIFY(window.grab().save(dir + "/console_time_zone.png"));
    }
};

int main(int argc, char* argv[]) {
    // Before Qt reads the machine's zone: Los Angeles, neither UTC nor the event's Seoul.
    qputenv("TZ", "America/Los_Angeles");
    QApplication app(argc, argv);
    TstConsoleTimeZone test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_console_time_zone.moc"
