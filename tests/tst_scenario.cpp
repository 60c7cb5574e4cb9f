// SPDX-License-Identifier: Apache-2.0
#include "engine/utc_format.h"
#include "sim/scenario.h"

#include <QTest>
#include <string>

using namespace sluice;

namespace {

const std::string kPresets = SLUICE_SOURCE_DIR "/resources/scenarios/";

// A small valid scenario; tests break one thing at a time.
std::string minimal(const std::string& extraTop = "", const std::string& eventExtra = "") {
    return R"({"format":"sluice-scenario/1","name":"t","start":"2021-07-19T19:00:00+09:00",
              "durationSeconds":3600,)" +
           extraTop + R"(
              "event":{"eventId":"e","opensAt":"2021-07-19T20:00:00+09:00",
                       "admissionRatePerMinute":100,"capacity":10)" +
           eventExtra + R"(},
              "population":{"people":1000}})";
}

bool mentions(const engine::Status& s, const std::string& text) {
    return s.message().find(text) != std::string::npos;
}

} // namespace

class TstScenario : public QObject {
    Q_OBJECT
private slots:
    void parsesTimesWithTheirZone_data();
    void parsesTimesWithTheirZone();
    void presetsLoad();
    void minimalScenarioTakesDefaults();
    void unknownFieldIsAnErrorNamingItsPath();
    void everyProblemIsListedWithItsPath();
    void badJsonSaysWhere();
    void overridesApplyBeforeValidation();
    void planStepsMustFallInsideTheRunInOrder();
    void planStepsReadTheOperatorChangeCodec();
    void missingFileIsAnIoError();
};

void TstScenario::parsesTimesWithTheirZone_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("ms");
    QTest::newRow("KST") << "2021-07-19T20:00:00+09:00" << true << qint64{1'626'692'400'000};
    QTest::newRow("UTC") << "2021-07-19T11:00:00Z" << true << qint64{1'626'692'400'000};
    QTest::newRow("millis") << "2021-07-19T11:00:00.250Z" << true << qint64{1'626'692'400'250};
    QTest::newRow("negative offset")
        << "2021-07-19T06:00:00-05:00" << true << qint64{1'626'692'400'000};
    QTest::newRow("no zone") << "2021-07-19T20:00:00" << false << qint64{0};
    QTest::newRow("bad day") << "2021-02-30T20:00:00Z" << false << qint64{0};
    QTest::newRow("hour 24") << "2021-07-19T24:00:00Z" << false << qint64{0};
    QTest::newRow("trailing") << "2021-07-19T20:00:00Zx" << false << qint64{0};
}

void TstScenario::parsesTimesWithTheirZone() {
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(qint64, ms);
    engine::TimeMs t = 0;
    QCOMPARE(engine::parseUtc(text.toStdString(), t), ok);
    if (ok) {
        QCOMPARE(t, ms);
        QCOMPARE(engine::formatUtc(t).substr(0, 19), engine::formatUtc(ms).substr(0, 19));
    }
}

