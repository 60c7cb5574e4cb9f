// SPDX-License-Identifier: Apache-2.0
#include "public_endpoints.h"

#include "api_answers.h"
#include "client_address.h"
#include "config/json_fields.h"
#include "request_fields.h"

#include <cmath>

namespace sluice::api {
namespace {

using engine::Status;
using http::Response;

// How a replay guard's refusal reads (pow::PowChallenges, cluster::ReplicatedRoom).
constexpr std::string_view kChallengeReused = "proof of work: this challenge was already used";

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
    out += ",\"timeZone\":" + http::jsonString(config.timeZone); // the page shows times in it
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
                                 const DriverSlot& driver, NodeSampler& sampler)
    : m_room(room), m_options(options), m_driver(driver), m_sampler(sampler),
      m_joinLimiter(options.joinsPerMinutePerAddress, options.joinBurstPerAddress) {}

std::optional<Response> PublicEndpoints::join(const Call& call) {
    const http::Request& r = call.request;
    const std::string client = clientAddress(call, m_options.trustedProxy);
    if (!m_options.joinLimitExempt.contains(client) && !m_joinLimiter.allow(client, call.now)) {
        ++m_rateLimited;
        Response slow =
            Response::error(429, "too many joins from this address; wait and try again");
        slow.headers.push_back({"Retry-After", std::to_string(m_joinLimiter.retryAfterSeconds())});
        return slow;
    }
    // The plain shape is read without a JSON tree; any other body goes through the general
    // reader, which accepts or refuses it with its own messages (readPlainJoinBody).
    const std::optional<PlainJoinBody> plain =
        r.body.empty() ? std::optional(PlainJoinBody{}) : readPlainJoinBody(r.body);
    nlohmann::json tree;
    if (!plain) {
        auto body = objectBody(r, {"birthDate", "pow"}, true);
        if (!body.isOk()) {
            return refusal(body.status());
        }
        tree = std::move(body.value());
    }
    std::optional<int> birthDate;
    if (plain ? plain->birthDate.has_value() : tree.contains("birthDate")) {
        const nlohmann::json dated =
            plain ? nlohmann::json{{"birthDate", std::string(*plain->birthDate)}}
                  : nlohmann::json();
        config::JsonFields f;
        int date = 0;
        f.date(plain ? dated : tree, "body", "birthDate", date, true);
        if (Status s = f.status(); !s.isOk()) {
            return refusal(s);
        }
        birthDate = date;
    }
    auto change = changeOf(cluster::EntryKind::Join, call);
    if (!change.isOk()) {
        return refusal(change.status());
    }
    if (m_proof != nullptr && m_proof->enabled()) {
        // Checked before anything changes; standalone the challenge is spent here, in a
        // cluster by the log (so it buys one join whichever node it is sent to).
        const bool spend = !m_driver->spendsChallenges();
        pow::PowRefusal why{};
        Status s;
        if (plain && plain->pow) {
            s = m_proof->check(call.now, *plain->pow, spend, why, change.value().challenge);
        } else {
            const auto it = tree.find("pow"); // end() of an empty tree too
            s = m_proof->check(call.now, it == tree.end() ? nullptr : &*it, spend, why,
                               change.value().challenge);
        }
        if (!s.isOk()) {
            return powRefusal(s, why, call.now);
        }
    }
    change.value().birthDate = birthDate;
    std::string device;
    if (m_options.deviceBinding) {
        device = deviceSecretOf(r);
        if (device.empty()) {
            device = tokens::newDeviceSecret();
        }
    }
    change.value().device = device;
    return m_driver->run(
        std::move(change.value()), call.responder,
        [this, device, now = call.now](const cluster::ChangeOutcome& o) {
            if (!o.status.isOk()) {
                if (o.status.message() == kChallengeReused) { // a cluster's log refused it
                    if (m_proof != nullptr) {
                        m_proof->countRefusal(pow::PowRefusal::Reused);
                    }
                    return powRefusal(o.status, pow::PowRefusal::Reused, now);
                }
                return refusal(o.status);
            }
            Response created = Response::json(
                201, viewJson(o.joined->view, m_room.engine().config(), &o.joined->ticket));
            if (!device.empty()) {
                // HttpOnly: the page's script never sees it; Strict: no other site's
                // request carries it.
                created.headers.push_back(
                    {"Set-Cookie", std::string(kDeviceCookie) + "=" + device +
                                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                       std::to_string(engine::kMaxDurationSeconds) +
                                       (m_options.secureCookie ? "; Secure" : "")});
            }
            return created;
        });
}

Response PublicEndpoints::powRefusal(const Status& status, pow::PowRefusal why,
                                     engine::TimeMs now) {
    const std::string reason = "pow_" + std::string(pow::nameOf(why));
    const std::string fresh =
        m_proof != nullptr ? ",\"challenge\":" + m_proof->challengeJson(now) : std::string();
    return reasonedError(httpStatusOf(status), status.message(), reason, fresh);
}

Response PublicEndpoints::challenge(const Call& call) {
    if (m_proof == nullptr || !m_proof->enabled()) {
        return Response::json(204, "");
    }
    Response r = Response::json(200, m_proof->challengeJson(call.now));
    r.headers.push_back({"Cache-Control", "no-store"});
    return r;
}

Response PublicEndpoints::status(const Call& call) {
    const std::string ticket = queryValue(call.request.query(), "ticket");
    if (ticket.empty()) {
        return Response::error(400, "status needs ?ticket=…");
    }
    auto view = m_driver->poll(call.now, ticket, deviceSecretOf(call.request));
    if (!view.isOk()) {
        return refusal(view.status());
    }
    return Response::json(200, viewJson(view.value(), m_room.engine().config(), nullptr));
}

std::optional<Response> PublicEndpoints::leave(const Call& call) {
    const auto ticket = ticketFromBody(call.request);
    if (!ticket.isOk()) {
        return refusal(ticket.status());
    }
    auto change = changeOf(cluster::EntryKind::Leave, call);
    if (!change.isOk()) {
        return refusal(change.status());
    }
    change.value().credential = ticket.value();
    change.value().device = deviceSecretOf(call.request);
    return m_driver->run(std::move(change.value()), call.responder,
                         [](const cluster::ChangeOutcome& o) {
                             return o.status.isOk() ? Response::json(204, "") : refusal(o.status);
                         });
}

std::optional<Response> PublicEndpoints::claim(const Call& call) {
    const auto ticket = ticketFromBody(call.request);
    if (!ticket.isOk()) {
        return refusal(ticket.status());
    }
    auto change = changeOf(cluster::EntryKind::Claim, call);
    if (!change.isOk()) {
        return refusal(change.status());
    }
    change.value().credential = ticket.value();
    change.value().device = deviceSecretOf(call.request);
    return m_driver->run(std::move(change.value()), call.responder,
                         [this](const cluster::ChangeOutcome& o) { return claimAnswer(o); });
}

Response PublicEndpoints::claimAnswer(const cluster::ChangeOutcome& o) {
    if (!o.status.isOk()) {
        return refusal(o.status);
    }
    const room::ClaimResult& c = *o.claimed;
    const engine::TimeMs now = m_room.engine().lastNow();
    if (c.firstClaim) { // the wait from joining to admission, for the history
        m_sampler.recordWait(static_cast<double>(c.grant.admittedAt - c.joinedAt) / 1000.0);
    }
    Response ok =
        Response::json(200, "{\"token\":" + http::jsonString(c.token) +
                                ",\"expiresAt\":" + isoJson(c.grant.expiresAt) +
                                ",\"redirect\":" + http::jsonString(m_options.protectedUrl) + "}");
    const long long maxAge = std::max<long long>(1, (c.grant.expiresAt - now) / 1000);
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
