// SPDX-License-Identifier: Apache-2.0
// The series library beyond its files: the one mapping from the engine's metrics to the
// sample (what the engine knows, what only the caller knows), one sample as JSON, and an
// operator's change as JSON (sluiced's controls, a scenario's plan).
#include "engine/utc_format.h"
#include "series/operator_change_json.h"
#include "series/sample_of.h"
#include "series/series_csv.h"
#include "series/series_json.h"

#include <QTest>

using namespace sluice;

namespace {

constexpr engine::TimeMs kAt = 1'626'692'400'000; // 2021-07-19T11:00:00Z

engine::MetricsSnapshot knownMetrics() {
    engine::MetricsSnapshot m;
    m.at = kAt;
    m.waiting = 1200;
    m.preQueued = 30;
    m.activeSessions = 400;
    m.admittedUnclaimed = 12;
    m.capacity = 500;
    m.admissionRatePerMinute = 600;
    m.paused = true;
    m.joinsPerSecond = 25.5;
    m.admitsPerSecond = 9.75;
    m.completionsTotal = 700;
    m.abandonsTotal = 40;
    m.leavesTotal = 2;
    m.newArrivalWait.known = true;
    m.newArrivalWait.seconds = 123.4;
    m.tokenRejections[0] = 3;
    m.tokenRejections[2] = 4;
    m.ticketRejections = 5;
    return m;
}

bool mentions(const engine::Status& s, const std::string& text) {
    return s.message().find(text) != std::string::npos;
}

} // namespace

class TstSeries : public QObject {
    Q_OBJECT
private slots:
    void aNodeSampleTakesTheEnginesCounts();
    void aSimulatedSampleTakesThePeopleSeen();
    void oneSampleRoundTripsWithTheCsvColumnNames();
    void brokenSampleIsRefusedNamingEachField();
    void operatorChangeRoundTrips();
    void operatorChangeRefusalsNameTheField();
    void operatorNameLimitIsTheEnginesAtTheBoundary();
};

void TstSeries::aNodeSampleTakesTheEnginesCounts() {
    series::CallerCounts node;
    node.nodes = 1;
    node.queueRequests = 900;
    node.queueErrors = 7;
    node.realisedWaitSeconds = 61.5;
    const series::Sample s = series::sampleOf(knownMetrics(), node);
    QCOMPARE(s.at, kAt);
    QCOMPARE(s.waiting, std::uint64_t{1200});
    QCOMPARE(s.preQueued, std::uint64_t{30});
    QCOMPARE(s.activeSessions, std::uint64_t{400});
    QCOMPARE(s.admittedUnclaimed, std::uint64_t{12});
    QCOMPARE(s.capacity, 500);
    QCOMPARE(s.admissionRatePerMinute, 600);
    QCOMPARE(s.paused, true);
    QCOMPARE(s.joinsPerSecond, 25.5);
    QCOMPARE(s.admitsPerSecond, 9.75);
    QCOMPARE(s.engineEstimateSeconds, 123.4);
    QCOMPARE(s.rejectedTokensTotal, std::uint64_t{7});
    // What the caller counted.
    QCOMPARE(s.nodes, 1);
    QCOMPARE(s.queueRequests, std::uint64_t{900});
    QCOMPARE(s.queueErrors, std::uint64_t{7});
    QCOMPARE(s.realisedWaitSeconds, 61.5);
    // No people seen: the engine's counts stand in.
    QCOMPARE(s.shownEstimateSeconds, 123.4);
    QCOMPARE(s.peopleQueued, std::uint64_t{1230});
    QCOMPARE(s.backendBusy, std::uint64_t{400});
    QCOMPARE(s.backendCapacity, 500);
    QCOMPARE(s.backendErrors, std::uint64_t{0});
    QCOMPARE(s.bookedTotal, std::uint64_t{700});
    QCOMPARE(s.gaveUpTotal, std::uint64_t{42});
    QCOMPARE(s.cheatAttemptsTotal, std::uint64_t{12}); // 7 tokens + 5 tickets
    QCOMPARE(s.cheatSuccessesTotal, std::uint64_t{0});
}

