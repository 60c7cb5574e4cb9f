// SPDX-License-Identifier: Apache-2.0
#include "sample_of.h"

namespace sluice::series {

Sample sampleOf(const engine::MetricsSnapshot& m, const CallerCounts& caller) {
    Sample s;
    s.at = m.at;
    s.waiting = m.waiting;
    s.preQueued = m.preQueued;
    s.activeSessions = m.activeSessions;
    s.admittedUnclaimed = m.admittedUnclaimed;
    s.capacity = m.capacity;
    s.admissionRatePerMinute = m.admissionRatePerMinute;
    s.paused = m.paused;
    s.joinsPerSecond = m.joinsPerSecond;
    s.admitsPerSecond = m.admitsPerSecond;
    // Unknown, stalled or paused: words on the page, no figure in the files.
    const engine::WaitEstimate& w = m.newArrivalWait;
    s.engineEstimateSeconds = w.known && !w.paused ? w.seconds : kNoFigure;
    if (w.known && !w.paused) {
        s.estimateLowSeconds = w.lowSeconds;
        s.estimateHighSeconds = w.highSeconds;
    }
    for (const std::uint64_t n : m.tokenRejections) {
        s.rejectedTokensTotal += n;
    }
    s.nodes = caller.nodes;
    s.queueRequests = caller.queueRequests;
    s.queueErrors = caller.queueErrors;
    s.realisedWaitSeconds = caller.realisedWaitSeconds;
    if (caller.people) {
        const PeopleSeen& p = *caller.people;
        s.shownEstimateSeconds = p.shownEstimateSeconds.value_or(s.engineEstimateSeconds);
        if (p.shownEstimateSeconds) {
            s.estimateLowSeconds = kNoFigure; // the range is the engine's, not this arithmetic's
            s.estimateHighSeconds = kNoFigure;
        }
        s.peopleQueued = p.peopleQueued;
        s.backendBusy = p.backendBusy;
        s.backendCapacity = p.backendCapacity;
        s.backendErrors = p.backendErrors;
        s.bookedTotal = p.bookedTotal;
        s.gaveUpTotal = p.gaveUpTotal;
        s.cheatAttemptsTotal = p.cheatAttemptsTotal;
        s.cheatSuccessesTotal = p.cheatSuccessesTotal;
    } else {
        // A node sees tickets, not people: its engine's counts are the nearest it has.
        s.shownEstimateSeconds = s.engineEstimateSeconds;
        s.peopleQueued = m.waiting + m.preQueued;
        s.backendBusy = m.activeSessions;
        s.backendCapacity = m.capacity;
        s.bookedTotal = m.completionsTotal;
        s.gaveUpTotal = m.abandonsTotal + m.leavesTotal;
        // Every refused token or ticket is someone trying to get in without being admitted.
        s.cheatAttemptsTotal = s.rejectedTokensTotal + m.ticketRejections;
    }
    return s;
}

} // namespace sluice::series
