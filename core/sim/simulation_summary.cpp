// SPDX-License-Identifier: Apache-2.0
// The per-person outcome summary of a Simulation: distributions, cheats, Little's law.
#include "series/sample.h"
#include "simulation.h"

#include <algorithm>
#include <cmath>

namespace sluice::sim {
namespace {

double quantile(std::vector<double>& v, double q) {
    const auto k = static_cast<std::size_t>(std::floor(q * static_cast<double>(v.size() - 1)));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

} // namespace

Distribution describe(std::vector<double> v) {
    Distribution d;
    d.count = v.size();
    if (v.empty()) {
        return d;
    }
    double sum = 0;
    for (const double x : v) {
        sum += x;
    }
    d.mean = sum / static_cast<double>(v.size());
    d.max = *std::max_element(v.begin(), v.end());
    d.p50 = quantile(v, 0.50);
    d.p90 = quantile(v, 0.90);
    d.p95 = quantile(v, 0.95);
    d.p99 = quantile(v, 0.99);
    return d;
}

SimSummary Simulation::summarize() const {
    SimSummary s;
    const engine::TimeMs nowRel = relMs();
    s.arrived = m_people.size();
    s.admitted = m_admitted;
    s.booked = m_booked;
    s.gaveUp = m_gaveUp;
    s.leftOnEstimate = m_leftOnEstimate;
    s.refreshes = m_refreshes;
    s.failedAfterAdmission = m_failedAfterAdmission;
    s.sessionExpired = m_sessionExpired;
    s.placesLost = m_placesLost;
    s.failedOpen = m_failedOpen;
    s.cheatsAttempted = m_cheatsAttempted;
    s.cheatsSucceeded = m_cheatsSucceeded;
    s.backendErrorsTotal = m_backendErrorsTotal;
    s.queueErrorsTotal = m_queueErrorsTotal;
    s.peakBackendBusy = m_peakBackendBusy;

    std::vector<double> waits, errors, ratios;
    waits.reserve(m_admitted);
    errors.reserve(m_admitted);
    ratios.reserve(m_admitted);
    std::uint64_t openQueuedMs = 0;
    for (const Person& p : m_people) {
        if (p.phase == Phase::Queued) {
            ++s.stillQueued;
            openQueuedMs += static_cast<std::uint64_t>(nowRel - p.queuedMs);
        } else if (p.phase == Phase::Backend) {
            ++s.stillInBackend;
        } else if (p.phase == Phase::Joining) {
            ++s.stillJoining;
        } else if (p.phase == Phase::Claiming) {
            ++s.stillClaiming;
        }
        if ((p.flags & kAdmitted) == 0) {
            continue;
        }
        waits.push_back(static_cast<double>(p.leftQueueMs - p.arriveMs) / 1000.0);
        // The estimate against what was still to wait when it was shown, for people who then
        // waited at least a minute: under that, relative error says nothing (0 s shown for 2 s
        // waited would be a 100% error).
        const double real = static_cast<double>(p.leftQueueMs - p.estimateAtMs) / 1000.0;
        if (p.shownEstimateS != kNoEstimate && real >= kMinWaitForEstimateErrorSeconds) {
            const double shown = static_cast<double>(p.shownEstimateS);
            errors.push_back(std::abs(shown - real) / real);
            ratios.push_back(shown / real);
        }
    }
    s.waitSeconds = describe(std::move(waits));
    s.estimateErrorShare = describe(std::move(errors));
    s.estimateRatio = describe(std::move(ratios));

    // Honest people overtaken: still in the queue when someone who arrived after them got
    // past it by a cheat. People are numbered in arrival order, so one backward pass
    // carries the earliest bypass among everyone later.
    auto earliestLaterBypass = static_cast<std::uint32_t>(-1);
    for (std::size_t i = m_people.size(); i-- > 0;) {
        const Person& p = m_people[i];
        if (p.cheat == Cheat::None && !isBot(static_cast<std::uint32_t>(i))) {
            const bool waitingStill = p.phase == Phase::Queued || p.phase == Phase::Joining;
            const auto leftAt = waitingStill ? static_cast<std::uint32_t>(nowRel) : p.leftQueueMs;
            if (earliestLaterBypass < leftAt) {
                ++s.honestOvertaken;
            }
        } else if ((p.flags & kBypassed) != 0) {
            earliestLaterBypass = std::min(earliestLaterBypass, p.leftQueueMs);
        }
    }

    for (const series::Sample& x : m_samples) {
        s.peakWaiting = std::max(s.peakWaiting, x.waiting + x.preQueued);
        s.peakQueueRequestsPerSecond = std::max(s.peakQueueRequestsPerSecond, x.queueRequests);
        s.peakQueueErrorsPerSecond = std::max(s.peakQueueErrorsPerSecond, x.queueErrors);
    }
    if (!m_samples.empty()) {
        s.rejectedTokens = m_samples.back().rejectedTokensTotal;
    }
    s.rejectedTokensByReason = m_room.engine().tokenRejections();
    // Little's law over the samples' span: L from the once-a-second head count, λW from
    // each person's own time in the queue (stretches still open are cut at the last sample).
    const double spanSeconds = static_cast<double>(m_samples.size());
    if (spanSeconds > 0) {
        s.littleL = static_cast<double>(m_queuedSampleSum) / spanSeconds;
        s.littleLambdaW = static_cast<double>(m_queuedMsSum + openQueuedMs) / 1000.0 / spanSeconds;
        s.littleRelativeError =
            s.littleL > 0 ? std::abs(s.littleL - s.littleLambdaW) / s.littleL : 0.0;
    }
    s.events = m_events;
    s.simulatedSeconds = static_cast<double>(nowRel) / 1000.0;
    if (m_fair != nullptr) {
        fairSummarize(s);
    }
    return s;
}

} // namespace sluice::sim
