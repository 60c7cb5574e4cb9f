// SPDX-License-Identifier: Apache-2.0
// The second's sample: the engine's metrics and what only the simulator sees (its people,
// queue servers and backend), put together by series::sampleOf, the mapping sluiced uses.
#include "series/sample_of.h"
#include "simulation.h"

#include <algorithm>

namespace sluice::sim {

void Simulation::sampleSecond() {
    const engine::MetricsSnapshot snap = m_room.engine().sampleMetrics(m_now);
    m_lastSecondAdmits = snap.admitsPerSecond;
    if (m_realisedThisSecond > 0) {
        m_lastRealisedWaitSeconds = static_cast<double>(m_realisedMsThisSecond) /
                                    static_cast<double>(m_realisedThisSecond) / 1000.0;
        m_realisedMsThisSecond = 0;
        m_realisedThisSecond = 0;
    }
    series::CallerCounts caller;
    caller.nodes = m_servers.nodes();
    caller.queueRequests = m_servers.lastSecondOffered();
    caller.queueErrors = m_servers.lastSecondFailed();
    caller.realisedWaitSeconds = m_lastRealisedWaitSeconds;
    series::PeopleSeen& people = caller.people.emplace();
    if (m_scenario.clientSideEnforcement) {
        // The old agent's arithmetic, as a page joining now would show it (shownEstimate()).
        people.shownEstimateSeconds = static_cast<double>(snap.waiting + snap.preQueued) /
                                      std::max(1.0, snap.admitsPerSecond);
    }
    people.peopleQueued = m_peopleQueued;
    people.backendBusy = m_backendBusy;
    people.backendCapacity = m_backendCapacity;
    people.backendErrors = m_backendErrorsThisSecond;
    people.bookedTotal = m_booked;
    people.gaveUpTotal = m_gaveUp + m_leftOnEstimate;
    for (std::size_t k = 0; k < kCheatKinds; ++k) {
        people.cheatAttemptsTotal += m_cheatsAttempted[k];
        people.cheatSuccessesTotal += m_cheatsSucceeded[k];
    }
    m_samples.push_back(series::sampleOf(snap, caller));
    m_queueErrorsTotal += caller.queueErrors;
    m_backendErrorsThisSecond = 0;
    m_queuedSampleSum += m_peopleQueued;
}

} // namespace sluice::sim
