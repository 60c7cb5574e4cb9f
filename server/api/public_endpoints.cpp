// SPDX-License-Identifier: Apache-2.0
#include "public_endpoints.h"

#include "api_answers.h"
#include "config/json_fields.h"
#include "request_fields.h"

#include <cmath>

namespace sluice::api {
namespace {

using engine::Status;
using http::Response;
using journal::Command;

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
    // Unknown (nothing admitted, or stalled) and paused carry no figure: the page says why
    // in words, and no client can read a 0 or a stale number as a wait.
    const bool figure = v.wait.known && !v.paused;
    const auto field = [figure](double s) {
        return figure ? std::to_string(seconds(s)) : std::string("null");
    };
    out += std::string(",\"estimate\":{\"known\":") + (v.wait.known ? "true" : "false") +
           ",\"stalled\":" + (v.wait.stalled ? "true" : "false") +
           ",\"seconds\":" + field(v.wait.seconds) + ",\"low\":" + field(v.wait.lowSeconds) +
           ",\"high\":" + field(v.wait.highSeconds) + "}";
    out += ",\"pollAfterMs\":" + std::to_string(v.pollAfterMs);
    out += std::string(",\"paused\":") + (v.paused ? "true" : "false");
    if (v.state == engine::TicketState::PreQueued) {
        out += ",\"opensAt\":" + isoJson(v.opensAt) +
               ",\"preQueueSize\":" + std::to_string(v.preQueueSize);
    }
    if (v.state == engine::TicketState::Admitted) {
        out += ",\"claimBy\":" + isoJson(v.claimDeadline) + ",\"next\":\"/api/v1/claim\"";
    }
    if (!config.message.empty()) {
        out += ",\"message\":" + http::jsonString(config.message);
    }
    out += "}";
    return out;
}

} // namespace

PublicEndpoints::PublicEndpoints(room::WaitingRoom& room, const ApiOptions& options,
                                 CommandJournal& journal, NodeSampler& sampler)
    : m_room(room), m_options(options), m_journal(journal), m_sampler(sampler),
      m_joinLimiter(options.joinsPerMinutePerAddress, options.joinBurstPerAddress) {}

Response PublicEndpoints::join(const Call& call) {
    const http::Request& r = call.request;
    std::string client = call.responder.peer();
    if (!m_options.trustedProxy.empty() && client == m_options.trustedProxy) {
        if (const auto real = r.header("x-real-ip"); real && !real->empty() && real->size() < 64) {
            client = std::string(*real);
        }
    }
    if (!m_joinLimiter.allow(client, call.now)) {
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
    auto joined = m_room.join(call.now, birthDate);
    journal::JournalRecord record =
        commandRecord(Command::Join, joined.isOk() ? joined.value().view.seq : 0, joined.isOk());
    record.birthDate = birthDate;
    m_journal.record(std::move(record), CommandJournal::Answer::WhenDurable);
    if (!joined.isOk()) {
        return refusal(joined.status());
    }
    return Response::json(
        201, viewJson(joined.value().view, m_room.engine().config(), &joined.value().ticket));
}

Response PublicEndpoints::status(const Call& call) {
    const std::string ticket = queryValue(call.request.query(), "ticket");
    if (ticket.empty()) {
        return Response::error(400, "status needs ?ticket=…");
    }
    auto view = m_room.status(call.now, ticket);
    // A poll is kept only when it abandoned someone; its answer need not wait for that.
    m_journal.record(commandRecord(Command::Poll, view.isOk() ? view.value().seq : 0, view.isOk()),
                     CommandJournal::Answer::Now);
    if (!view.isOk()) {
        return refusal(view.status());
    }
    return Response::json(200, viewJson(view.value(), m_room.engine().config(), nullptr));
}

Response PublicEndpoints::leave(const Call& call) {
    const auto ticket = ticketFromBody(call.request);
    if (!ticket.isOk()) {
        return refusal(ticket.status());
    }
    const auto left = m_room.leave(call.now, ticket.value());
    m_journal.record(commandRecord(Command::Leave, left.isOk() ? left.value() : 0, left.isOk()),
                     CommandJournal::Answer::WhenDurable);
    if (!left.isOk()) {
        return refusal(left.status());
    }
    return Response::json(204, "");
}

Response PublicEndpoints::claim(const Call& call) {
    const auto ticket = ticketFromBody(call.request);
    if (!ticket.isOk()) {
        return refusal(ticket.status());
    }
    auto claimed = m_room.claim(call.now, ticket.value());
    m_journal.record(commandRecord(Command::Claim, claimed.isOk() ? claimed.value().grant.seq : 0,
                                   claimed.isOk()),
                     CommandJournal::Answer::WhenDurable);
    if (!claimed.isOk()) {
        return refusal(claimed.status());
    }
    const auto& c = claimed.value();
    if (c.firstClaim) { // the wait from joining to admission, for the history
        m_sampler.recordWait(static_cast<double>(c.grant.admittedAt - c.joinedAt) / 1000.0);
    }
    Response ok =
        Response::json(200, "{\"token\":" + http::jsonString(c.token) +
                                ",\"expiresAt\":" + isoJson(c.grant.expiresAt) +
                                ",\"redirect\":" + http::jsonString(m_options.protectedUrl) + "}");
    const long long maxAge = std::max<long long>(1, (c.grant.expiresAt - call.now) / 1000);
    ok.headers.push_back(
        {"Set-Cookie", std::string(kTokenCookie) + "=" + c.token +
                           "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(maxAge) +
                           (m_options.secureCookie ? "; Secure" : "")});
    return ok;
}

Response PublicEndpoints::jwks(const Call&) const {
    return Response::json(200, m_room.jwks());
}

} // namespace sluice::api
