// SPDX-License-Identifier: Apache-2.0
// Short launch nights at a tenth of the scale, small enough for the sanitizer build: the
// simulator's calendar, people and engine under ASan/UBSan, with the accounting checks
// that catch a person lost or counted twice.
#include "series/series_csv.h"
#include "sim/scenario.h"
#include "sim/sim_output.h"
#include "sim/simulation.h"
#include "sim_fixtures.h"

#include <QtTest>

using namespace sluice;

namespace {

sim::Scenario tenthScaleNight(const char* preset) {
    std::vector<std::string> o = testing::tenthScale();
    o.insert(o.end(), {"durationSeconds=9000", "operatorPlan=[]"});
    return testing::loadPreset(preset, o);
}

} // namespace

class TstSimulationSmall : public QObject {
    Q_OBJECT
private slots:
    void everyoneIsAccountedFor_data() {
        QTest::addColumn<QString>("preset");
        QTest::newRow("seed night") << "seed-night-2021.json";
        QTest::newRow("sluice night") << "sluice-night-2021.json";
    }
    void everyoneIsAccountedFor() {
        QFETCH(QString, preset);
        const sim::Scenario sc = tenthScaleNight(qPrintable(preset));
        auto created = sim::Simulation::create(sc);
        QVERIFY(created.isOk());
        auto s = std::move(created).value();
        // In two steps: stopping and going on must not lose or repeat anything.
        s->runUntil(sc.start + 3'600'000);
        QCOMPARE(s->samples().size(), std::size_t{3599});
        s->runToEnd();
        QVERIFY(s->finished());
        const sim::SimSummary r = s->summarize();
        QCOMPARE(s->samples().size(), std::size_t{8999});
        // Every person who arrived is in exactly one place.
        const std::uint64_t ended =
            r.booked + r.gaveUp + r.leftOnEstimate + r.failedAfterAdmission + r.sessionExpired;
        // (The seed night's reopening wave comes after these 2 h 30 min.)
        QVERIFY(r.arrived > 60'000);
        QCOMPARE(ended + r.stillQueued + r.stillInBackend + r.stillJoining + r.stillClaiming,
                 r.arrived);
        QVERIFY(r.littleRelativeError < 0.02);
        // The engine's head count matches the people who think they are in line, at the end
        // (engine-side stragglers are those whose ticket it has not yet found idle).
        const series::Sample& last = s->samples().back();
        QVERIFY(last.peopleQueued <= last.waiting + last.preQueued + last.admittedUnclaimed);
    }

    // The console's what-if runs on a fork: the fork must go on exactly as the original
    // would, and nothing done to the fork may reach the original.
    void aForkGoesOnLikeTheOriginalAndLeavesItAlone() {
        const sim::Scenario sc = tenthScaleNight("sluice-night-2021.json");
        const auto outputs = [&](const sim::Simulation& s) {
            return series::seriesCsv(s.samples(), sc.start) +
                   sim::summaryJson(sc, sc.seed, s.summarize());
        };
        auto untouched = std::move(sim::Simulation::create(sc)).value();
        untouched->runToEnd();

        auto original = std::move(sim::Simulation::create(sc)).value();
        original->runUntil(sc.start + 3'000'000);
        auto same = original->fork();
        auto faster = original->fork();
        engine::ConfigChange change;
        change.admissionRatePerMinute = 1000;
        QVERIFY(faster->applyControl("what-if", change).isOk());
        faster->runToEnd();
        same->runToEnd();
        original->runToEnd();

        QCOMPARE(outputs(*original), outputs(*untouched));
        QCOMPARE(outputs(*same), outputs(*untouched));
        QCOMPARE(same->engine().audit().size(), original->engine().audit().size());
        // The faster fork really ran differently: a shorter line at the same moment.
        const auto at = [](const sim::Simulation& s, std::size_t i) {
            return s.samples().at(i).waiting;
        };
        QVERIFY(at(*faster, 5000) < at(*original, 5000));
        QCOMPARE(faster->engine().audit().size(), original->engine().audit().size() + 1);
    }
};

QTEST_GUILESS_MAIN(TstSimulationSmall)
#include "tst_simulation_small.moc"
