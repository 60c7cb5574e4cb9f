// SPDX-License-Identifier: Apache-2.0
// The seed night showed "321,000 waiting, 89 h 12 min 31 s": the old queue divided by a
// stalled rate. These tests hold the engine's estimate to what people would really wait.
#include "engine_fixtures.h"

#include <QTest>

using namespace sluice::engine;
using namespace sluice::test;

namespace {

constexpr double kHour = 3600.0;

EventConfig seedNight() {
    EventConfig c = launchNight();
    c.admissionRatePerMinute = 2000;
    c.capacity = 1'000'000;
    c.idleTimeoutSeconds = 100'000;
    c.claimGraceSeconds = 100'000;
    return c;
}

// Joins `waiting` people and admits at the configured rate for `minutes`, so that the
// measured rate has a history; returns the time reached.
TimeMs warmUp(QueueEngine& e, std::uint64_t waiting, int minutes) {
    const auto perMinute = static_cast<std::uint64_t>(e.config().admissionRatePerMinute);
    for (std::uint64_t i = 0; i < waiting + perMinute * static_cast<std::uint64_t>(minutes); ++i) {
        // Plain joins to an open event without cohorts cannot be refused; the callers check
        // the queue this builds (waitingCount), which a refusal would show.
        (void)e.join(kOpening);
    }
    TimeMs t = kOpening;
    for (int s = 0; s <= minutes * 60; ++s) {
        t = kOpening + s * kSecond;
        e.tick(t);
    }
    return t;
}

} // namespace

class TstWaitEstimate : public QObject {
    Q_OBJECT
private slots:
    void steadyQueueEstimateIsPositionOverRate();
    void thirtySecondPauseDoesNotReadAs89Hours();
    void thirtySecondCapacityStallDoesNotReadAs89Hours();
    void rateChangeShowsInTheEstimateAtOnce();
    void zeroRateGivesUnknownNotInfinity();
};

void TstWaitEstimate::steadyQueueEstimateIsPositionOverRate() {
    QueueEngine e = makeEngine(seedNight());
    const TimeMs t = warmUp(e, 321'000, 10);
    const MetricsSnapshot s = e.sampleMetrics(t);
    QVERIFY(s.newArrivalWait.known);
    const double ideal = static_cast<double>(s.waiting + 1) / (2000.0 / 60.0);
    QVERIFY2(
        std::abs(s.newArrivalWait.seconds - ideal) < ideal * 0.03,
        qPrintable(QString("estimate %1 s, ideal %2 s").arg(s.newArrivalWait.seconds).arg(ideal)));
    QVERIFY(s.newArrivalWait.lowSeconds <= s.newArrivalWait.seconds);
    QVERIFY(s.newArrivalWait.highSeconds >= s.newArrivalWait.seconds);
}

void TstWaitEstimate::thirtySecondPauseDoesNotReadAs89Hours() {
    QueueEngine e = makeEngine(seedNight());
    TimeMs t = warmUp(e, 321'000, 10);
    QVERIFY(e.configure(t, "ops", ConfigChange{.paused = true}).isOk());
    for (int s = 1; s <= 30; ++s) {
        e.tick(t + s * kSecond);
    }
    t += 30 * kSecond;
    const MetricsSnapshot s = e.sampleMetrics(t);
    QCOMPARE(s.waiting, 321'000u);
    QVERIFY(s.newArrivalWait.known);
    // 321,000 at 2,000/min is 2 h 40 min; "89 hours" is 321,151 s.
    QVERIFY2(s.newArrivalWait.seconds > 2.5 * kHour && s.newArrivalWait.seconds < 3.0 * kHour,
             qPrintable(QString::number(s.newArrivalWait.seconds / kHour)));
    QVERIFY(s.newArrivalWait.highSeconds < 4 * kHour);
}

void TstWaitEstimate::thirtySecondCapacityStallDoesNotReadAs89Hours() {
    // The protected site fills up after ten minutes (20,000 admitted, nobody leaves) and
    // admissions stall with 321,000 still waiting: the measured rate drops to zero.
    EventConfig c = seedNight();
    c.capacity = 20'000;
    QueueEngine e = makeEngine(c);
    const TimeMs t = warmUp(e, 321'000, 10);
    QCOMPARE(e.admittedUnclaimed(), 20'000u);
    const MetricsSnapshot before = e.sampleMetrics(t);
    for (int s = 1; s <= 30; ++s) {
        QCOMPARE(e.tick(t + s * kSecond).admitted, 0u); // demand, no admissions
    }
    const MetricsSnapshot after = e.sampleMetrics(t + 30 * kSecond);
    QCOMPARE(after.admitsPerSecond, 0.0);
    QCOMPARE(after.waiting, 321'000u);
    QVERIFY2(after.newArrivalWait.seconds < 3.5 * kHour &&
                 after.newArrivalWait.seconds < before.newArrivalWait.seconds * 1.15,
             qPrintable(QString("%1 h -> %2 h")
                            .arg(before.newArrivalWait.seconds / kHour)
                            .arg(after.newArrivalWait.seconds / kHour)));
    // The range shows the doubt the stall adds: its top end is where the stall would lead.
    QVERIFY(after.newArrivalWait.highSeconds > after.newArrivalWait.seconds);
}

void TstWaitEstimate::rateChangeShowsInTheEstimateAtOnce() {
    QueueEngine e = makeEngine(seedNight());
    const TimeMs t = warmUp(e, 100'000, 5);
    const double before = e.sampleMetrics(t).newArrivalWait.seconds;
    QVERIFY(e.configure(t, "ops", ConfigChange{.admissionRatePerMinute = 4000}).isOk());
    const double after = e.sampleMetrics(t).newArrivalWait.seconds;
    QVERIFY2(std::abs(after - before / 2) < before * 0.02,
             qPrintable(QString("%1 s -> %2 s").arg(before).arg(after)));
}

void TstWaitEstimate::zeroRateGivesUnknownNotInfinity() {
    EventConfig c = seedNight();
    c.admissionRatePerMinute = 0;
    QueueEngine e = makeEngine(c);
    QVERIFY(e.join(kOpening).isOk());
    auto v = e.poll(kOpening + 1, 0);
    QVERIFY(!v->wait.known);
    QVERIFY(v->pollAfterMs >= 48'000); // nothing moves: ask again in a minute
}

QTEST_APPLESS_MAIN(TstWaitEstimate)
#include "tst_wait_estimate.moc"
