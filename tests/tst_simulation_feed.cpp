// SPDX-License-Identifier: Apache-2.0
// The console's simulation feed: samples arrive on the receiving thread in order, controls
// reach the engine and come back as audit entries, pause stops the flow, and a scenario the
// engine refuses is reported rather than silently empty.
#include "feed/simulation_feed.h"
#include "sim/scenario.h"
#include "sim_fixtures.h"

#include <QSignalSpy>
#include <QtTest>

using namespace sluice;

namespace {

sim::Scenario smallNight() {
    return testing::smallNight({"durationSeconds=7200"});
}

QList<sim::SimSample> collected(const QSignalSpy& spy) {
    QList<sim::SimSample> all;
    for (const QList<QVariant>& call : spy) {
        all += call.at(0).value<QList<sim::SimSample>>();
    }
    return all;
}

} // namespace

class TestSimulationFeed : public QObject {
    Q_OBJECT
private slots:
    void fullSpeedDeliversEverySecondInOrder() {
        ui::SimulationFeed feed(smallNight());
        QSignalSpy samples(&feed, &ui::Feed::sampled);
        QSignalSpy finished(&feed, &ui::Feed::finished);
        feed.setSpeed(0);
        feed.run();
        QVERIFY(finished.wait(60'000));
        QCoreApplication::processEvents();
        const QList<sim::SimSample> all = collected(samples);
        QCOMPARE(all.size(), 7199);
        for (qsizetype i = 1; i < all.size(); ++i) {
            QCOMPARE(all[i].at - all[i - 1].at, engine::TimeMs{1000});
        }
        QVERIFY(all.back().bookedTotal > 0);
    }

    void controlChangesTheEngineAndIsAudited() {
        ui::SimulationFeed feed(smallNight());
        QSignalSpy samples(&feed, &ui::Feed::sampled);
        QSignalSpy audit(&feed, &ui::Feed::auditAppended);
        feed.step(120);
        QTRY_VERIFY_WITH_TIMEOUT(collected(samples).size() >= 119, 20'000);
        engine::ConfigChange change;
        change.admissionRatePerMinute = 900;
        feed.applyControl("tester", change);
        QTRY_VERIFY_WITH_TIMEOUT(!audit.isEmpty(), 20'000);
        const auto entries = audit.first().at(0).value<QList<engine::AuditEntry>>();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries[0].operatorName, std::string("tester"));
        QCOMPARE(entries[0].field, std::string("admissionRatePerMinute"));
        QCOMPARE(entries[0].oldValue, std::string("300"));
        QCOMPARE(entries[0].newValue, std::string("900"));
        feed.step(5);
        QTRY_VERIFY_WITH_TIMEOUT(collected(samples).size() >= 124, 20'000);
        QCOMPARE(collected(samples).back().admissionRatePerMinute, 900);
    }

    void pauseStopsTheFlow() {
        ui::SimulationFeed feed(smallNight());
        QSignalSpy samples(&feed, &ui::Feed::sampled);
        feed.setSpeed(600);
        feed.run();
        QTRY_VERIFY_WITH_TIMEOUT(collected(samples).size() >= 30, 20'000);
        feed.pause();
        QTest::qWait(200); // let anything already sent arrive
        const qsizetype atPause = collected(samples).size();
        QTest::qWait(500); // at ×600 this would be 300 more seconds
        QCOMPARE(collected(samples).size(), atPause);
    }

    void refusedScenarioIsReported() {
        sim::Scenario sc = smallNight();
        sc.event.capacity = -1; // the engine refuses it
        ui::SimulationFeed feed(sc);
        QSignalSpy failed(&feed, &ui::Feed::failed);
        QVERIFY(failed.wait(10'000));
        QVERIFY(failed.first().at(0).toString().contains("capacity"));
    }
};

QTEST_GUILESS_MAIN(TestSimulationFeed)
#include "tst_simulation_feed.moc"
