// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/metrics_snapshot.h"
#include "http/http_server.h"
#include "node_history.h"
#include "room/waiting_room.h"
#include "series/sample.h"

#include <functional>
#include <optional>
#include <string>

namespace sluice::api {

// The node's second: once a second the engine's metrics (what /metrics, the admin snapshot
// show) and the same second as a series::Sample (what the history records, the snapshot
// stream sends and the console charts). Loop thread only.
class NodeSampler {
public:
    // Takes the first metrics at `now`; `room` must outlive the sampler.
    NodeSampler(room::WaitingRoom& room, engine::TimeMs now);

    // The HTTP server's own counters (requests and errors per second; /metrics).
    void setServerStats(std::function<http::Server::Stats()> stats) {
        m_serverStats = std::move(stats);
    }
    // The server's counters now; nothing without setServerStats.
    std::optional<http::Server::Stats> serverStats() const;
    // Where each second is recorded (GET /api/v1/admin/history); null: nowhere.
    void setHistory(NodeHistory history) { m_history.emplace(std::move(history)); }
    // A cluster node's place in its cluster (JSON object), sent in every snapshot as
    // "cluster" so that a console treats the nodes of one cluster as one queue.
    void setClusterPlace(std::function<std::optional<std::string>()> place) {
        m_clusterPlace = std::move(place);
    }
    // The node's fair-join defences (JSON object), sent in every snapshot as "fairJoins",
    // and the audit entries they made (GET /api/v1/admin/audit lists them among the
    // engine's, so the snapshot's auditEntries counts both).
    void setFairJoins(std::function<std::string()> fairJoins,
                      std::function<std::size_t()> auditEntries) {
        m_fairJoins = std::move(fairJoins);
        m_fairJoinAudit = std::move(auditEntries);
    }
    const NodeHistory* history() const { return m_history ? &*m_history : nullptr; }

    // A new sample when a second has passed since the last one; true if one was taken.
    bool sampleIfDue(engine::TimeMs now);
    // A first claim's wait from joining to admission, for this second's realised wait.
    void recordWait(double seconds);

    const engine::MetricsSnapshot& metrics() const { return m_metrics; }
    // The admin snapshot (GET /api/v1/admin/snapshot, the stream's events; docs/api.md):
    // the latest sample in the history's columns, and what else a console needs of the node.
    std::string snapshotJson() const;

private:
    // The node's second through the one mapping (series::sampleOf), with what only the
    // server knows: the realised waits recorded since the last call, the HTTP counters'
    // growth.
    series::Sample sampleOf(const engine::MetricsSnapshot& m);

    room::WaitingRoom& m_room;
    engine::MetricsSnapshot m_metrics;
    series::Sample m_sample; // the latest second, as the history records it
    std::optional<NodeHistory> m_history;
    double m_waitSum = 0; // realised waits of this second's first claims
    std::uint64_t m_waitCount = 0;
    double m_lastWait = 0;
    http::Server::Stats m_lastHttp;
    engine::TimeMs m_lastSample = 0;
    std::function<http::Server::Stats()> m_serverStats;
    std::function<std::optional<std::string>()> m_clusterPlace;
    std::function<std::string()> m_fairJoins;
    std::function<std::size_t()> m_fairJoinAudit;
};

} // namespace sluice::api
