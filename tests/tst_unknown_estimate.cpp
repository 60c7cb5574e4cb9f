// SPDX-License-Identifier: Apache-2.0
// "Unknown" and "paused" are never a number: with capacity 0 nobody can ever be admitted,
// a paused room's wait depends on when it resumes, a stalled site admits no one. The
// engine says so, the series files carry no figure (an empty CSV field, a JSON null — not
// 0 s, which reads as "no wait"), and the simulator's people are shown words.
#include "engine_fixtures.h"
#include "series/sample_of.h"
#include "series/series_csv.h"
#include "series/series_json.h"
#include "sim/simulation.h"
#include "sim_fixtures.h"

#include <QtTest>

using namespace sluice;
using namespace sluice::engine;
using namespace sluice::test;

namespace {

EventConfig crowd(int capacity) {
    EventConfig c = launchNight();
    c.admissionRatePerMinute = 600;
    c.capacity = capacity;
    c.idleTimeoutSeconds = 100'000;
    c.claimGraceSeconds = 100'000;
    return c;
}

// `people` waiting and `seconds` of ticks from the opening.
TimeMs queueFor(QueueEngine& e, int people, int seconds) {
    for (int i = 0; i < people; ++i) {
        (void)e.join(kOpening); // no proof of work or join limit here: never refused
    }
    TimeMs t = kOpening;
    for (int s = 0; s <= seconds * 10; ++s) {
        t = kOpening + s * 100;
        e.tick(t);
    }
    return t;
}

} // namespace

class TstUnknownEstimate : public QObject {
    Q_OBJECT
private slots:
    void capacityZeroIsUnknown();
    void pausedRoomSaysPausedAndKeepsAFigureForTheResumption();
    void longStallIsUnknownShortStallIsNot();
    void seriesFilesWriteNoFigureAsEmptyAndNull();
    void simulatedNightWithoutCapacityShowsWords();
};

void TstUnknownEstimate::capacityZeroIsUnknown() {
    QueueEngine e = makeEngine(crowd(0));
    const TimeMs t = queueFor(e, 100, 30);
    auto v = e.poll(t, 5);
    QVERIFY(v.isOk());
    QVERIFY(!v->wait.known);
    QVERIFY(!v->wait.paused);
    const series::Sample s = series::sampleOf(e.sampleMetrics(t), {});
    QVERIFY(!series::hasFigure(s.engineEstimateSeconds));
    QVERIFY(!series::hasFigure(s.shownEstimateSeconds));
}

void TstUnknownEstimate::pausedRoomSaysPausedAndKeepsAFigureForTheResumption() {
    QueueEngine e = makeEngine(crowd(1'000'000));
    TimeMs t = queueFor(e, 10'000, 60);
    QVERIFY(e.configure(t, "ops", ConfigChange{.paused = true}).isOk());
    t += kSecond;
    e.tick(t);
    auto v = e.poll(t, 9'000);
    QVERIFY(v.isOk());
    QVERIFY(v->paused);
    QVERIFY(v->wait.paused);
    QVERIFY(v->wait.known); // what it will be once admissions resume
    QVERIFY(v->wait.seconds > 0);
    const series::Sample s = series::sampleOf(e.sampleMetrics(t), {});
    QVERIFY2(!series::hasFigure(s.engineEstimateSeconds), "a paused room's figure is words");
}

void TstUnknownEstimate::longStallIsUnknownShortStallIsNot() {
    // The protected site fills (100 slots, nobody finishes): admissions stop with people
    // waiting. Thirty seconds of it is a stall the estimate rides out; five minutes is a
    // site that is not admitting anyone, and no figure is honest then.
    QueueEngine e = makeEngine(crowd(100));
    TimeMs t = queueFor(e, 5'000, 20);
    QCOMPARE(e.admittedUnclaimed(), 100u);
    for (int s = 1; s <= 30; ++s) {
        e.tick(t + s * kSecond);
    }
    t += 30 * kSecond;
    auto shortStall = e.poll(t, 4'000);
    QVERIFY(shortStall->wait.known);
    for (int s = 1; s <= 300; ++s) {
        e.tick(t + s * kSecond);
    }
    t += 300 * kSecond;
    auto longStall = e.poll(t, 4'000);
    QVERIFY(!longStall->wait.known);
    QVERIFY(longStall->wait.stalled);
}

void TstUnknownEstimate::seriesFilesWriteNoFigureAsEmptyAndNull() {
    series::Sample known;
    known.at = kOpening;
    known.shownEstimateSeconds = 120.5;
    known.engineEstimateSeconds = 120.5;
    series::Sample unknown = known;
    unknown.at = kOpening + kSecond;
    unknown.shownEstimateSeconds = series::kNoFigure;
    unknown.engineEstimateSeconds = series::kNoFigure;
    const std::string csv = series::seriesCsv({known, unknown}, kOpening);
    const QStringList lines = QString::fromStdString(csv).trimmed().split('\n');
    const QStringList header = lines[0].split(',');
    const int shown = static_cast<int>(header.indexOf("shown_estimate_seconds"));
    QCOMPARE(lines[1].split(',')[shown], QString("120.5"));
    QCOMPARE(lines[2].split(',')[shown], QString(""));
    auto back = series::readSeriesCsv(csv);
    QVERIFY2(back.isOk(), back.status().message().c_str());
    QCOMPARE(back.value()[0].shownEstimateSeconds, 120.5);
    QVERIFY(!series::hasFigure(back.value()[1].shownEstimateSeconds));
    QVERIFY(!series::hasFigure(back.value()[1].engineEstimateSeconds));

    const std::string json = series::sampleJson(unknown);
    QVERIFY2(json.find("\"shown_estimate_seconds\":null") != std::string::npos, json.c_str());
    auto one = series::readSampleJson(json);
    QVERIFY2(one.isOk(), one.status().message().c_str());
    QVERIFY(!series::hasFigure(one->shownEstimateSeconds));
    const std::string files = series::seriesJson({known, unknown}, kOpening);
    QVERIFY2(files.find("[120.5,null]") != std::string::npos, files.c_str());
}

void TstUnknownEstimate::simulatedNightWithoutCapacityShowsWords() {
    const sim::Scenario sc = testing::smallNight({"event.capacity=0", "durationSeconds=5400"});
    auto created = sim::Simulation::create(sc);
    QVERIFY(created.isOk());
    auto s = std::move(created).value();
    s->runToEnd();
    const sim::SimSummary summary = s->summarize();
    QCOMPARE(summary.admitted, std::uint64_t{0});
    for (const series::Sample& x : s->samples()) {
        QVERIFY(!series::hasFigure(x.shownEstimateSeconds));
    }
    std::uint64_t shownWords = 0;
    s->forEachPerson([&](const sim::PersonRecord& p) {
        QVERIFY(!p.first); // never a figure in line
        if (p.last && p.last->position > 0) {
            QVERIFY(!p.last->seconds);
            ++shownWords;
        }
    });
    QVERIFY(shownWords > 1000);
}

QTEST_GUILESS_MAIN(TstUnknownEstimate)
#include "tst_unknown_estimate.moc"
