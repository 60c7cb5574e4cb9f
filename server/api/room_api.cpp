// SPDX-License-Identifier: Apache-2.0
#include "room_api.h"

#include "config/json_fields.h"
#include "engine/utc_format.h"
#include "sim/sim_output.h"
#include "tokens/hmac_sha256.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace sluice::api {
namespace {

using http::Request;
using http::Response;
using json = nlohmann::json;
using engine::Status;
using engine::TimeMs;

constexpr std::string_view kCookie = "sluice_token";

int httpStatusOf(const Status& s) {
    switch (s.code()) {
    case Status::Code::InvalidArgument:
        return 400;
    case Status::Code::PermissionDenied:
        return 403;
    case Status::Code::NotEligible:
        return 403;
    case Status::Code::NotFound:
        return 404;
    case Status::Code::FailedPrecondition:
        return 409;
    default:
        return 500;
    }
}

Response refusal(const Status& s) {
    return Response::error(httpStatusOf(s), s.message());
}

std::string iso(TimeMs t) {
    return http::jsonString(engine::formatUtc(t));
}

long long seconds(double s) {
    return std::llround(std::max(0.0, s));
}

// The answer to join and status: what the waiting page shows and when to ask again.
std::string viewJson(const engine::TicketView& v, const engine::EventConfig& config,
                     const std::string* ticket) {
    std::string out = "{";
    if (ticket != nullptr) {
        out += "\"ticket\":" + http::jsonString(*ticket) + ",";
    }
    out += "\"state\":" + http::jsonString(engine::nameOf(v.state));
    out += ",\"position\":" + std::to_string(v.position);
    char estimate[160];
    std::snprintf(estimate, sizeof estimate,
                  ",\"estimate\":{\"known\":%s,\"stalled\":%s,\"seconds\":%lld,\"low\":%lld,"
                  "\"high\":%lld}",
                  v.wait.known ? "true" : "false", v.wait.stalled ? "true" : "false",
                  seconds(v.wait.seconds), seconds(v.wait.lowSeconds), seconds(v.wait.highSeconds));
    out += estimate;
    out += ",\"pollAfterMs\":" + std::to_string(v.pollAfterMs);
    out += std::string(",\"paused\":") + (v.paused ? "true" : "false");
    if (v.state == engine::TicketState::PreQueued) {
        out += ",\"opensAt\":" + iso(v.opensAt) +
               ",\"preQueueSize\":" + std::to_string(v.preQueueSize);
    }
    if (v.state == engine::TicketState::Admitted) {
        out += ",\"claimBy\":" + iso(v.claimDeadline) + ",\"next\":\"/api/v1/claim\"";
    }
    if (!config.message.empty()) {
        out += ",\"message\":" + http::jsonString(config.message);
    }
    out += "}";
    return out;
}

// A JSON object body with only the fields named; "" for an empty body when allowed.
engine::Result<json> objectBody(const Request& r, std::initializer_list<const char*> known,
                                bool emptyAllowed) {
    if (r.body.empty()) {
        return emptyAllowed
                   ? json::object()
                   : engine::Result<json>(Status::invalidArgument("a JSON body is required"));
    }
    json j = json::parse(r.body, nullptr, false);
    if (j.is_discarded()) {
        return Status::invalidArgument("the body is not valid JSON");
    }
    config::JsonFields f;
    f.object(j, "body", known);
    if (Status s = f.status(); !s.isOk()) {
        return s;
    }
    return j;
}

// The ticket of a {"ticket": "…"} body (leave, claim).
engine::Result<std::string> ticketFromBody(const Request& r) {
    auto body = objectBody(r, {"ticket"}, false);
    if (!body.isOk()) {
        return body.status();
    }
    const auto it = body.value().find("ticket");
    if (it == body.value().end() || !it->is_string()) {
        return Status::invalidArgument("body.ticket: expected the ticket string");
    }
    return it->get<std::string>();
}

std::string queryValue(std::string_view query, std::string_view key) {
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == key) {
            return std::string(pair.substr(eq + 1)); // tickets are base64url: nothing to decode
        }
        if (amp == std::string_view::npos) {
            break;
        }
        query.remove_prefix(amp + 1);
    }
    return {};
}

