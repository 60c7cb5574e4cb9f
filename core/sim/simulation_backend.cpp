// SPDX-License-Identifier: Apache-2.0
// The protected site: an admitted page claims its session, visits the booking backend (a
// session of drawn length, or a blank page while the site is full, reloaded while patience
// lasts) and books. The reloads of a full site at the slowest pace are in the reload orbit
// (simulation_orbit.cpp).
#include "simulation.h"

#include <cmath>

namespace sluice::sim {

using engine::TimeMs;

double Simulation::serviceSeconds() {
    const Backend& b = m_scenario.backend;
    const double u = engine::unitOpen(m_rng.next());
    if (b.distribution == ServiceDistribution::Exponential) {
        return -b.serviceSecondsMean * std::log(u);
    }
    // Lognormal with the given mean: median = mean × exp(−σ²/2).
    const double z = engine::standardNormal(u, engine::unitOpen(m_rng.next()));
    const double s = b.serviceSecondsSigma;
    return b.serviceSecondsMean * std::exp(s * z - s * s / 2.0);
}

void Simulation::onClaim(std::uint32_t id) {
    Person& p = m_people[id];
    if (!m_servers.offer()) {
        retryLater(id, Kind::Claim);
        return;
    }
    p.errors = 0;
    bool claimed = false;
    if ((p.flags & kDonor) != 0) {
        auto result = m_room.claim(m_now, m_donorTicket[id]);
        if (result.isOk()) {
            m_donorToken[id] = result->token;
            claimed = true;
        }
    } else {
        claimed = m_room.engine().claim(m_now, p.seq).isOk();
    }
    if (!claimed) {
        // Too late: the claim grace ran out while the page was retrying.
        p.phase = Phase::Done;
        p.outcome = Outcome::FailedAfterAdmission;
        ++m_failedAfterAdmission;
        return;
    }
    if (m_scenario.clientSideEnforcement) {
        // The old agent told the queue "done" as the page loaded: the slot is freed before
        // the person has booked anything, so the queue never saw the backend fill up.
        (void)m_room.engine().complete(m_now, p.seq);
    }
    p.phase = Phase::Backend;
    scheduleBackend(id, m_now + pageLoadMs());
}

void Simulation::onBackend(std::uint32_t id) {
    Person& p = m_people[id];
    const auto capacity = static_cast<std::uint64_t>(m_backendCapacity);
    if (m_backendBusy >= capacity) {
        blankPage(id); // "blank page / connection refused"
        return;
    }
    p.errors = 0;
    ++m_backendBusy;
    m_peakBackendBusy = std::max(m_peakBackendBusy, m_backendBusy);
    const auto ms = static_cast<TimeMs>(std::llround(serviceSeconds() * 1000.0));
    m_calendar.schedule(m_now + std::max<TimeMs>(ms, 1), Event{id, Kind::BackendDone});
}

// The booking page failed to load: the person reloads it, while patience lasts.
void Simulation::blankPage(std::uint32_t id) {
    Person& p = m_people[id];
    ++m_backendErrorsThisSecond;
    ++m_backendErrorsTotal;
    if (outOfPatience(p)) {
        p.phase = Phase::Done;
        p.outcome = Outcome::FailedAfterAdmission;
        ++m_failedAfterAdmission;
        return;
    }
    retryLater(id, Kind::Backend);
}

void Simulation::onBackendDone(std::uint32_t id) {
    Person& p = m_people[id];
    --m_backendBusy;
    offerFreedSlots();
    if (m_backendCapacity == 0) {
        // The site went down under the person (a maintenance): nothing is booked.
        blankPage(id);
        return;
    }
    p.phase = Phase::Done;
    const bool viaQueue = (p.flags & kBypassed) == 0;
    if (!m_scenario.clientSideEnforcement && viaQueue) {
        // The booking goes through only within the session the token grants.
        if (!m_room.engine().sessionActive(m_now, p.seq)) {
            p.outcome = Outcome::SessionExpired;
            ++m_sessionExpired;
            return;
        }
        if ((p.flags & kDonor) != 0) {
            auto token = m_donorToken.find(id);
            if (token != m_donorToken.end() && m_room.complete(m_now, token->second).isOk()) {
                m_sharedToken = token->second; // posted online after booking
            }
        } else {
            (void)m_room.engine().complete(m_now, p.seq);
        }
        m_tickWanted = m_room.engine().waitingCount() > 0; // refill the slot at once
    }
    p.outcome = Outcome::Booked;
    ++m_booked;
}

} // namespace sluice::sim