void TstScenario::presetsLoad() {
    for (const char* name : {"seed-night-2021.json", "sluice-night-2021.json"}) {
        auto sc = sim::loadScenario(kPresets + name);
        QVERIFY2(sc.isOk(), sc.status().message().c_str());
        QCOMPARE(sc->population.people, 1'510'000u);
        QCOMPARE(sc->event.cohorts.size(), std::size_t{1});
        QCOMPARE(sc->event.cohorts[0].bornFrom, 19670101);
        QCOMPARE(sc->event.cohorts[0].opensAt, engine::TimeMs{1'626'692'400'000});
    }
    auto seed = sim::loadScenario(kPresets + "seed-night-2021.json");
    QVERIFY(seed->clientSideEnforcement);
    QCOMPARE(seed->durationSeconds, 41 * 3600); // to 21 July noon (983,345 booked by then)
    QCOMPARE(seed->plan.size(), std::size_t{5});
    QCOMPARE(*seed->plan[1].change.paused, true);
    QCOMPARE(*seed->plan[1].backendCapacity, 0); // the site down for the maintenance
    QCOMPARE(seed->population.waves.size(), std::size_t{2});
    QCOMPARE(*seed->plan[1].scaleOutToNodes, 10);
    QCOMPARE(seed->plan[2].at, engine::TimeMs{1'626'692'400'000 + 2 * 3600 * 1000});
    auto sluiceNight = sim::loadScenario(kPresets + "sluice-night-2021.json");
    QVERIFY(!sluiceNight->clientSideEnforcement);
    QCOMPARE(sluiceNight->durationSeconds, 6 * 3600);
    QCOMPARE(seed->clients.failOpenAfterErrors, 2); // a time-out and one retry, then "go"
    QCOMPARE(sluiceNight->clients.failOpenAfterErrors, 0);
    QCOMPARE(sluiceNight->clients.pollPolicy, sim::PollPolicy::Advice);
}

void TstScenario::minimalScenarioTakesDefaults() {
    auto sc = sim::parseScenario(minimal());
    QVERIFY2(sc.isOk(), sc.status().message().c_str());
    QCOMPARE(sc->event.capacity, 10);
    QCOMPARE(sc->queueServers.nodes, sim::QueueServers{}.nodes);
    QCOMPARE(sc->clients.cheaterShare, sim::Clients{}.cheaterShare);
    QVERIFY(sc->plan.empty());
}

void TstScenario::unknownFieldIsAnErrorNamingItsPath() {
    auto sc = sim::parseScenario(minimal("", R"(,"capacityy":5)"));
    QVERIFY(!sc.isOk());
    QVERIFY2(mentions(sc.status(), "event.capacityy: unknown field"),
             sc.status().message().c_str());
    auto top = sim::parseScenario(minimal(R"("sed":1,)"));
    QVERIFY2(mentions(top.status(), "sed: unknown field"), top.status().message().c_str());
}

void TstScenario::everyProblemIsListedWithItsPath() {
    const std::string text = R"({"format":"sluice-scenario/2","name":"t","start":"19:00",
        "durationSeconds":-5,
        "event":{"eventId":"e","opensAt":"2021-07-19T20:00:00Z","admissionRatePerMinute":"fast",
                 "capacity":10,"preQueuePolicy":"lottery",
                 "cohorts":[{"name":"a","bornFrom":"1967-13-01","bornTo":"1968-12-31","opensAt":"2021-07-19T20:00:00Z"}]},
        "population":{"people":0,"arrivals":"burst","ratePerSecond":0},
        "clients":{"cheats":{"teleport":1},"failOpenAfterErrors":-1,"pageLoadSeconds":"soon"},
        "backend":{"serviceDistribution":"uniform"},
        "operatorPlan":[{"at":"2021-07-19T21:00:00Z"}]})";
    auto sc = sim::parseScenario(text);
    QVERIFY(!sc.isOk());
    const engine::Status& s = sc.status();
    for (const char* path :
         {"format: expected \"sluice-scenario/1\"", "start: expected a time with its zone",
          "durationSeconds: expected a whole number", "event.admissionRatePerMinute:",
          "event.preQueuePolicy: expected one of \"random\", \"fifo\"",
          "event.cohorts[0].bornFrom: expected a date", "population.people:",
          "clients.cheats.teleport: unknown field", "operatorPlan[0]: a step must change",
          "population.arrivals: expected one of \"launch\", \"poisson\"",
          "population.ratePerSecond:", "clients.failOpenAfterErrors:", "clients.pageLoadSeconds:",
          "backend.serviceDistribution: expected one of \"lognormal\", \"exponential\""}) {
        QVERIFY2(mentions(s, path), qPrintable(QString("missing '%1' in:\n%2")
                                                   .arg(path)
                                                   .arg(QString::fromStdString(s.message()))));
    }
}

