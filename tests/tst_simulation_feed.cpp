// SPDX-License-Identifier: Apache-2.0
// The console's simulation feed: samples arrive on the receiving thread in order, controls
// reach the engine and come back as audit entries, pause stops the flow, and a scenario the
// engine refuses is reported rather than silently empty.
#include "feed/simulation_feed.h"
#include "series/series_csv.h"
#include "sim/scenario.h"
#include "sim/sim_output.h"
#include "sim/simulation.h"
#include "sim_fixtures.h"

#include <QSignalSpy>
#include <QtTest>

using namespace sluice;

namespace {

sim::Scenario smallNight() {
    return testing::smallNight({"durationSeconds=7200"});
}

QList<series::Sample> collected(const QSignalSpy& spy) {
    QList<series::Sample> all;
    for (const QList<QVariant>& call : spy) {
        all += call.at(0).value<QList<series::Sample>>();
    }
    return all;
}

} // namespace

class TstSimulationFeed : public QObject {
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
        const QList<series::Sample> all = collected(samples);
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

    // A what-if forks the run mid-flight at full speed and projects a faster admission rate;
    // the run itself ends exactly as an undisturbed run of the same scenario does.
    void whatIfProjectsWithoutDisturbingTheRun() {
        // Room in the site, so that the admission rate is what holds the line back.
        const sim::Scenario sc = testing::smallNight(
            {"durationSeconds=7200", "event.capacity=3000", "backend.capacity=3000"});
        ui::SimulationFeed feed(sc);
        QSignalSpy samples(&feed, &ui::Feed::sampled);
        QSignalSpy finished(&feed, &ui::Feed::finished);
        QSignalSpy projected(&feed, &ui::Feed::projected);
        QSignalSpy progress(&feed, &ui::Feed::projectionProgress);
        feed.setSpeed(600);
        feed.run();
        // Past the opening (an hour in), with the line long.
        QTRY_VERIFY_WITH_TIMEOUT(collected(samples).size() >= 4000, 30'000);
        ui::WhatIfRequest faster;
        faster.change.admissionRatePerMinute = 900;
        feed.project(faster);
        feed.setSpeed(0);
        QVERIFY(projected.wait(60'000));
        QVERIFY(finished.count() == 1 || finished.wait(60'000));
        QCoreApplication::processEvents();

        const auto result = projected.first().at(0).value<ui::WhatIfResult>();
        const QList<series::Sample> run = collected(samples);
        QVERIFY(result.from >= sc.start + 4'000'000);
        QVERIFY(!result.samples.isEmpty());
        QCOMPARE(result.samples.back().at, run.back().at); // to the scenario's end
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toDouble(), 1.0);
        // The projection admits at its rate from the fork on; the run kept its own.
        QCOMPARE(result.samples.front().admissionRatePerMinute, 900);
        const auto runAt = [&](engine::TimeMs at) {
            return run.at(static_cast<qsizetype>((at - sc.start) / 1000 - 1));
        };
        QCOMPARE(runAt(result.samples.front().at).admissionRatePerMinute, 300);
        // Three times the rate: a shorter line half an hour on, and an earlier end.
        const series::Sample& later = result.samples.at(1800);
        QVERIFY(later.waiting < runAt(later.at).waiting);
        const auto runEmpty = ui::summarizeProjection(result.from, run).emptyAt;
        QVERIFY(result.emptyAt.has_value());
        QVERIFY(!runEmpty || *result.emptyAt < *runEmpty);

        auto undisturbed = std::move(sim::Simulation::create(sc)).value();
        undisturbed->runToEnd();
        const std::vector<series::Sample> mine(run.begin(), run.end());
        QCOMPARE(series::seriesCsv(mine, sc.start),
                 series::seriesCsv(undisturbed->samples(), sc.start));
    }

    void cancelledProjectionSaysSo() {
        ui::SimulationFeed feed(smallNight());
        QSignalSpy samples(&feed, &ui::Feed::sampled);
        QSignalSpy cancelled(&feed, &ui::Feed::projectionCancelled);
        QSignalSpy projected(&feed, &ui::Feed::projected);
        feed.step(60);
        QTRY_VERIFY_WITH_TIMEOUT(collected(samples).size() >= 59, 20'000);
        ui::Feed& asFeed = feed; // through the interface the window uses
        asFeed.project({});
        asFeed.cancelProjection();
        QVERIFY(cancelled.wait(20'000));
        QTest::qWait(100);
        QCOMPARE(projected.count(), 0);
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

QTEST_GUILESS_MAIN(TstSimulationFeed)
#include "tst_simulation_feed.moc"
