// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/metrics_snapshot.h"
#include "http/http_server.h"
#include "join_rate_limiter.h"
#include "node_history.h"
#include "room/waiting_room.h"
#include "static_site.h"
#include "store/event_store.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sluice::api {

struct ApiOptions {
    std::string adminKey;           // bearer key for /api/v1/admin/*; empty: admin refused
    std::string protectedUrl = "/"; // where an admitted person goes (the protected site)
    bool secureCookie = false;      // add Secure to the token cookie (behind TLS)
    // The admin API only over the server's TLS listener; on the plain one it answers 403.
    bool adminOverTlsOnly = false;
    // The reverse proxy (nginx) whose X-Real-IP names the client; from any other peer the
    // header is ignored, so a client cannot pick its own address for the join limit.
    std::string trustedProxy;
    int joinsPerMinutePerAddress = 30;
    int joinBurstPerAddress = 10;
};

// The HTTP API of one waiting room (docs/api.md): public join / status / leave / claim, the
// gate nginx asks (auth_request), JWKS, health, Prometheus metrics and the admin API. Runs
// on the HTTP server's loop thread, which is the engine's one driver thread. Every refusal
// is a JSON error with a status that says what kind of problem it is, and changes nothing.
class RoomApi {
public:
    using Clock = std::function<engine::TimeMs()>; // UTC ms; the system clock outside tests

    RoomApi(room::WaitingRoom room, ApiOptions options, Clock clock);

    void handle(http::Request& request, const http::Responder& responder);
    // About 4 times a second: admissions (engine tick) and, once a second, a metrics sample.
    void heartbeat();
    // For the metrics: the HTTP server's own counters.
    // The waiting page under /queue/ (without it, /queue/ is 404).
    void setWaitingPage(StaticSite site) { m_site = std::move(site); }
    void setServerStats(std::function<http::Server::Stats()> stats) {
        m_serverStats = std::move(stats);
    }

    // The durable store: from then on every change is journaled, and joins, leaves, claims,
    // completions and control changes are answered only once their record is on disk.
    // Without one (benchmarks, some tests) nothing survives the process.
    void setStore(store::EventStore* store);
    // The node's recorded history (a sample a second; GET /api/v1/admin/history).
    void setHistory(NodeHistory history) { m_history.emplace(std::move(history)); }

    const room::WaitingRoom& room() const { return m_room; }
    room::WaitingRoom& room() { return m_room; }
    // Benchmarks only (sluiced --bench-preload): `count` people join now; their tickets are
    // written to `file`, one a line, for the load generator to poll. Not journaled one by
    // one: a snapshot written in the background afterwards holds them (seconds later).
    engine::Status preloadForBenchmark(std::size_t count, const std::string& file);

private:
    http::Response join(const http::Request& r, const http::Responder& out, engine::TimeMs now);
    http::Response status(const http::Request& r, engine::TimeMs now);
    http::Response leave(const http::Request& r, engine::TimeMs now);
    http::Response claim(const http::Request& r, engine::TimeMs now);
    http::Response gateCheck(const http::Request& r, engine::TimeMs now);
    http::Response gateComplete(const http::Request& r, engine::TimeMs now);
    http::Response admin(const http::Request& r, engine::TimeMs now);
    http::Response controls(const http::Request& r, engine::TimeMs now);
    http::Response metrics() const;
    // Null when the request carries the admin key; otherwise the refusal to send.
    std::optional<http::Response> adminRefusal(const http::Request& r) const;
    // Journals a command the engine just ran (with whomever it found idle); `acknowledge`:
    // the answer waits until the record is durable.
    void journalCommand(journal::JournalRecord record, bool acknowledge);
    // A 503 when changes cannot be recorded right now (journal behind or failed).
    std::optional<http::Response> storeRefusal() const;
    sim::SimSample sampleOf(const engine::MetricsSnapshot& m);
    std::string snapshotJson() const;
    void publishSnapshot();

    room::WaitingRoom m_room;
    ApiOptions m_options;
    Clock m_clock;
    JoinRateLimiter m_joinLimiter;
    engine::MetricsSnapshot m_snapshot;
    sim::SimSample m_sample; // the latest second, as the history records it
    std::optional<NodeHistory> m_history;
    double m_waitSum = 0; // realised waits of this second's first claims
    std::uint64_t m_waitCount = 0;
    double m_lastWait = 0;
    http::Server::Stats m_lastHttp;
    engine::TimeMs m_lastSample = 0;
    std::uint64_t m_rateLimited = 0;
    std::function<http::Server::Stats()> m_serverStats;
    std::optional<StaticSite> m_site;
    std::vector<http::Stream> m_streams; // admin snapshot streams (Server-Sent Events)
    store::EventStore* m_store = nullptr;
    std::uint64_t m_awaitLsn = 0; // the current answer waits for this record
    journal::JournalFilter m_journalFilter;
};

} // namespace sluice::api
