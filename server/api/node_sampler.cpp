// SPDX-License-Identifier: Apache-2.0
#include "node_sampler.h"

#include "series/sample_of.h"
#include "series/series_json.h"

#include <nlohmann/json.hpp>

namespace sluice::api {

NodeSampler::NodeSampler(room::WaitingRoom& room, engine::TimeMs now)
    : m_room(room), m_metrics(room.engine().sampleMetrics(now)) {
    m_sample = sampleOf(m_metrics); // in the body: it reads the counters declared below
}

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

series::Sample NodeSampler::sampleOf(const engine::MetricsSnapshot& m) {
    if (m_waitCount > 0) {
        m_lastWait = m_waitSum / static_cast<double>(m_waitCount);
        m_waitSum = 0;
        m_waitCount = 0;
    }
    series::CallerCounts node; // one node; the engine's counts stand in for the people
    node.nodes = 1;
    node.realisedWaitSeconds = m_lastWait;
    if (m_serverStats) {
        const http::Server::Stats h = m_serverStats();
        node.queueRequests = h.requests - m_lastHttp.requests;
        node.queueErrors = (h.badRequests + h.refusedFull + h.timedOut) -
                           (m_lastHttp.badRequests + m_lastHttp.refusedFull + m_lastHttp.timedOut);
        m_lastHttp = h;
    }
    return series::sampleOf(m, node);
}

std::string NodeSampler::snapshotJson() const {
    // The sample in the history's columns (one codec: series::sampleJson), then what only a
    // console of this node needs beside it.
    using json = nlohmann::ordered_json;
    json j = json::parse(series::sampleJson(m_sample));
    const engine::MetricsSnapshot& s = m_metrics;
    j["eventId"] = m_room.engine().config().eventId;
    j["open"] = s.open;
    j["estimateKnown"] = s.newArrivalWait.known;
    if (series::hasFigure(m_sample.estimateLowSeconds)) {
        j["estimateLowSeconds"] = m_sample.estimateLowSeconds; // the range the tile shows
        j["estimateHighSeconds"] = m_sample.estimateHighSeconds;
    }
    j["auditEntries"] =
        m_room.engine().audit().size() + (m_fairJoinAudit ? m_fairJoinAudit() : 0);
    j["joinsTotal"] = s.joinsTotal;
    j["admitsTotal"] = s.admitsTotal;
    j["claimsTotal"] = s.claimsTotal;
    j["ticketRejections"] = s.ticketRejections;
    json byReason = json::object();
    for (std::size_t i = 0; i < engine::kTokenRejectionCount; ++i) {
        byReason[std::string(engine::nameOf(static_cast<engine::TokenRejection>(i)))] =
            s.tokenRejections[i];
    }
    j["tokenRejectionsByReason"] = std::move(byReason);
    if (m_fairJoins) {
        j["fairJoins"] = json::parse(m_fairJoins());
    }
    if (m_clusterPlace) {
        if (const auto place = m_clusterPlace()) {
            j["cluster"] = json::parse(*place);
        }
    }
    return j.dump();
}

} // namespace sluice::api