void TstScenario::badJsonSaysWhere() {
    auto sc = sim::parseScenario("{\"name\": \"t\",\n \"seed\": 1,,}");
    QVERIFY(!sc.isOk());
    QVERIFY2(mentions(sc.status(), "not valid JSON") && mentions(sc.status(), "line 2"),
             sc.status().message().c_str());
}

void TstScenario::overridesApplyBeforeValidation() {
    auto sc = sim::parseScenario(
        minimal(), {"event.capacity=8000", "clients.pollPolicy=fixed", "population.people=50"});
    QVERIFY2(sc.isOk(), sc.status().message().c_str());
    QCOMPARE(sc->event.capacity, 8000);
    QCOMPARE(sc->clients.pollPolicy, sim::PollPolicy::Fixed); // a bare word is taken as a string
    QCOMPARE(sc->population.people, 50u);
    auto bad = sim::parseScenario(minimal(), {"event.capacity=-1"});
    QVERIFY(mentions(bad.status(), "event.capacity: expected a whole number from 0"));
    auto typo = sim::parseScenario(minimal(), {"event.capcity=5"});
    QVERIFY(mentions(typo.status(), "event.capcity: unknown field"));
    auto noEquals = sim::parseScenario(minimal(), {"event.capacity"});
    QVERIFY(mentions(noEquals.status(), "expected path=value"));
}

void TstScenario::planStepsMustFallInsideTheRunInOrder() {
    auto sc = sim::parseScenario(minimal(R"("operatorPlan":[
        {"at":"2021-07-19T19:30:00+09:00","capacity":20},
        {"at":"2021-07-19T19:10:00+09:00","paused":true},
        {"at":"2021-07-20T19:10:00+09:00","paused":false}],)"));
    QVERIFY(!sc.isOk());
    QVERIFY2(mentions(sc.status(), "operatorPlan[1].at: steps must be in time order"),
             sc.status().message().c_str());
    QVERIFY(mentions(sc.status(), "operatorPlan[2].at: must fall within"));
}

// A plan step's change is read by the same reader as sluiced's controls: the same limits,
// the operator optional ("plan" when absent).
void TstScenario::planStepsReadTheOperatorChangeCodec() {
    auto sc = sim::parseScenario(minimal(R"("operatorPlan":[
        {"at":"2021-07-19T19:30:00+09:00","capacity":20,"message":"more room"},
        {"at":"2021-07-19T19:40:00+09:00","operator":"ana","paused":true}],)"));
    QVERIFY2(sc.isOk(), sc.status().message().c_str());
    QCOMPARE(sc->plan.size(), std::size_t{2});
    QCOMPARE(sc->plan[0].operatorName, std::string("plan"));
    QCOMPARE(sc->plan[0].change.capacity, std::optional<int>(20));
    QCOMPARE(sc->plan[0].change.message, std::optional<std::string>("more room"));
    QCOMPARE(sc->plan[1].operatorName, std::string("ana"));
    QCOMPARE(sc->plan[1].change.paused, std::optional<bool>(true));

    auto bad = sim::parseScenario(minimal(R"("operatorPlan":[
        {"at":"2021-07-19T19:30:00+09:00","operator":")" +
                                          std::string(101, 'o') + R"(","capacity":-1}],)"));
    QVERIFY(!bad.isOk());
    QVERIFY2(mentions(bad.status(), "operatorPlan[0].operator: expected a string of at most 100"),
             bad.status().message().c_str());
    QVERIFY(mentions(bad.status(), "operatorPlan[0].capacity: expected a whole number"));
}

void TstScenario::missingFileIsAnIoError() {
    auto sc = sim::loadScenario("/nonexistent/scenario.json");
    QCOMPARE(sc.status().code(), engine::Status::Code::IoError);
    QVERIFY(mentions(sc.status(), "/nonexistent/scenario.json"));
}

QTEST_APPLESS_MAIN(TstScenario)
#include "tst_scenario.moc"