// The admission token: the cookie the gate set, or "Authorization: Bearer …".
std::string tokenOf(const Request& r) {
    if (const auto auth = r.header("authorization"); auth && auth->substr(0, 7) == "Bearer ") {
        return std::string(auth->substr(7));
    }
    if (const auto cookies = r.header("cookie")) {
        std::string_view rest = *cookies;
        while (!rest.empty()) {
            const std::size_t semi = rest.find(';');
            std::string_view item = rest.substr(0, semi);
            while (!item.empty() && item.front() == ' ') {
                item.remove_prefix(1);
            }
            if (item.substr(0, kCookie.size()) == kCookie && item.size() > kCookie.size() &&
                item[kCookie.size()] == '=') {
                return std::string(item.substr(kCookie.size() + 1));
            }
            if (semi == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(semi + 1);
        }
    }
    return {};
}

journal::JournalRecord command(journal::Command c, engine::TicketSeq seq = 0,
                               bool succeeded = true) {
    journal::JournalRecord r;
    r.command = c;
    r.seq = seq;
    r.succeeded = succeeded;
    return r;
}

Response methodNotAllowed(std::string_view allow) {
    Response r = Response::error(405, "method not allowed here; use " + std::string(allow));
    r.headers.push_back({"Allow", std::string(allow)});
    return r;
}

} // namespace

RoomApi::RoomApi(room::WaitingRoom room, ApiOptions options, Clock clock)
    : m_room(std::move(room)), m_options(std::move(options)), m_clock(std::move(clock)),
      m_joinLimiter(m_options.joinsPerMinutePerAddress, m_options.joinBurstPerAddress) {
    m_snapshot = m_room.engine().sampleMetrics(m_clock());
}

engine::Status RoomApi::preloadForBenchmark(std::size_t count, const std::string& file) {
    std::FILE* out = std::fopen(file.c_str(), "w");
    if (out == nullptr) {
        return Status::ioError("cannot write " + file);
    }
    const TimeMs now = m_clock();
    for (std::size_t i = 0; i < count; ++i) {
        auto joined = m_room.join(now);
        if (!joined.isOk()) {
            std::fclose(out);
            return joined.status();
        }
        std::fputs(joined.value().ticket.c_str(), out);
        std::fputc('\n', out);
    }
    if (m_store != nullptr) {
        m_store->snapshot(m_room.engine(), now);
    }
    return std::fclose(out) == 0 ? Status::ok() : Status::ioError("cannot write " + file);
}

void RoomApi::setStore(store::EventStore* store) {
    m_store = store;
    m_room.engine().recordAbandonments(store != nullptr);
}

void RoomApi::journalCommand(journal::JournalRecord record, bool acknowledge) {
    if (m_store == nullptr) {
        return;
    }
    if (auto kept = m_journalFilter.keep(std::move(record), m_room.engine())) {
        const std::uint64_t lsn = m_store->append(*kept);
        if (acknowledge) {
            m_awaitLsn = lsn;
        }
    }
}

std::optional<Response> RoomApi::storeRefusal() const {
    if (m_store == nullptr || !m_store->behind()) {
        return std::nullopt;
    }
    Response busy = Response::error(
        503, m_store->failed() ? "this server cannot record changes (its disk failed); try "
                                 "another or come back later"
                               : "changes are arriving faster than they can be recorded; "
                                 "try again in a moment");
    busy.headers.push_back({"Retry-After", m_store->failed() ? "30" : "2"});
    return busy;
}

void RoomApi::heartbeat() {
    const TimeMs now = m_clock();
    m_room.engine().tick(now);
    journalCommand(command(journal::Command::Tick), false);
    if (m_store != nullptr && m_store->snapshotDue(now)) {
        m_store->snapshot(m_room.engine(), now);
    }
    if (now - m_lastSample >= 1000) {
        m_lastSample = now;
        m_snapshot = m_room.engine().sampleMetrics(now);
        m_sample = sampleOf(m_snapshot);
        if (m_history) {
            m_history->record(m_sample);
            m_history->recordAudit(m_room.engine().audit());
        }
        m_joinLimiter.forgetIdle(now);
        publishSnapshot();
    }
}

