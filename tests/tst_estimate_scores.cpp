// SPDX-License-Identifier: Apache-2.0
// The wait estimate, scored for everyone in the line (issue 14): per arrival bucket, after
// every operator change, with its range. The seed night's "89 hours" told people nothing;
// these hold the engine's forecast to what people then really waited, on the Sluice night,
// the same night with the operator throttling, and a night of 10 million people (at a
// tenth of its size, to stay within a test's budget).
#include "sim/estimate_scores.h"
#include "sim/people_csv.h"
#include "sim/simulation.h"
#include "sim_fixtures.h"

#include <QtTest>

using namespace sluice;

namespace {

constexpr double kMedianErrorLimit = 0.10;
constexpr double kP90ErrorLimit = 0.25;
constexpr double kRangeCoverageFloor = 0.80;
// A bucket scored on fewer people says little; every bucket of these nights has more.
constexpr std::uint64_t kMinScored = 200;

sim::EstimateScores runAndScore(const sim::Scenario& sc) {
    auto created = sim::Simulation::create(sc);
    if (!created.isOk()) {
        qFatal("simulation refused: %s", created.status().message().c_str());
    }
    auto s = std::move(created).value();
    s->runToEnd();
    const sim::EstimateScores scores = sim::scoreEstimates(*s);
    qInfo("%s\n%s", sc.name.c_str(), sim::scoresText(scores).c_str());
    return scores;
}

void holdsEveryone(const sim::EstimateScores& scores, std::size_t changes) {
    QCOMPARE(scores.byArrival.size(), std::size_t{5});
    QCOMPARE(scores.byChange.size(), changes);
    std::vector<sim::EstimateScore> all = scores.byArrival;
    all.insert(all.end(), scores.byChange.begin(), scores.byChange.end());
    for (const sim::EstimateScore& s : all) {
        const QByteArray who = QByteArray::fromStdString(s.label);
        QVERIFY2(s.scored >= kMinScored, who + ": too few people scored");
        QVERIFY2(s.error.p50 <= kMedianErrorLimit,
                 who + ": median error " + QByteArray::number(s.error.p50 * 100, 'f', 1) + "%");
        QVERIFY2(s.error.p90 <= kP90ErrorLimit,
                 who + ": p90 error " + QByteArray::number(s.error.p90 * 100, 'f', 1) + "%");
        QVERIFY2(s.rangeCoverage >= kRangeCoverageFloor,
                 who + ": range held " + QByteArray::number(s.rangeCoverage * 100, 'f', 1) + "%");
    }
}

sim::PersonRecord admitted(std::uint32_t id, double sinceOpening, double shownAt, double shown,
                           double admittedAt, double low, double high) {
    sim::PersonRecord p;
    p.id = id;
    p.arrivalSeconds = 3600 + sinceOpening;
    p.sinceOpeningSeconds = sinceOpening;
    p.outcome = sim::PersonOutcome::Booked;
    p.admittedSeconds = admittedAt;
    p.leftQueueSeconds = admittedAt;
    p.waitedSeconds = admittedAt - p.arrivalSeconds;
    p.first = sim::ShownEstimate{shownAt, shown, low, high, 100};
    p.scored = p.first;
    p.last = p.first;
    return p;
}

} // namespace

class TstEstimateScores : public QObject {
    Q_OBJECT
private slots:
    void scoresByArrivalChangeAndGivingUp();
    void peopleCsvWritesWordsAsEmptyFields();
    void sluiceNightIsHonestForEveryone();
    void throttledNightIsHonestAfterEveryChange();
    void tenMillionNightIsHonestAtTenthScale();
};

