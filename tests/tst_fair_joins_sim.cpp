// SPDX-License-Identifier: Apache-2.0
// Fair joins in the simulator (issue 16): a bot farm, people behind shared addresses, the
// per-address join limit and proof of work, on the Sluice night at a tenth of its size
// (an hour and a half: the pre-queue and the first half hour after the opening).
#include "series/series_csv.h"
#include "sim/scenario.h"
#include "sim/sim_output.h"
#include "sim/simulation.h"
#include "sim_fixtures.h"

#include <QtTest>

using namespace sluice;

namespace {

// A farm of `bots` machines on 100 addresses, a join every 2 s from each through the
// pre-queue's 30 minutes: 90,000 attempts against about 38,000 honest people pre-queued.
std::string farm(int bots) {
    return R"(fairJoins.botFarm={"bots":)" + std::to_string(bots) +
           R"(,"addresses":100,"attemptsPerSecondPerAddress":0.5,)"
           R"("startAt":"2021-07-19T19:30:00+09:00","durationSeconds":1800})";
}

sim::SimSummary run(std::vector<std::string> extra) {
    std::vector<std::string> o = testing::tenthScale();
    o.insert(o.end(), {"durationSeconds=5400", "operatorPlan=[]"});
    o.insert(o.end(), extra.begin(), extra.end());
    const sim::Scenario sc = testing::loadPreset("sluice-night-2021.json", o);
    auto s = std::move(sim::Simulation::create(sc)).value();
    s->runToEnd();
    return s->summarize();
}

bool mentions(const engine::Status& s, const std::string& text) {
    return s.message().find(text) != std::string::npos;
}

} // namespace

