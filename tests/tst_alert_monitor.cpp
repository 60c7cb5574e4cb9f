// SPDX-License-Identifier: Apache-2.0
// Alert rules on synthetic samples: raised the second a rule is breached, once; cleared only
// after a minute back under; saturation only after its duration; 0 turns a rule off.
#include "feed/alert_monitor.h"
#include "series/sample.h"

#include <QtTest>

using namespace sluice;
using ui::AlertMonitor;

namespace {

series::Sample at(int second) {
    series::Sample s;
    s.at = engine::TimeMs{second} * 1000;
    s.capacity = 100;
    return s;
}

} // namespace

class TstAlertMonitor : public QObject {
    Q_OBJECT
private slots:
    void estimateRaisesOnceAndClearsAfterAMinute() {
        AlertMonitor m(ui::AlertRules{60, 0, 0});
        series::Sample s = at(1);
        s.shownEstimateSeconds = 59 * 60;
        QVERIFY(m.observe(s).isEmpty());
        s = at(2);
        s.shownEstimateSeconds = 61 * 60;
        const auto raised = m.observe(s);
        QCOMPARE(raised.size(), 1);
        QVERIFY(raised[0].raised);
        QCOMPARE(raised[0].rule, int(AlertMonitor::Estimate));
        QCOMPARE(raised[0].at, engine::TimeMs{2000});
        QVERIFY(raised[0].text.contains("61 min"));
        QVERIFY(m.active(AlertMonitor::Estimate));
        // Hovering around the threshold: no new alert, no clear.
        for (int t = 3; t <= 50; ++t) { // ends on a breach (t = 50)
            s = at(t);
            s.shownEstimateSeconds = (t % 2 == 0 ? 61 : 59) * 60;
            QVERIFY(m.observe(s).isEmpty());
        }
        // A full minute under: cleared once, at the end of it.
        QList<ui::AlertEvent> cleared;
        for (int t = 51; t <= 120; ++t) {
            s = at(t);
            s.shownEstimateSeconds = 30 * 60;
            cleared += m.observe(s);
        }
        QCOMPARE(cleared.size(), 1);
        QVERIFY(!cleared[0].raised);
        QCOMPARE(cleared[0].at, engine::TimeMs{111'000});
        QVERIFY(!m.active(AlertMonitor::Estimate));
    }

    void saturationNeedsItsDuration() {
        AlertMonitor m(ui::AlertRules{0, 0, 30});
        QList<ui::AlertEvent> events;
        for (int t = 1; t <= 29; ++t) {
            series::Sample s = at(t);
            s.activeSessions = 100;
            events += m.observe(s);
        }
        QVERIFY(events.isEmpty()); // 28 s at capacity so far
        series::Sample gap = at(30);
        gap.activeSessions = 98; // one second below 99%: the clock starts again
        events += m.observe(gap);
        for (int t = 31; t <= 61; ++t) {
            series::Sample s = at(t);
            s.activeSessions = 95;
            s.admittedUnclaimed = 4; // 99 slots of 100 taken: saturated
            events += m.observe(s);
        }
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0].at, engine::TimeMs{61'000});
        QCOMPARE(events[0].rule, int(AlertMonitor::Saturated));
    }

    void backendErrorsAndRulesOff() {
        AlertMonitor m(ui::AlertRules{0, 50, 0});
        series::Sample s = at(1);
        s.backendErrors = 50;
        s.shownEstimateSeconds = 1e6; // the estimate rule is off
        QVERIFY(m.observe(s).isEmpty());
        s = at(2);
        s.backendErrors = 51;
        QCOMPARE(m.observe(s).size(), 1);
        QVERIFY(m.active(AlertMonitor::BackendErrors));
        // Turning the rule off clears it after the minute like any other recovery.
        m.setRules(ui::AlertRules{0, 0, 0});
        QList<ui::AlertEvent> events;
        for (int t = 3; t <= 63; ++t) {
            s = at(t);
            s.backendErrors = 500;
            events += m.observe(s);
        }
        QCOMPARE(events.size(), 1);
        QVERIFY(!events[0].raised);
    }

    void describesTheRules() {
        QCOMPARE(ui::AlertRules{}.describe(),
                 QString("estimate above 180 min, backend errors above 50/s, capacity saturated "
                         "for 300 s"));
        QVERIFY(ui::AlertRules({0, 1, 2}).describe().startsWith("estimate rule off"));
    }
};

QTEST_GUILESS_MAIN(TstAlertMonitor)
#include "tst_alert_monitor.moc"
