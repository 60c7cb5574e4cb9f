// SPDX-License-Identifier: Apache-2.0
// Quiet stretches (docs/simulator.md) count a waiting person's polls that would change
// nothing as queue-server load instead of simulating each one. That cannot be byte-identical
// to simulating every poll (a skipped poll draws nothing from the fleet's generator, so every
// later draw moves), so the two models are run side by side on the nights of
// tst_sim_identity — the 2021 night at a tenth through its overload, pause, reopening and
// rate changes, and the Sluice night at a tenth — and must agree, within the tolerances
// below, on what the night was: outcomes, waits, the queue and its request load minute by
// minute. The tolerances are about 3 times the differences measured when this was written
// (docs/simulator.md lists them).
#include "sim/simulation.h"
#include "sim_fixtures.h"

#include <QtTest>
#include <algorithm>
#include <cmath>

using namespace sluice;

namespace {

struct Run {
    sim::SimSummary summary;
    std::vector<series::Sample> samples;
    std::uint64_t events = 0, quietPolls = 0, quietReloads = 0;
};

Run runModel(const sim::Scenario& sc, bool everyPoll) {
    auto created = sim::Simulation::create(sc, sim::SimOptions{everyPoll});
    if (!created.isOk()) {
        qFatal("%s", created.status().message().c_str());
    }
    auto s = std::move(created).value();
    s->runToEnd();
    return Run{s->summarize(), s->samples(), s->events(), s->quietPolls(), s->quietReloads()};
}

// |a − b| as a share of b, or of `floor` when b is smaller (a few people of a count near zero
// are not a difference in share).
double relative(double a, double b, double floor = 1.0) {
    return std::abs(a - b) / std::max(floor, std::abs(b));
}

// `quiet` within `share` of `exact` (relative), printed either way so that a failure says
// by how much.
template <class T>
bool near(const char* what, T quietValue, T exactValue, double share, double floor = 1.0) {
    const auto quiet = static_cast<double>(quietValue), exact = static_cast<double>(exactValue);
    const double r = relative(quiet, exact, floor);
    qInfo("%-34s quiet %14.1f  every poll %14.1f  %6.2f %%", what, quiet, exact, 100 * r);
    return r <= share;
}

// Per minute: the sum of a sample field over the minute.
template <class Field>
std::vector<double> perMinute(const std::vector<series::Sample>& samples, Field field) {
    std::vector<double> out((samples.size() + 59) / 60, 0.0);
    for (std::size_t i = 0; i < samples.size(); ++i) {
        out[i / 60] += static_cast<double>(field(samples[i]));
    }
    return out;
}

// The largest gap between two per-minute series, as a share of the exact one's peak.
template <class Field> double worstMinute(const Run& quiet, const Run& exact, Field field) {
    const auto q = perMinute(quiet.samples, field), e = perMinute(exact.samples, field);
    const double peak = std::max(1.0, *std::max_element(e.begin(), e.end()));
    double worst = 0;
    for (std::size_t m = 0; m < std::min(q.size(), e.size()); ++m) {
        worst = std::max(worst, std::abs(q[m] - e[m]) / peak);
    }
    return worst;
}

// `reloads`: the night keeps its booking site full for a while, so that the reload orbit
// must have counted reloads of its blank page.
void compareNights(const sim::Scenario& sc, double eventShare, bool reloads) {
    const Run quiet = runModel(sc, false);
    const Run exact = runModel(sc, true);
    const sim::SimSummary& q = quiet.summary;
    const sim::SimSummary& e = exact.summary;
    qInfo("events: quiet %llu (+ %llu quiet polls, %llu reloads in the orbit), every poll %llu",
          static_cast<unsigned long long>(quiet.events),
          static_cast<unsigned long long>(quiet.quietPolls),
          static_cast<unsigned long long>(quiet.quietReloads),
          static_cast<unsigned long long>(exact.events));
    // The point of it: far fewer events, the polls still counted as load.
    QVERIFY(quiet.quietPolls > 0);
    QCOMPARE(quiet.quietReloads > 0, reloads);
    QVERIFY2(static_cast<double>(quiet.events) <= eventShare * static_cast<double>(exact.events),
             "quiet stretches should leave a small share of the events");
    QCOMPARE(q.arrived, e.arrived);
    QVERIFY(near("admitted", q.admitted, e.admitted, 0.01));
    QVERIFY(near("booked", q.booked, e.booked, 0.01));
    QVERIFY(near("gave up (patience)", q.gaveUp, e.gaveUp, 0.03));
    QVERIFY(near("left on the estimate", q.leftOnEstimate, e.leftOnEstimate, 0.08));
    QVERIFY(near("failed open", q.failedOpen, e.failedOpen, 0.03));
    QVERIFY(near("wait p50 (s)", q.waitSeconds.p50, e.waitSeconds.p50, 0.04));
    QVERIFY(near("wait p90 (s)", q.waitSeconds.p90, e.waitSeconds.p90, 0.02));
    QVERIFY(near("wait mean (s)", q.waitSeconds.mean, e.waitSeconds.mean, 0.02));
    QVERIFY(near("estimate error p50", q.estimateErrorShare.p50, e.estimateErrorShare.p50, 0.05));
    QVERIFY(near("peak waiting", q.peakWaiting, e.peakWaiting, 0.01));
    // Stretches outlast the idle timeout (the engine is told when each ticket was last
    // seen): no more places may be lost to it than when every poll reaches the engine.
    QVERIFY(near("places lost to the idle timeout", q.placesLost, e.placesLost, 0.03, 10));
    QVERIFY(
        near("failed after admission", q.failedAfterAdmission, e.failedAfterAdmission, 0.03, 100));
    // Blank pages: within 3 %, or 1 % of the night's bookings where the site was full only in
    // moments (the Sluice night: a few thousand, which move with the moments admissions fall).
    QVERIFY(near("backend errors (blank pages)", q.backendErrorsTotal, e.backendErrorsTotal, 0.03,
                 static_cast<double>(e.booked) / 3));
    QVERIFY(near("peak backend busy", q.peakBackendBusy, e.peakBackendBusy, 0.01));
    QVERIFY(near("peak queue requests/s", q.peakQueueRequestsPerSecond,
                 e.peakQueueRequestsPerSecond, 0.10));
    auto requests = [](const series::Sample& s) { return s.queueRequests; };
    auto waiting = [](const series::Sample& s) { return s.waiting; };
    const auto qr = perMinute(quiet.samples, requests), er = perMinute(exact.samples, requests);
    double qTotal = 0, eTotal = 0;
    for (double v : qr) {
        qTotal += v;
    }
    for (double v : er) {
        eTotal += v;
    }
    QVERIFY(near("queue requests, whole night", qTotal, eTotal, 0.01));
    const double requestsGap = worstMinute(quiet, exact, requests);
    const double waitingGap = worstMinute(quiet, exact, waiting);
    qInfo("worst minute: requests %.2f %% of the peak minute, waiting %.2f %% of its peak",
          100 * requestsGap, 100 * waitingGap);
    QVERIFY(requestsGap <= 0.06);
    QVERIFY(waitingGap <= 0.03);
    if (reloads) {
        // Minute by minute where the orbit counted them (elsewhere blank pages are moments).
        auto blank = [](const series::Sample& s) { return s.backendErrors; };
        const double blankGap = worstMinute(quiet, exact, blank);
        qInfo("worst minute: blank pages %.2f %% of the peak minute", 100 * blankGap);
        QVERIFY(blankGap <= 0.06);
    }
}

} // namespace