void TstEstimateScores::scoresByArrivalChangeAndGivingUp() {
    // One change at 1 h 40 min after the start (the opening is at 1 h).
    sim::EstimateScorer scorer({sim::ChangeWindow{6000, 9600, "at +40 min: rate"}});
    // Arrived 5 min after the opening, told 600 s, waited 500 s: 20% off, outside 550..700.
    scorer.add(admitted(0, 300, 3900, 600, 4400, 550, 700));
    // Arrived 5 min after: told 1000 s, waited 1000 s, inside the range.
    scorer.add(admitted(1, 300, 3900, 1000, 4900, 900, 1100));
    // Arrived 50 min after the opening (after the change): told 120 s, waited 30 s: under a
    // minute of waiting, not scored.
    scorer.add(admitted(2, 3000, 6600, 120, 6630, 100, 140));
    sim::PersonRecord gone;
    gone.id = 3;
    gone.arrivalSeconds = 3000;
    gone.sinceOpeningSeconds = -600;
    gone.outcome = sim::PersonOutcome::GaveUp;
    gone.waitedSeconds = 2400;
    gone.first = sim::ShownEstimate{3600, 5400, 5000, 6000, 5000};
    gone.last = sim::ShownEstimate{5400, 1800, 1700, 2000, 1200};
    scorer.add(gone);
    const sim::EstimateScores s = scorer.finish();
    QCOMPARE(s.byArrival[1].people, std::uint64_t{2});
    QCOMPARE(s.byArrival[1].scored, std::uint64_t{2});
    QCOMPARE(s.byArrival[1].rangeCoverage, 0.5);
    QCOMPARE(s.byArrival[1].error.max, 0.2);
    QCOMPARE(s.byArrival[3].people, std::uint64_t{1});
    QCOMPARE(s.byArrival[3].scored, std::uint64_t{0});
    QCOMPARE(s.byArrival[0].people, std::uint64_t{1}); // the one who gave up, pre-queued
    QCOMPARE(s.byChange[0].people, std::uint64_t{1});
    QCOMPARE(s.gaveUp.people, std::uint64_t{1});
    QCOMPARE(s.gaveUp.waitedSeconds.p50, 2400.0);
    QCOMPARE(s.gaveUp.lastToldSeconds.p50, 1800.0);
    QCOMPARE(s.gaveUp.lastPosition.p50, 1200.0);
}

void TstEstimateScores::peopleCsvWritesWordsAsEmptyFields() {
    sim::PersonRecord p = admitted(7, -60, 3600, 300, 3950, 280, 330);
    p.last = sim::ShownEstimate{3700, std::nullopt, std::nullopt, std::nullopt, 40}; // "paused"
    const std::string row = sim::peopleCsvRow(p);
    const QStringList fields = QString::fromStdString(row).trimmed().split(',');
    const QStringList header = QString::fromStdString(sim::peopleCsvHeader()).trimmed().split(',');
    QCOMPARE(fields.size(), header.size());
    QCOMPARE(fields[header.indexOf("outcome")], QString("booked"));
    QCOMPARE(fields[header.indexOf("first_estimate_s")], QString("300"));
    QCOMPARE(fields[header.indexOf("last_estimate_s")], QString(""));
    QCOMPARE(fields[header.indexOf("last_position")], QString("40"));
    QCOMPARE(fields[header.indexOf("since_opening_s")], QString("-60.000"));
}

void TstEstimateScores::sluiceNightIsHonestForEveryone() {
    holdsEveryone(runAndScore(testing::loadPreset("sluice-night-2021.json")), 1);
}

void TstEstimateScores::throttledNightIsHonestAfterEveryChange() {
    holdsEveryone(
        runAndScore(testing::loadPreset("sluice-night-2021.json", {testing::throttledPlan()})), 2);
}

void TstEstimateScores::tenMillionNightIsHonestAtTenthScale() {
    holdsEveryone(runAndScore(testing::loadPreset("sluice-night-2021.json",
                                                  testing::tenMillionNightAtTenthScale())),
                  1);
}

QTEST_GUILESS_MAIN(TstEstimateScores)
#include "tst_estimate_scores.moc"
