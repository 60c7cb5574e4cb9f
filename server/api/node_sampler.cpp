// SPDX-License-Identifier: Apache-2.0
#include "node_sampler.h"

#include "engine/utc_format.h"

#include <nlohmann/json.hpp>

namespace sluice::api {

NodeSampler::NodeSampler(room::WaitingRoom& room, engine::TimeMs now)
    : m_room(room), m_metrics(room.engine().sampleMetrics(now)) {}

std::optional<http::Server::Stats> NodeSampler::serverStats() const {
    return m_serverStats ? std::optional(m_serverStats()) : std::nullopt;
}

bool NodeSampler::sampleIfDue(engine::TimeMs now) {
    if (now - m_lastSample < 1000) {
        return false;
    }
    m_lastSample = now;
    m_metrics = m_room.engine().sampleMetrics(now);
    m_sample = sampleOf(m_metrics);
    if (m_history) {
        m_history->record(m_sample);
        m_history->recordAudit(m_room.engine().audit());
    }
    return true;
}

void NodeSampler::recordWait(double seconds) {
    m_waitSum += seconds;
    ++m_waitCount;
}

// The node's second in the simulator's terms (docs/api.md maps each field), so the console
// and the reports treat a live night and a simulated one alike.
sim::SimSample NodeSampler::sampleOf(const engine::MetricsSnapshot& m) {
    sim::SimSample s;
    s.at = m.at;
    s.waiting = m.waiting;
    s.preQueued = m.preQueued;
    s.peopleQueued = m.waiting + m.preQueued;
    s.activeSessions = m.activeSessions;
    s.admittedUnclaimed = m.admittedUnclaimed;
    s.capacity = m.capacity;
    s.admissionRatePerMinute = m.admissionRatePerMinute;
    s.paused = m.paused;
    s.joinsPerSecond = m.joinsPerSecond;
    s.admitsPerSecond = m.admitsPerSecond;
    s.engineEstimateSeconds = m.newArrivalWait.known ? m.newArrivalWait.seconds : 0.0;
    s.shownEstimateSeconds = s.engineEstimateSeconds;
    if (m_waitCount > 0) {
        m_lastWait = m_waitSum / static_cast<double>(m_waitCount);
        m_waitSum = 0;
        m_waitCount = 0;
    }
    s.realisedWaitSeconds = m_lastWait;
    s.nodes = 1;
    if (m_serverStats) {
        const http::Server::Stats h = m_serverStats();
        s.queueRequests = h.requests - m_lastHttp.requests;
        s.queueErrors = (h.badRequests + h.refusedFull + h.timedOut) -
                        (m_lastHttp.badRequests + m_lastHttp.refusedFull + m_lastHttp.timedOut);
        m_lastHttp = h;
    }
    s.backendBusy = m.activeSessions;
    s.backendCapacity = m.capacity;
    s.bookedTotal = m.completionsTotal;
    s.gaveUpTotal = m.abandonsTotal + m.leavesTotal;
    for (const std::uint64_t n : m.tokenRejections) {
        s.rejectedTokensTotal += n;
    }
    s.cheatAttemptsTotal = s.rejectedTokensTotal + m.ticketRejections;
    return s;
}

std::string NodeSampler::snapshotJson() const {
    using json = nlohmann::json;
    const engine::MetricsSnapshot& s = m_metrics;
    json j{{"at", engine::formatUtc(s.at)},
           {"waiting", s.waiting},
           {"preQueued", s.preQueued},
           {"activeSessions", s.activeSessions},
           {"admittedUnclaimed", s.admittedUnclaimed},
           {"capacity", s.capacity},
           {"admissionRatePerMinute", s.admissionRatePerMinute},
           {"paused", s.paused},
           {"open", s.open},
           {"joinsPerSecond", s.joinsPerSecond},
           {"admitsPerSecond", s.admitsPerSecond},
           {"estimatedWaitSeconds", s.newArrivalWait.known ? s.newArrivalWait.seconds : 0.0},
           {"joinsTotal", s.joinsTotal},
           {"admitsTotal", s.admitsTotal},
           {"claimsTotal", s.claimsTotal},
           {"completionsTotal", s.completionsTotal},
           {"abandonsTotal", s.abandonsTotal},
           {"leavesTotal", s.leavesTotal},
           {"ticketRejections", s.ticketRejections},
           {"realisedWaitSeconds", m_sample.realisedWaitSeconds},
           {"httpRequests", m_sample.queueRequests},
           {"httpErrors", m_sample.queueErrors},
           {"eventId", m_room.engine().config().eventId},
           {"auditEntries", m_room.engine().audit().size()}};
    std::uint64_t rejected = 0;
    json byReason = json::object();
    for (std::size_t i = 0; i < engine::kTokenRejectionCount; ++i) {
        rejected += s.tokenRejections[i];
        byReason[std::string(engine::nameOf(static_cast<engine::TokenRejection>(i)))] =
            s.tokenRejections[i];
    }
    j["tokenRejections"] = rejected;
    j["tokenRejectionsByReason"] = std::move(byReason);
    return j.dump();
}

} // namespace sluice::api