// The node's second in the simulator's terms (docs/api.md maps each field), so the console
// and the reports treat a live night and a simulated one alike.
sim::SimSample RoomApi::sampleOf(const engine::MetricsSnapshot& m) {
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
    s.engineEstimateSeconds = m.newArrivalWait.known && !m.newArrivalWait.paused
                                  ? m.newArrivalWait.seconds
                                  : series::kNoFigure; // words on the page, no figure
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

void RoomApi::handle(Request& r, const http::Responder& out) {
    const TimeMs now = m_clock();
    const std::string_view path = r.path();
    const bool get = r.method == "GET" || r.method == "HEAD";
    const bool post = r.method == "POST";
    const bool changes =
        post && (path == "/api/v1/join" || path == "/api/v1/leave" || path == "/api/v1/claim" ||
                 path == "/api/v1/gate/complete" || path == "/api/v1/admin/controls");
    Response answer;
    m_awaitLsn = 0;
    if (auto busy = changes ? storeRefusal() : std::nullopt) {
        answer = std::move(*busy);
    } else if (path == "/api/v1/status") {
        answer = get ? status(r, now) : methodNotAllowed("GET");
    } else if (path == "/api/v1/join") {
        answer = post ? join(r, out, now) : methodNotAllowed("POST");
    } else if (path == "/api/v1/gate/check") {
        answer = get ? gateCheck(r, now) : methodNotAllowed("GET");
    } else if (path == "/api/v1/claim") {
        answer = post ? claim(r, now) : methodNotAllowed("POST");
    } else if (path == "/api/v1/leave") {
        answer = post ? leave(r, now) : methodNotAllowed("POST");
    } else if (path == "/api/v1/gate/complete") {
        answer = post ? gateComplete(r, now) : methodNotAllowed("POST");
    } else if (path == "/.well-known/jwks.json") {
        answer = get ? Response::json(200, m_room.jwks()) : methodNotAllowed("GET");
    } else if (path == "/healthz") {
        answer = get ? Response::json(200, "{\"status\":\"ok\"}") : methodNotAllowed("GET");
    } else if (path == "/readyz") {
        // Ready to take changes: the journal keeps up (a load balancer sends joins elsewhere).
        const bool ready = m_store == nullptr || !m_store->behind();
        answer =
            !get    ? methodNotAllowed("GET")
            : ready ? Response::json(200, "{\"status\":\"ok\"}")
                    : Response::error(503, m_store->failed() ? "journal failed" : "journal behind");
    } else if (path == "/metrics") {
        answer = get ? metrics() : methodNotAllowed("GET");
    } else if (path.starts_with("/api/v1/admin/") && m_options.adminOverTlsOnly && !out.secure()) {
        answer = Response::error(403, "the admin API is served over TLS only (--admin-listen)");
    } else if (path == "/api/v1/admin/stream") {
        if (auto refused = adminRefusal(r)) {
            answer = std::move(*refused);
        } else if (!get) {
            answer = methodNotAllowed("GET");
        } else {
            // Server-Sent Events: the latest snapshot now, then one a second.
            Response head;
            head.contentType = "text/event-stream";
            const http::Stream stream = out.startStream(std::move(head));
            if (stream.send("retry: 2000\nevent: snapshot\ndata: " + snapshotJson() + "\n\n")) {
                m_streams.push_back(stream);
            }
            return;
        }
    } else if (path.starts_with("/api/v1/admin/")) {
        answer = admin(r, now);
    } else if (auto page = m_site ? m_site->serve(path) : std::nullopt) {
        answer = get ? std::move(*page) : methodNotAllowed("GET");
    } else {
        answer = Response::error(404, "no such endpoint (see docs/api.md)");
    }
    if (const std::uint64_t lsn = std::exchange(m_awaitLsn, 0); lsn != 0) {
        // A change is acknowledged only once it would survive a crash.
        m_store->whenDurable(lsn, [out, answer = std::move(answer)](bool durable) {
            out.send(durable ? answer
                             : Response::error(503, "the change could not be recorded (disk "
                                                    "failure); try another server"));
        });
        return;
    }
    out.send(std::move(answer));
}

Response RoomApi::join(const Request& r, const http::Responder& out, TimeMs now) {
    std::string client = out.peer();
    if (!m_options.trustedProxy.empty() && client == m_options.trustedProxy) {
        if (const auto real = r.header("x-real-ip"); real && !real->empty() && real->size() < 64) {
            client = std::string(*real);
        }
    }
    if (!m_joinLimiter.allow(client, now)) {
        ++m_rateLimited;
        Response slow =
            Response::error(429, "too many joins from this address; wait and try again");
        slow.headers.push_back({"Retry-After", std::to_string(m_joinLimiter.retryAfterSeconds())});
        return slow;
    }
    auto body = objectBody(r, {"birthDate"}, true);
    if (!body.isOk()) {
        return refusal(body.status());
    }
    std::optional<int> birthDate;
    if (body.value().contains("birthDate")) {
        config::JsonFields f;
        int date = 0;
        f.date(body.value(), "body", "birthDate", date, true);
        if (Status s = f.status(); !s.isOk()) {
            return refusal(s);
        }
        birthDate = date;
    }
    auto joined = m_room.join(now, birthDate);
    journal::JournalRecord joinRecord =
        command(journal::Command::Join, joined.isOk() ? joined.value().view.seq : 0, joined.isOk());
    joinRecord.birthDate = birthDate;
    journalCommand(std::move(joinRecord), true);
    if (!joined.isOk()) {
        return refusal(joined.status());
    }
    return Response::json(
        201, viewJson(joined.value().view, m_room.engine().config(), &joined.value().ticket));
}

Response RoomApi::status(const Request& r, TimeMs now) {
    const std::string ticket = queryValue(r.query(), "ticket");
    if (ticket.empty()) {
        return Response::error(400, "status needs ?ticket=…");
    }
    auto view = m_room.status(now, ticket);
    journalCommand(command(journal::Command::Poll, view.isOk() ? view.value().seq : 0, view.isOk()),
                   false);
    if (!view.isOk()) {
        return refusal(view.status());
    }
    return Response::json(200, viewJson(view.value(), m_room.engine().config(), nullptr));
}

Response RoomApi::leave(const Request& r, TimeMs now) {
    const auto ticket = ticketFromBody(r);
    if (!ticket.isOk()) {
        return refusal(ticket.status());
    }
    const auto left = m_room.leave(now, ticket.value());
    journalCommand(command(journal::Command::Leave, left.isOk() ? left.value() : 0, left.isOk()),
                   true);
    if (!left.isOk()) {
        return refusal(left.status());
    }
    return Response::json(204, "");
}

Response RoomApi::claim(const Request& r, TimeMs now) {
    const auto ticket = ticketFromBody(r);
    if (!ticket.isOk()) {
        return refusal(ticket.status());
    }
    auto claimed = m_room.claim(now, ticket.value());
    journalCommand(command(journal::Command::Claim, claimed.isOk() ? claimed.value().grant.seq : 0,
                           claimed.isOk()),
                   true);
    if (!claimed.isOk()) {
        return refusal(claimed.status());
    }
    const auto& c = claimed.value();
    if (c.firstClaim) { // the wait from joining to admission, for the history
        m_waitSum += static_cast<double>(c.grant.admittedAt - c.joinedAt) / 1000.0;
        ++m_waitCount;
    }
    Response ok =
        Response::json(200, "{\"token\":" + http::jsonString(c.token) +
                                ",\"expiresAt\":" + iso(c.grant.expiresAt) +
                                ",\"redirect\":" + http::jsonString(m_options.protectedUrl) + "}");
    const long long maxAge = std::max<long long>(1, (c.grant.expiresAt - now) / 1000);
    ok.headers.push_back(
        {"Set-Cookie", std::string(kCookie) + "=" + c.token +
                           "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(maxAge) +
                           (m_options.secureCookie ? "; Secure" : "")});
    return ok;
}

// nginx's auth_request: 204 lets the request through, 401 sends the person to the waiting
// page. Nothing else is decided here; the token is the only thing that counts.
Response RoomApi::gateCheck(const Request& r, TimeMs now) {
    const std::string token = tokenOf(r);
    if (token.empty()) {
        return Response::error(401, "no admission token");
    }
    auto checked = m_room.checkToken(now, token);
    if (!checked.isOk()) {
        return Response::error(401, checked.status().message());
    }
    return Response::json(204, "");
}

Response RoomApi::gateComplete(const Request& r, TimeMs now) {
    const std::string token = tokenOf(r);
    if (token.empty()) {
        return Response::error(401, "no admission token");
    }
    const auto completed = m_room.complete(now, token);
    journalCommand(command(journal::Command::Complete, completed.isOk() ? completed.value() : 0,
                           completed.isOk()),
                   true);
    if (!completed.isOk()) {
        const Status& s = completed.status();
        return Response::error(s.code() == Status::Code::PermissionDenied ? 401 : httpStatusOf(s),
                               s.message());
    }
    Response done = Response::json(204, "");
    done.headers.push_back({"Set-Cookie", std::string(kCookie) + "=; Path=/; HttpOnly; Max-Age=0"});
    return done;
}

std::optional<Response> RoomApi::adminRefusal(const Request& r) const {
    if (m_options.adminKey.empty()) {
        return Response::error(403, "the admin API is off: start sluiced with an admin key");
    }
    const auto auth = r.header("authorization");
    const std::string_view given =
        auth && auth->substr(0, 7) == "Bearer " ? auth->substr(7) : std::string_view();
    const auto bytes = [](std::string_view s) {
        return std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
    };
    if (!tokens::constantTimeEqual(bytes(given), bytes(m_options.adminKey))) {
        Response denied =
            Response::error(401, "a valid admin key is required (Authorization: Bearer …)");
        denied.headers.push_back({"WWW-Authenticate", "Bearer realm=\"sluice-admin\""});
        return denied;
    }
    return std::nullopt;
}

std::string RoomApi::snapshotJson() const {
    const engine::MetricsSnapshot& s = m_snapshot;
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

void RoomApi::publishSnapshot() {
    if (m_streams.empty()) {
        return;
    }
    const std::string event = "event: snapshot\ndata: " + snapshotJson() + "\n\n";
    std::erase_if(m_streams, [&event](const http::Stream& s) { return !s.send(event); });
}

Response RoomApi::admin(const Request& r, TimeMs now) {
    if (auto refused = adminRefusal(r)) {
        return std::move(*refused);
    }
    const std::string_view path = r.path();
    const engine::EventConfig& c = m_room.engine().config();
    if (path == "/api/v1/admin/config") {
        if (r.method != "GET") {
            return methodNotAllowed("GET");
        }
        json j{{"eventId", c.eventId},
               {"opensAt", engine::formatUtc(c.opensAt)},
               {"admissionRatePerMinute", c.admissionRatePerMinute},
               {"capacity", c.capacity},
               {"sessionTtlSeconds", c.sessionTtlSeconds},
               {"claimGraceSeconds", c.claimGraceSeconds},
               {"idleTimeoutSeconds", c.idleTimeoutSeconds},
               {"paused", c.paused},
               {"message", c.message}};
        return Response::json(200, j.dump());
    }
    if (path == "/api/v1/admin/snapshot") {
        if (r.method != "GET") {
            return methodNotAllowed("GET");
        }
        return Response::json(200, snapshotJson());
    }
    if (path == "/api/v1/admin/history") {
        if (r.method != "GET") {
            return methodNotAllowed("GET");
        }
        // ?after=MS (UTC ms, exclusive): one sample a second as series.csv rows, at most an
        // hour a call; the client asks again from the last row's time.
        const std::string after = queryValue(r.query(), "after");
        TimeMs from = 0;
        if (!after.empty()) {
            char* end = nullptr;
            from = std::strtoll(after.c_str(), &end, 10);
            if (*end != '\0' || from < 0) {
                return Response::error(400, "after: milliseconds since 1970 (UTC)");
            }
        }
        if (!m_history) {
            return Response::error(404, "this node keeps no history");
        }
        std::string csv = sim::seriesCsvHeader();
        for (const sim::SimSample& x : m_history->since(from, 3600)) {
            csv += sim::seriesCsvRow(x, 0);
        }
        Response out = Response::json(200, std::move(csv));
        out.contentType = "text/csv; charset=utf-8";
        return out;
    }
    if (path == "/api/v1/admin/audit") {
        if (r.method != "GET") {
            return methodNotAllowed("GET");
        }
        return Response::json(200, sim::auditJson(m_room.engine().audit()));
    }
    if (path == "/api/v1/admin/controls") {
        return r.method == "POST" ? controls(r, now) : methodNotAllowed("POST");
    }
    return Response::error(404, "no such admin endpoint");
}

// One change of the controls, by a named operator; the engine validates and audits it.
Response RoomApi::controls(const Request& r, TimeMs now) {
    auto body = objectBody(
        r, {"operator", "admissionRatePerMinute", "capacity", "paused", "opensAt", "message"},
        false);
    if (!body.isOk()) {
        return refusal(body.status());
    }
    const json& j = body.value();
    config::JsonFields f;
    std::string operatorName;
    f.text(j, "body", "operator", operatorName, 64, true);
    engine::ConfigChange change;
    if (j.contains("admissionRatePerMinute")) {
        int v = 0;
        f.integer(j, "body", "admissionRatePerMinute", v, 0, engine::kMaxRatePerMinute, true);
        change.admissionRatePerMinute = v;
    }
    if (j.contains("capacity")) {
        int v = 0;
        f.integer(j, "body", "capacity", v, 0, engine::kMaxCapacity, true);
        change.capacity = v;
    }
    if (j.contains("paused")) {
        bool v = false;
        f.boolean(j, "body", "paused", v);
        change.paused = v;
    }
    if (j.contains("opensAt")) {
        TimeMs v = 0;
        f.instant(j, "body", "opensAt", v, true);
        change.opensAt = v;
    }
    if (j.contains("message")) {
        std::string v;
        f.text(j, "body", "message", v, engine::kMaxMessageBytes, true);
        change.message = v;
    }
    if (Status s = f.status(); !s.isOk()) {
        return refusal(s);
    }
    if (change.empty()) {
        return Response::error(400, "nothing to change: give at least one control");
    }
    const Status configured = m_room.engine().configure(now, operatorName, change);
    journal::JournalRecord changeRecord =
        command(journal::Command::Configure, 0, configured.isOk());
    changeRecord.operatorName = operatorName;
    changeRecord.change = change;
    journalCommand(std::move(changeRecord), true);
    if (!configured.isOk()) {
        return refusal(configured);
    }
    return Response::json(200, "{\"applied\":true}");
}

Response RoomApi::metrics() const {
    const engine::MetricsSnapshot& s = m_snapshot;
    std::string out;
    const auto metric = [&out](const char* name, const char* type, const char* help, double value) {
        char line[256];
        std::snprintf(line, sizeof line, "# HELP %s %s\n# TYPE %s %s\n%s %.17g\n", name, help, name,
                      type, name, value);
        out += line;
    };
    const auto d = [](std::uint64_t v) { return static_cast<double>(v); };
    metric("sluice_waiting", "gauge", "People in the queue now.", d(s.waiting));
    metric("sluice_pre_queued", "gauge", "People who joined before their opening.", d(s.preQueued));
    metric("sluice_active_sessions", "gauge", "Sessions in the protected site.",
           d(s.activeSessions));
    metric("sluice_admitted_unclaimed", "gauge", "Admitted, token not yet claimed.",
           d(s.admittedUnclaimed));
    metric("sluice_capacity", "gauge", "Concurrent sessions the protected site holds.", s.capacity);
    metric("sluice_admission_rate_per_minute", "gauge", "The operator's admission rate.",
           s.admissionRatePerMinute);
    metric("sluice_paused", "gauge", "1 while admissions are paused.", s.paused ? 1 : 0);
    metric("sluice_estimated_wait_seconds", "gauge", "The wait a new arrival is told.",
           s.newArrivalWait.known ? s.newArrivalWait.seconds : 0.0);
    metric("sluice_joins_total", "counter", "Tickets issued.", d(s.joinsTotal));
    metric("sluice_admissions_total", "counter", "Tickets admitted.", d(s.admitsTotal));
    metric("sluice_claims_total", "counter", "Admissions turned into sessions.", d(s.claimsTotal));
    metric("sluice_completions_total", "counter", "Sessions completed.", d(s.completionsTotal));
    metric("sluice_abandons_total", "counter", "Tickets that stopped polling.", d(s.abandonsTotal));
    metric("sluice_leaves_total", "counter", "Tickets that left on purpose.", d(s.leavesTotal));
    metric("sluice_ticket_rejections_total", "counter", "Forged, foreign or malformed tickets.",
           d(s.ticketRejections));
    metric("sluice_join_rate_limited_total", "counter", "Joins refused by the per-address limit.",
           d(m_rateLimited));
    out += "# HELP sluice_token_rejections_total Admission tokens the gate refused, by reason.\n"
           "# TYPE sluice_token_rejections_total counter\n";
    for (std::size_t i = 0; i < engine::kTokenRejectionCount; ++i) {
        out += "sluice_token_rejections_total{reason=\"" +
               std::string(engine::nameOf(static_cast<engine::TokenRejection>(i))) + "\"} " +
               std::to_string(s.tokenRejections[i]) + "\n";
    }
    if (m_serverStats) {
        const http::Server::Stats h = m_serverStats();
        metric("sluice_http_connections_open", "gauge", "Open client connections.", d(h.open));
        metric("sluice_http_requests_total", "counter", "Requests handled.", d(h.requests));
        metric("sluice_http_bad_requests_total", "counter", "Requests refused as malformed.",
               d(h.badRequests));
        metric("sluice_http_refused_full_total", "counter",
               "Connections refused with 503 when full.", d(h.refusedFull));
        metric("sluice_http_timeouts_total", "counter", "Requests that did not arrive in time.",
               d(h.timedOut));
    }
    Response r = Response::json(200, std::move(out));
    r.contentType = "text/plain; version=0.0.4; charset=utf-8";
    return r;
}

} // namespace sluice::api