void TstSeries::aSimulatedSampleTakesThePeopleSeen() {
    series::CallerCounts sim;
    sim.nodes = 8;
    sim.queueRequests = 50'000;
    sim.queueErrors = 1'000;
    sim.realisedWaitSeconds = 30;
    series::PeopleSeen& p = sim.people.emplace();
    p.shownEstimateSeconds = 5.0;
    p.peopleQueued = 1300;
    p.backendBusy = 2500;
    p.backendCapacity = 2500;
    p.backendErrors = 17;
    p.bookedTotal = 650;
    p.gaveUpTotal = 90;
    p.cheatAttemptsTotal = 33;
    p.cheatSuccessesTotal = 31;
    const series::Sample s = series::sampleOf(knownMetrics(), sim);
    QCOMPARE(s.waiting, std::uint64_t{1200}); // the engine's fields stay the engine's
    QCOMPARE(s.engineEstimateSeconds, 123.4);
    QCOMPARE(s.rejectedTokensTotal, std::uint64_t{7});
    QCOMPARE(s.nodes, 8);
    QCOMPARE(s.queueErrors, std::uint64_t{1000});
    QCOMPARE(s.shownEstimateSeconds, 5.0);
    QCOMPARE(s.peopleQueued, std::uint64_t{1300});
    QCOMPARE(s.backendBusy, std::uint64_t{2500});
    QCOMPARE(s.backendErrors, std::uint64_t{17});
    QCOMPARE(s.bookedTotal, std::uint64_t{650});
    QCOMPARE(s.gaveUpTotal, std::uint64_t{90});
    QCOMPARE(s.cheatAttemptsTotal, std::uint64_t{33});
    QCOMPARE(s.cheatSuccessesTotal, std::uint64_t{31});

    // Pages that show the engine's estimate leave the shown estimate to it; an unknown
    // estimate is no figure (never 0, which reads as "no wait").
    p.shownEstimateSeconds.reset();
    engine::MetricsSnapshot unknown = knownMetrics();
    unknown.newArrivalWait.known = false;
    QCOMPARE(series::sampleOf(knownMetrics(), sim).shownEstimateSeconds, 123.4);
    QVERIFY(!series::hasFigure(series::sampleOf(unknown, sim).engineEstimateSeconds));
    QVERIFY(!series::hasFigure(series::sampleOf(unknown, sim).shownEstimateSeconds));
}

void TstSeries::oneSampleRoundTripsWithTheCsvColumnNames() {
    series::CallerCounts node;
    node.queueRequests = 900;
    node.realisedWaitSeconds = 61.5;
    const series::Sample s = series::sampleOf(knownMetrics(), node);
    const std::string json = series::sampleJson(s);
    QVERIFY2(json.starts_with(R"({"time_utc":"2021-07-19T11:00:00.000Z","waiting":1200,)"),
             json.c_str());
    QVERIFY(json.find(R"("paused":true)") != std::string::npos);
    // Every column of the CSV header but t_seconds, in its order.
    const std::string header = series::seriesCsvHeader();
    std::size_t from = json.find("\"waiting\"");
    for (std::size_t at = header.find("waiting"); at < header.size();) {
        const std::size_t end = header.find_first_of(",\n", at);
        const std::string key = "\"" + header.substr(at, end - at) + "\":";
        const std::size_t found = json.find(key, from);
        QVERIFY2(found != std::string::npos, key.c_str());
        from = found;
        at = end + 1;
    }
    auto back = series::readSampleJson(json);
    QVERIFY2(back.isOk(), back.status().message().c_str());
    QCOMPARE(series::sampleJson(back.value()), json);
    QCOMPARE(back->waiting, s.waiting);
    QCOMPARE(back->paused, true);
    QCOMPARE(back->realisedWaitSeconds, 61.5);
    QCOMPARE(back->engineEstimateSeconds, 123.4); // to the CSV's one decimal
    QCOMPARE(series::seriesCsvRow(back.value(), 0), series::seriesCsvRow(s, 0));

    // Fields it does not know are left alone (the stream may carry more).
    std::string more = json;
    more.insert(1, R"("eventId":"e1",)");
    QVERIFY(series::readSampleJson(more).isOk());
}

void TstSeries::brokenSampleIsRefusedNamingEachField() {
    const std::string good = series::sampleJson(series::sampleOf(knownMetrics(), {}));
    QCOMPARE(series::readSampleJson("[1]").status().message(),
             std::string("sample: expected a JSON object"));
    QCOMPARE(series::readSampleJson("{nope").status().message(),
             std::string("sample: expected a JSON object"));
    std::string bad = good;
    bad.replace(bad.find(R"("waiting":1200)"), 14, R"("waiting":-3)");
    bad.replace(bad.find(R"("paused":true)"), 13, R"("paused":1)");
    bad.erase(bad.find(R"("nodes":1,)"), 10);
    auto refused = series::readSampleJson(bad);
    QVERIFY(!refused.isOk());
    QVERIFY2(mentions(refused.status(), "waiting: expected a whole number from 0"),
             refused.status().message().c_str());
    QVERIFY(mentions(refused.status(), "paused: expected true or false, found 1"));
    QVERIFY(mentions(refused.status(), "nodes: required"));
    std::string noTime = good;
    noTime.replace(noTime.find("2021-07-19T11:00:00.000Z"), 24, "2021-07-19 11:00");
    QVERIFY(mentions(series::readSampleJson(noTime).status(), "time_utc: expected a time"));
    std::string negativeRate = good;
    negativeRate.replace(negativeRate.find(R"("joins_per_second":25.5)"), 23,
                         R"("joins_per_second":-1)");
    QVERIFY(mentions(series::readSampleJson(negativeRate).status(),
                     "joins_per_second: expected a number from 0"));
}