class TstFairJoinsSim : public QObject {
    Q_OBJECT
private slots:
    // Without a defence the farm's free tickets win most of the pre-queue's lottery; when
    // every attempt costs 2^22 tries and the farm's hash power covers a third of its attempt
    // rate, its share falls; honest people pay the solve time.
    void proofOfWorkLowersTheBotsShare() {
        const sim::SimSummary open = run({farm(10)});
        const sim::SimSummary withPow = run({farm(10), "fairJoins.proofOfWork=22"});
        QVERIFY(open.fairJoins && withPow.fairJoins);
        const sim::FairJoinsSummary& a = *open.fairJoins;
        const sim::FairJoinsSummary& b = *withPow.fairJoins;
        qInfo("bots' share of the first %llu places: %.3f without proof of work, %.3f with 22 "
              "bits; honest median time to join %.2f s → %.2f s",
              static_cast<unsigned long long>(a.firstPlaces), a.botsShareOfFirstPlaces,
              b.botsShareOfFirstPlaces, a.honestTimeToJoinSeconds.p50,
              b.honestTimeToJoinSeconds.p50);
        QVERIFY(a.firstPlaces > 10'000);
        QVERIFY(a.botsShareOfFirstPlaces > 0.5);
        QVERIFY(b.botsShareOfFirstPlaces < a.botsShareOfFirstPlaces - 0.1);
        QVERIFY(b.botPlaces < a.botPlaces);
        // 2^22 tries at 250,000 a second: about 17 s for a phone, on average.
        QVERIFY(b.honestTimeToJoinSeconds.p50 > 5);
        QVERIFY(a.honestTimeToJoinSeconds.p50 < 1);
        QCOMPARE(a.honestHashes + a.botHashes, 0.0);
        QCOMPARE(b.botHashes, static_cast<double>(b.botSolves) * 4194304.0);
        QCOMPARE(b.minBits, 22);
        QCOMPARE(b.maxBits, 22);
    }

    // The console's what-if: proof of work switched on in a fork of a run without it, as
    // the farm starts. The fork pays for it (fewer bot places than the fork left alone);
    // switching to what is already in force changes nothing; bad requests are refused.
    void proofOfWorkSwitchedOnInAFork() {
        std::vector<std::string> o = testing::tenthScale();
        o.insert(o.end(), {"durationSeconds=5400", "operatorPlan=[]", farm(10)});
        const sim::Scenario sc = testing::loadPreset("sluice-night-2021.json", o);
        auto s = std::move(sim::Simulation::create(sc)).value();
        s->runUntil(sc.start + 29 * 60'000); // a minute before the farm starts
        auto asIs = s->fork();
        auto same = s->fork();
        auto paid = s->fork();
        QVERIFY(same->setProofOfWork(sim::PowMode::Off, 0).isOk());
        QVERIFY(paid->setProofOfWork(sim::PowMode::Fixed, 22).isOk());
        QVERIFY(mentions(paid->setProofOfWork(sim::PowMode::Fixed, 33), "bits from 0 to 32"));
        asIs->runToEnd();
        same->runToEnd();
        paid->runToEnd();
        const sim::FairJoinsSummary a = *asIs->summarize().fairJoins;
        const sim::FairJoinsSummary b = *paid->summarize().fairJoins;
        QCOMPARE(same->summarize().fairJoins->botPlaces, a.botPlaces);
        QCOMPARE(same->samples().size(), asIs->samples().size());
        qInfo("bot places after the switch: %llu as is, %llu with 22 bits",
              static_cast<unsigned long long>(a.botPlaces),
              static_cast<unsigned long long>(b.botPlaces));
        QVERIFY(b.botPlaces < a.botPlaces);
        QCOMPARE(b.maxBits, 22);
        QVERIFY(b.botSolves > 0);
        QCOMPARE(a.botSolves, std::uint64_t{0});

        std::vector<std::string> plain = testing::tenthScale();
        plain.insert(plain.end(), {"durationSeconds=600", "operatorPlan=[]"});
        auto without = std::move(sim::Simulation::create(
                                     testing::loadPreset("sluice-night-2021.json", plain)))
                           .value();
        QVERIFY(mentions(without->setProofOfWork(sim::PowMode::Auto, 0), "no fairJoins"));
    }

    // Auto difficulty rises with the join rate the room sees.
    void autoDifficultyFollowsTheJoinRate() {
        const sim::SimSummary s = run({farm(10), "fairJoins.proofOfWork=\"auto\""});
        QVERIFY(s.fairJoins);
        QCOMPARE(s.fairJoins->minBits, 18);
        QVERIFY(s.fairJoins->maxBits > 18);
        QVERIFY(s.fairJoins->maxBits <= 22);
        QVERIFY(s.fairJoins->honestSolves > 50'000);
    }

    // The limit (30 a minute, bursts of 10) refuses people behind shared addresses at the
    // opening's spike, while a farm that spreads over enough addresses stays under it.
    void theJoinLimitRefusesSharedAddressesNotAWideFarm() {
        const std::vector<std::string> shared = {farm(10), "fairJoins.sharedAddressShare=0.3",
                                                 "fairJoins.peoplePerSharedAddress=1000"};
        std::vector<std::string> limited = shared;
        limited.emplace_back(R"(fairJoins.joinLimit={"perMinute":30,"burst":10})");
        const sim::SimSummary a = run(shared);
        const sim::SimSummary b = run(limited);
        const sim::FairJoinsSummary& f = *b.fairJoins;
        qInfo("refused: shared %llu, alone %llu, bots %llu; shared-address median time to join "
              "%.1f s → %.1f s",
              static_cast<unsigned long long>(f.refusedHonestShared),
              static_cast<unsigned long long>(f.refusedHonestAlone),
              static_cast<unsigned long long>(f.refusedBots),
              a.fairJoins->sharedTimeToJoinSeconds.p50, f.sharedTimeToJoinSeconds.p50);
        QCOMPARE(a.fairJoins->refusedHonestShared, std::uint64_t{0});
        QVERIFY(f.refusedHonestShared > 1000);
        QVERIFY(f.refusedHonestAlone * 100 <= f.refusedHonestShared);
        QCOMPARE(f.refusedBots, std::uint64_t{0});
        QCOMPARE(f.botPlaces, a.fairJoins->botPlaces);
        QCOMPARE(f.botPlaces, f.botAttempts);
        QVERIFY(f.sharedTimeToJoinSeconds.p90 > a.fairJoins->sharedTimeToJoinSeconds.p90 + 10);
        QVERIFY(f.botsShareOfFirstPlaces >= a.fairJoins->botsShareOfFirstPlaces - 0.01);
    }

    // A farm on few addresses is what the limit does stop.
    void theJoinLimitSlowsANarrowFarm() {
        const sim::SimSummary s = run({farm(10), "fairJoins.botFarm.addresses=5",
                                       "fairJoins.botFarm.attemptsPerSecondPerAddress=10",
                                       R"(fairJoins.joinLimit={"perMinute":30,"burst":10})"});
        const sim::FairJoinsSummary& f = *s.fairJoins;
        QVERIFY(f.refusedBots > f.botPlaces * 10);
        // 5 addresses × (30 a minute + a burst of 10) over 30 minutes: 4,550 places (a few
        // more from retries after queue-server errors).
        QVERIFY(f.botPlaces < 5'000);
        QVERIFY(f.botsShareOfFirstPlaces < 0.2);
    }

    // fairJoins with nothing in it changes nothing: the same series and summary, byte for
    // byte, as the run without it (the hooks draw nothing and move nobody).
    void aNeutralFairJoinsChangesNothing() {
        std::vector<std::string> o = testing::tenthScale();
        o.insert(o.end(), {"durationSeconds=5400", "operatorPlan=[]"});
        const sim::Scenario plain = testing::loadPreset("sluice-night-2021.json", o);
        o.emplace_back("fairJoins={}");
        const sim::Scenario neutral = testing::loadPreset("sluice-night-2021.json", o);
        QVERIFY(!plain.fairJoins);
        QVERIFY(neutral.fairJoins);
        auto a = std::move(sim::Simulation::create(plain)).value();
        auto b = std::move(sim::Simulation::create(neutral)).value();
        a->runToEnd();
        b->runToEnd();
        sim::SimSummary sa = a->summarize();
        sim::SimSummary sb = b->summarize();
        QVERIFY(!sa.fairJoins);
        QVERIFY(sb.fairJoins);
        QCOMPARE(sb.fairJoins->honestNeverJoined + sb.fairJoins->honestTimeToJoinSeconds.count,
                 sb.arrived);
        QVERIFY(sim::summaryJson(neutral, neutral.seed, sb).find("\"fairJoins\"") !=
                std::string::npos);
        QVERIFY(sim::summaryJson(plain, plain.seed, sa).find("fairJoins") == std::string::npos);
        sb.fairJoins.reset();
        QCOMPARE(sim::summaryJson(plain, plain.seed, sa), sim::summaryJson(plain, plain.seed, sb));
        QVERIFY(series::seriesCsv(a->samples(), plain.start) ==
                series::seriesCsv(b->samples(), plain.start));
    }

    void badValuesAreClearErrors_data() {
        QTest::addColumn<QString>("set");
        QTest::addColumn<QString>("expected");
        QTest::newRow("share") << "fairJoins.sharedAddressShare=1.5"
                               << "fairJoins.sharedAddressShare";
        QTest::newRow("per address") << "fairJoins.peoplePerSharedAddress=0"
                                     << "fairJoins.peoplePerSharedAddress";
        QTest::newRow("pow word") << "fairJoins.proofOfWork=\"fast\""
                                  << "fairJoins.proofOfWork: expected \"off\", \"auto\" or a whole "
                                     "number of bits from 0 to 32";
        QTest::newRow("pow bits") << "fairJoins.proofOfWork=40"
                                  << "fairJoins.proofOfWork";
        QTest::newRow("limit zero") << R"(fairJoins.joinLimit={"perMinute":0})"
                                    << "fairJoins.joinLimit.perMinute";
        QTest::newRow("limit word") << "fairJoins.joinLimit=\"none\""
                                    << "fairJoins.joinLimit: expected \"off\" or";
        QTest::newRow("farm start") << R"(fairJoins.botFarm={"bots":10})"
                                    << "fairJoins.botFarm.startAt: required when bots > 0";
        QTest::newRow("farm late")
            << R"(fairJoins.botFarm={"bots":10,"startAt":"2021-07-21T19:30:00+09:00"})"
            << "fairJoins.botFarm.startAt: must fall within start";
        QTest::newRow("farm rate") << "fairJoins.botFarm.attemptsPerSecondPerAddress=0"
                                   << "fairJoins.botFarm.attemptsPerSecondPerAddress";
        QTest::newRow("floor") << R"(fairJoins.proofOfWorkAuto={"floorBits":23})"
                               << "fairJoins.proofOfWorkAuto: floorBits must not be above";
        QTest::newRow("hash rate") << "fairJoins.phoneHashesPerSecond=0"
                                   << "fairJoins.phoneHashesPerSecond";
        QTest::newRow("unknown") << "fairJoins.botz=1"
                                 << "fairJoins.botz: unknown field";
    }
    void badValuesAreClearErrors() {
        QFETCH(QString, set);
        QFETCH(QString, expected);
        auto sc =
            sim::loadScenario(testing::kPresets + "sluice-night-2021.json", {set.toStdString()});
        QVERIFY(!sc.isOk());
        QVERIFY2(mentions(sc.status(), expected.toStdString()), sc.status().message().c_str());
    }

    void theBotFarmPresetLoads() {
        const sim::Scenario sc = testing::loadPreset("sluice-night-2021-bot-farm.json");
        QVERIFY(sc.fairJoins);
        QCOMPARE(sc.fairJoins->botFarm.bots, 20'000u);
        QVERIFY(sc.fairJoins->proofOfWork == sim::PowMode::Off);
        QCOMPARE(sc.fairJoins->joinLimitPerMinute, 0);
        QCOMPARE(sc.population.people,
                 testing::loadPreset("sluice-night-2021.json").population.people);
    }
};

QTEST_GUILESS_MAIN(TstFairJoinsSim)
#include "tst_fair_joins_sim.moc"