class TstQuietStretches : public QObject {
    Q_OBJECT
private slots:
    void seedNightAtATenthAgreesWithEveryPoll() {
        const std::vector<std::string> o = testing::seedNightAtATenthThroughTheRateChanges();
        compareNights(testing::loadPreset("seed-night-2021.json", o), 0.5, true);
    }

    void sluiceNightAtATenthAgreesWithEveryPoll() {
        compareNights(
            testing::loadPreset("sluice-night-2021.json", testing::tenMillionNightAtTenthScale()),
            0.7, false);
    }

    // A stretch is cut short when the fleet runs over its budget: with one queue node too
    // few, the night is overloaded from the opening, and the quiet model must still meet
    // the same errors (every request then a real event) as simulating every poll.
    void overloadCutsStretches() {
        std::vector<std::string> o = testing::tenthScale();
        o.emplace_back("durationSeconds=10800");
        o.emplace_back("queueServers.nodes=1");
        o.emplace_back("operatorPlan=[]");
        const sim::Scenario sc = testing::loadPreset("sluice-night-2021.json", o);
        const Run quiet = runModel(sc, false);
        const Run exact = runModel(sc, true);
        QVERIFY(exact.summary.queueErrorsTotal > 0);
        QVERIFY(near("queue errors", quiet.summary.queueErrorsTotal, exact.summary.queueErrorsTotal,
                     0.05));
        QVERIFY(near("admitted", quiet.summary.admitted, exact.summary.admitted, 0.01));
    }
};

QTEST_GUILESS_MAIN(TstQuietStretches)
#include "tst_quiet_stretches.moc"
