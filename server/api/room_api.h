// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "admin_endpoints.h"
#include "api_options.h"
#include "command_journal.h"
#include "gate_endpoints.h"
#include "http/http_server.h"
#include "local_driver.h"
#include "node_history.h"
#include "node_sampler.h"
#include "public_endpoints.h"
#include "room/waiting_room.h"
#include "route_table.h"
#include "snapshot_streams.h"
#include "static_site.h"
#include "store/event_store.h"

#include <functional>
#include <optional>
#include <string>

namespace sluice::api {

// The HTTP API of one waiting room (docs/api.md): public join / status / leave / claim, the
// gate nginx asks (auth_request), JWKS, health, Prometheus metrics and the admin API. Runs
// on the HTTP server's loop thread, which is the engine's one driver thread. Every refusal
// is a JSON error with a status that says what kind of problem it is, and changes nothing.
// It composes: the route table (room_api.cpp declares every route once), the endpoints, the
// journal and the sampler.
class RoomApi {
public:
    using Clock = std::function<engine::TimeMs()>; // UTC ms; the system clock outside tests

    RoomApi(room::WaitingRoom room, ApiOptions options, Clock clock);
    // The endpoints hold references into this object.
    RoomApi(const RoomApi&) = delete;
    RoomApi& operator=(const RoomApi&) = delete;

    void handle(http::Request& request, const http::Responder& responder);
    // About 4 times a second: admissions (engine tick) and, once a second, a metrics sample.
    void heartbeat();
    // The waiting page under /queue/ (without it, /queue/ is 404).
    void setWaitingPage(StaticSite site) { m_site = std::move(site); }
    // For the metrics: the HTTP server's own counters.
    void setServerStats(std::function<http::Server::Stats()> stats) {
        m_sampler.setServerStats(std::move(stats));
    }

    // The durable store: from then on every change is journaled, and joins, leaves, claims,
    // completions and control changes are answered only once their record is on disk.
    // Without one (benchmarks, some tests) nothing survives the process.
    void setStore(store::EventStore* store);
    // Another way to the room (a cluster node's, server/cluster), before serving; it must
    // outlive this object. Without one, changes run here (LocalDriver).
    void setDriver(RoomDriver* driver) {
        m_driver.current = driver != nullptr ? driver : &m_local;
        m_sampler.setClusterPlace([this] { return m_driver->clusterJson(); });
    }
    // For the driver: the answer to a change is built on the loop after it ran.
    NodeSampler& sampler() { return m_sampler; }
    // The node's recorded history (a sample a second; GET /api/v1/admin/history).
    void setHistory(NodeHistory history) { m_sampler.setHistory(std::move(history)); }

    // Proof of work on join (sluiced builds it from the server key); without it joins need
    // none and GET /api/v1/join/challenge answers 204.
    void setJoinProof(JoinProof proof);
    // The proof of work set, or null: a cluster node puts the log's controls in force on it.
    JoinProof* joinProof() { return m_proof ? &*m_proof : nullptr; }

    const room::WaitingRoom& room() const { return m_room; }
    room::WaitingRoom& room() { return m_room; }
    // Benchmarks only (sluiced --bench-preload; see benchmark_preload.h).
    engine::Status preloadForBenchmark(std::size_t count, const std::string& file);

private:
    std::vector<Route> routes();
    std::optional<http::Response> waitingPageOrNotFound(const Call& call) const;
    // /metrics lines of the fair-join defences: shared tokens, proof of work.
    std::string fairJoinLines() const;
    // The admin snapshot's "fairJoins" (docs/api.md): sharing counts, the revoke rule, the
    // proof of work's settings.
    std::string fairJoinsJson() const;

    room::WaitingRoom m_room;
    ApiOptions m_options;
    Clock m_clock;
    CommandJournal m_journal;
    LocalDriver m_local;
    DriverSlot m_driver;
    NodeSampler m_sampler;
    SnapshotStreams m_streams;
    PublicEndpoints m_public;
    GateEndpoints m_gate;
    AdminEndpoints m_admin;
    std::optional<StaticSite> m_site;
    std::optional<JoinProof> m_proof;
    RouteTable m_table;
};

} // namespace sluice::api