void TstSeries::operatorChangeRoundTrips() {
    series::OperatorChange c;
    c.operatorName = "ana \"ops\"";
    c.change.admissionRatePerMinute = 4000;
    c.change.capacity = 8000;
    c.change.paused = false;
    c.change.opensAt = kAt;
    c.change.message = "Back at 21:00 KST";
    const std::string json = series::operatorChangeJson(c);
    QCOMPARE(json, std::string(R"({"operator":"ana \"ops\"","admissionRatePerMinute":4000,)"
                               R"("capacity":8000,"paused":false,)"
                               R"("opensAt":"2021-07-19T11:00:00.000Z",)"
                               R"("message":"Back at 21:00 KST"})"));
    auto back = series::readOperatorChangeJson(json);
    QVERIFY2(back.isOk(), back.status().message().c_str());
    QCOMPARE(back->operatorName, c.operatorName);
    QCOMPARE(back->change.admissionRatePerMinute, c.change.admissionRatePerMinute);
    QCOMPARE(back->change.capacity, c.change.capacity);
    QCOMPARE(back->change.paused, c.change.paused);
    QCOMPARE(back->change.opensAt, c.change.opensAt);
    QCOMPARE(back->change.message, c.change.message);

    auto onlyPause = series::readOperatorChangeJson(R"({"operator":"bo","paused":true})");
    QVERIFY(onlyPause.isOk());
    QVERIFY(!onlyPause->change.capacity && !onlyPause->change.message);
    QCOMPARE(series::operatorChangeJson(onlyPause.value()),
             std::string(R"({"operator":"bo","paused":true})"));
}

void TstSeries::operatorChangeRefusalsNameTheField() {
    const auto refusal = [](const std::string& json) {
        return series::readOperatorChangeJson(json).status().message();
    };
    QCOMPARE(refusal(R"({"capacity":10})"), std::string("operator: required"));
    QCOMPARE(refusal(R"({"operator":"","capacity":10})"),
             std::string("operator: must not be empty: name the operator"));
    QCOMPARE(refusal(R"({"operator":"a"})"),
             std::string("nothing to change: give at least one control"));
    QCOMPARE(refusal("not json"), std::string("not valid JSON"));
    QVERIFY(refusal(R"({"operator":"a","capacity":10,"colour":"red"})")
                .starts_with("colour: unknown field"));
    QVERIFY(refusal(R"({"operator":"a","capacity":-1})")
                .starts_with("capacity: expected a whole number from 0 to 100000000"));
    QVERIFY(refusal(R"({"operator":"a","admissionRatePerMinute":"fast"})")
                .starts_with("admissionRatePerMinute: expected a whole number"));
    QVERIFY(refusal(R"({"operator":"a","paused":"yes"})")
                .starts_with("paused: expected true or false"));
    QVERIFY(refusal(R"({"operator":"a","opensAt":"2021-07-19T20:00:00"})")
                .starts_with("opensAt: expected a time with its zone"));
    QVERIFY(refusal(R"({"operator":"a","message":")" + std::string(1001, 'm') + "\"}")
                .starts_with("message: expected a string of at most 1000 bytes"));
    // Every problem, one a line.
    const std::string two = refusal(R"({"operator":7,"capacity":true})");
    QVERIFY2(two.starts_with("operator: expected a string") &&
                 two.find("\ncapacity: expected a whole number") != std::string::npos,
             two.c_str());
}

void TstSeries::operatorNameLimitIsTheEnginesAtTheBoundary() {
    QCOMPARE(engine::kMaxOperatorNameBytes, std::size_t{100});
    const auto change = [](std::size_t nameBytes) {
        return series::readOperatorChangeJson(R"({"operator":")" + std::string(nameBytes, 'o') +
                                              R"(","paused":true})");
    };
    QVERIFY(change(1).isOk());
    QVERIFY(change(100).isOk());
    QCOMPARE(change(100)->operatorName.size(), std::size_t{100});
    QVERIFY(change(101).status().message().starts_with(
        "operator: expected a string of at most 100 bytes"));
}

QTEST_APPLESS_MAIN(TstSeries)
#include "tst_series.moc"
