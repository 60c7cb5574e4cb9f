// SPDX-License-Identifier: Apache-2.0
#include "room_api.h"

#include "admin_access.h"
#include "api_answers.h"
#include "benchmark_preload.h"
#include "prometheus_metrics.h"

#include <nlohmann/json.hpp>

namespace sluice::api {
namespace {

// A route's handler: `method` of `endpoints`.
template <typename Endpoints, typename Answer>
Handler on(Endpoints& endpoints, Answer (Endpoints::*method)(const Call&)) {
    return [&endpoints, method](const Call& call) { return (endpoints.*method)(call); };
}
template <typename Endpoints, typename Answer>
Handler on(const Endpoints& endpoints, Answer (Endpoints::*method)(const Call&) const) {
    return [&endpoints, method](const Call& call) { return (endpoints.*method)(call); };
}

} // namespace

RoomApi::RoomApi(room::WaitingRoom room, ApiOptions options, Clock clock)
    : m_room(std::move(room)), m_options(std::move(options)), m_clock(std::move(clock)),
      m_journal(m_room.engine()), m_local(m_room, m_journal), m_driver{&m_local},
      m_sampler(m_room, m_room.engine().lastNow()),
      m_public(m_room, m_options, m_driver, m_sampler), m_gate(m_room, m_driver, m_options),
      m_admin(m_room, m_driver, m_sampler, m_streams),
      m_table(routes(), [this](const Call& call) { return waitingPageOrNotFound(call); },
              {.changeRefusal = [this] { return m_driver->changeRefusal(); },
               .readRefusal = [this] { return m_driver->readRefusal(); },
               .adminRefusal =
                   [this](const Call& call) {
                       return adminRefusal(call.request, call.responder.secure(), m_options);
                   }}) {
    m_sampler.setFairJoins([this] { return fairJoinsJson(); },
                           [this] { return m_proof ? m_proof->audit().size() : 0; });
}

// Every route, once: path, methods, who may call it, whether it changes durable state.
std::vector<Route> RoomApi::routes() {
    using enum Methods;
    using enum Access;
    using enum Effect;
    const auto health = [](const Call&) { return statusOk(); };
    const auto readiness = [this](const Call&) { return m_driver->readiness(); };
    const auto metrics = [this](const Call&) {
        return prometheusMetrics(m_sampler.metrics(), m_public.joinsRateLimited(),
                                 {.behind = m_journal.behind(), .failed = m_journal.failed()},
                                 m_sampler.serverStats(),
                                 m_driver->prometheusLines() + fairJoinLines());
    };
    const auto cluster = [this](const Call&) {
        const auto json = m_driver->clusterJson();
        return json ? http::Response::json(200, *json)
                    : http::Response::error(404, "this node runs standalone (no cluster)");
    };
    const auto clusterSnapshot = [this](const Call&) {
        auto file = m_driver->snapshotFile();
        return file ? typedAnswer(200, "application/octet-stream", std::move(*file))
                    : http::Response::error(404, "this node has no snapshot to give");
    };
    const auto difficulty = [this](const Call& call) -> std::optional<http::Response> {
        const std::string_view method = call.request.method;
        if (method == "POST") {
            return m_admin.changeDifficulty(call);
        }
        return method == "GET" ? m_admin.difficulty(call) : methodNotAllowed("GET, POST");
    };
    return {
        {"/api/v1/status", GetOrHead, Public, ReadsQueue, on(m_public, &PublicEndpoints::status)},
        {"/api/v1/join", Post, Public, Changes, on(m_public, &PublicEndpoints::join)},
        // ReadsQueue: a cluster node catching up with the log does not know the difficulty
        // in force yet (503 until it does).
        {"/api/v1/join/challenge", GetOrHead, Public, ReadsQueue,
         on(m_public, &PublicEndpoints::challenge)},
        {"/api/v1/claim", Post, Public, Changes, on(m_public, &PublicEndpoints::claim)},
        {"/api/v1/leave", Post, Public, Changes, on(m_public, &PublicEndpoints::leave)},
        {"/api/v1/gate/check", GetOrHead, Public, ReadsQueue, on(m_gate, &GateEndpoints::check)},
        {"/api/v1/gate/complete", Post, Public, Changes, on(m_gate, &GateEndpoints::complete)},
        {"/.well-known/jwks.json", GetOrHead, Public, Reads, on(m_public, &PublicEndpoints::jwks)},
        {"/healthz", GetOrHead, Public, Reads, health},
        {"/readyz", GetOrHead, Public, Reads, readiness},
        {"/metrics", GetOrHead, Public, Reads, metrics},
        {"/api/v1/admin/stream", GetOrHead, AdminKey, Reads, on(m_admin, &AdminEndpoints::stream)},
        // The other admin GET endpoints answer HEAD with 405, as they always have.
        {"/api/v1/admin/config", Get, AdminKey, Reads, on(m_admin, &AdminEndpoints::config)},
        {"/api/v1/admin/snapshot", Get, AdminKey, Reads, on(m_admin, &AdminEndpoints::snapshot)},
        {"/api/v1/admin/history", Get, AdminKey, Reads, on(m_admin, &AdminEndpoints::history)},
        {"/api/v1/admin/audit", Get, AdminKey, Reads, on(m_admin, &AdminEndpoints::audit)},
        {"/api/v1/admin/controls", Post, AdminKey, Changes, on(m_admin, &AdminEndpoints::controls)},
        // GET shows the proof of work's settings, POST changes them (audited).
        {"/api/v1/admin/difficulty", Any, AdminKey, Reads, difficulty},
        {"/api/v1/admin/cluster", Get, AdminKey, Reads, cluster},
        {"/api/v1/admin/cluster/snapshot", Get, AdminKey, Reads, clusterSnapshot},
        {"/api/v1/admin/", Any, AdminKey, Reads, on(m_admin, &AdminEndpoints::notFound),
         Match::Prefix},
    };
}

std::optional<http::Response> RoomApi::waitingPageOrNotFound(const Call& call) const {
    if (auto page = m_site ? m_site->serve(call.request.path()) : std::nullopt) {
        return serves(Methods::GetOrHead, call.request.method) ? std::move(*page)
                                                               : methodNotAllowed("GET");
    }
    return http::Response::error(404, "no such endpoint (see docs/api.md)");
}

void RoomApi::setJoinProof(JoinProof proof) {
    m_proof.emplace(std::move(proof));
    m_public.setJoinProof(&*m_proof);
    m_admin.setJoinProof(&*m_proof);
}

std::string RoomApi::fairJoinLines() const {
    const TokenAddresses& a = m_gate.tokenAddresses();
    std::string out = prometheusMetric(
        "sluice_gate_token_foreign_address_checks_total", "counter",
        "Gate checks of a token from an address other than the first one it was checked from.",
        static_cast<double>(a.foreignChecks()));
    out += prometheusMetric("sluice_gate_tokens_shared", "gauge",
                            "Live tokens the gate has seen from more than one address.",
                            static_cast<double>(a.sharedTokens()));
    out += prometheusMetric("sluice_gate_tokens_revoked_total", "counter",
                            "Tokens revoked for being used from more addresses than "
                            "--revoke-shared-tokens allows.",
                            static_cast<double>(m_gate.tokensRevoked()));
    return m_proof ? out + m_proof->prometheusLines() : out;
}

std::string RoomApi::fairJoinsJson() const {
    const TokenAddresses& a = m_gate.tokenAddresses();
    nlohmann::ordered_json j{{"tokensShared", a.sharedTokens()},
                             {"foreignAddressChecks", a.foreignChecks()},
                             {"tokensRevoked", m_gate.tokensRevoked()},
                             {"revokeSharedAbove", m_options.revokeSharedAbove},
                             {"deviceBinding", m_options.deviceBinding}};
    j["proofOfWork"] = m_proof ? nlohmann::ordered_json::parse(m_proof->settingsJson())
                               : nlohmann::ordered_json{{"mode", "off"}, {"bits", 0}};
    return j.dump();
}

void RoomApi::setStore(store::EventStore* store) {
    m_journal.setStore(store);
    m_room.engine().recordAbandonments(store != nullptr);
}

engine::Status RoomApi::preloadForBenchmark(std::size_t count, const std::string& file) {
    return api::preloadForBenchmark(m_room, m_journal, m_clock(), count, file);
}

void RoomApi::heartbeat() {
    const engine::TimeMs now = m_clock();
    m_driver->heartbeat(now);
    if (m_sampler.sampleIfDue(m_driver->sampleTime(now))) {
        m_public.forgetIdle(now);
        m_gate.forgetIdle(now);
        if (m_proof) {
            m_proof->noteJoins(now, m_sampler.metrics().joinsTotal);
        }
        if (!m_streams.empty()) {
            m_streams.publish(m_sampler.snapshotJson());
        }
    }
}

void RoomApi::handle(http::Request& r, const http::Responder& out) {
    m_journal.takeAwaited(); // nothing from an earlier call
    std::optional<http::Response> answer = m_table.answer({r, out, m_clock()});
    if (!answer) {
        return; // a stream, answered by its endpoint
    }
    if (const std::uint64_t lsn = m_journal.takeAwaited(); lsn != 0) {
        // A change is acknowledged only once it would survive a crash.
        m_journal.whenDurable(lsn, [out, answer = std::move(*answer)](bool durable) {
            out.send(durable ? answer
                             : http::Response::error(503, "the change could not be recorded "
                                                          "(disk failure); try another server"));
        });
        return;
    }
    out.send(std::move(*answer));
}

} // namespace sluice::api
