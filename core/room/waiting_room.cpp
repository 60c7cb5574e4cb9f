// SPDX-License-Identifier: Apache-2.0
#include "waiting_room.h"

#include <charconv>

namespace sluice::room {

using engine::Result;
using engine::Status;
using engine::TimeMs;

namespace {
constexpr std::string_view kMismatch = ": bound to another browser (its device cookie is missing)";
} // namespace

bool isDeviceMismatch(const Status& status) {
    return status.code() == Status::Code::PermissionDenied &&
           status.message().find(kMismatch) != std::string::npos;
}

Result<WaitingRoom> WaitingRoom::create(engine::EventConfig config, const tokens::ServerKeys& keys,
                                        std::string issuer, TimeMs now) {
    auto engine = engine::QueueEngine::create(std::move(config), now);
    if (!engine.isOk()) {
        return engine.status();
    }
    return create(std::move(engine).value(), keys, std::move(issuer));
}

Result<WaitingRoom> WaitingRoom::create(engine::QueueEngine engine, const tokens::ServerKeys& keys,
                                        std::string issuer) {
    if (issuer.empty()) {
        return Status::invalidArgument("issuer: required");
    }
    const std::string eventId = engine.config().eventId;
    auto tickets = tokens::TicketCodec::create(keys.ticketKey, eventId);
    if (!tickets.isOk()) {
        return tickets.status();
    }
    auto verifierKey = tokens::Ed25519Verifier::fromPublicKey(keys.admissionKey.publicKey());
    if (!verifierKey.isOk()) {
        return verifierKey.status();
    }
    tokens::AdmissionTokenIssuer tokenIssuer(keys.admissionKey);
    tokens::AdmissionTokenVerifier verifier(std::move(verifierKey).value(), tokenIssuer.keyId(),
                                            issuer, eventId);
    return WaitingRoom(std::move(engine), std::move(tickets).value(), std::move(tokenIssuer),
                       std::move(verifier), std::move(issuer));
}

WaitingRoom::WaitingRoom(engine::QueueEngine engine, tokens::TicketCodec tickets,
                         tokens::AdmissionTokenIssuer issuer,
                         tokens::AdmissionTokenVerifier verifier, std::string issuerName)
    : m_engine(std::move(engine)), m_tickets(std::move(tickets)), m_issuer(std::move(issuer)),
      m_verifier(std::move(verifier)), m_issuerName(std::move(issuerName)) {}

Result<JoinResult> WaitingRoom::join(TimeMs now, std::optional<int> birthDate,
                                     std::string_view deviceSecret) {
    std::optional<tokens::DeviceHash> device;
    if (!deviceSecret.empty()) {
        device = tokens::deviceHashOf(deviceSecret, m_sha);
        if (!device) {
            return Status::invalidArgument("device secret: malformed");
        }
    }
    auto view = m_engine.join(now, birthDate);
    if (!view.isOk()) {
        return view.status();
    }
    return JoinResult{m_tickets.sign(view->seq, m_engine.lastNow(), device), view.value()};
}

Status WaitingRoom::checkDevice(const std::optional<tokens::DeviceHash>& bound,
                                std::string_view deviceSecret, const char* what) {
    if (!bound || tokens::deviceMatches(*bound, deviceSecret, m_sha)) {
        return Status::ok();
    }
    // A copied ticket or token: counted apart from forgeries, it is a different attack.
    m_engine.recordTokenRejection(engine::TokenRejection::DeviceMismatch);
    return Status::permissionDenied(std::string(what) + std::string(kMismatch));
}

Result<engine::TicketSeq> WaitingRoom::ticketSeq(std::string_view ticket,
                                                 std::string_view deviceSecret) {
    auto claims = ticketClaims(ticket, deviceSecret);
    if (!claims.isOk()) {
        return claims.status();
    }
    return claims->seq;
}

Result<tokens::TicketClaims> WaitingRoom::ticketClaims(std::string_view ticket,
                                                       std::string_view deviceSecret) {
    engine::TokenRejection reason{};
    auto claims = m_tickets.verify(ticket, reason);
    if (!claims.isOk()) {
        m_engine.recordTicketRejection();
        return claims.status();
    }
    if (!m_engine.hasTicket(claims->seq)) {
        // A valid signature on an unknown place: only possible with a stolen key or after
        // restoring an older state. Refuse it like a forgery.
        m_engine.recordTicketRejection();
        return Status::permissionDenied("ticket: unknown to this waiting room");
    }
    if (Status s = checkDevice(claims->device, deviceSecret, "ticket"); !s.isOk()) {
        return s;
    }
    return claims;
}

Result<engine::TicketView> WaitingRoom::status(TimeMs now, std::string_view ticket,
                                               std::string_view deviceSecret) {
    auto seq = ticketSeq(ticket, deviceSecret);
    if (!seq.isOk()) {
        return seq.status();
    }
    return m_engine.poll(now, seq.value());
}

Result<engine::TicketView> WaitingRoom::peek(TimeMs now, std::string_view ticket,
                                             std::string_view deviceSecret) {
    auto seq = ticketSeq(ticket, deviceSecret);
    if (!seq.isOk()) {
        return seq.status();
    }
    return m_engine.view(now, seq.value());
}

Result<engine::TicketSeq> WaitingRoom::leave(TimeMs now, std::string_view ticket,
                                             std::string_view deviceSecret) {
    auto seq = ticketSeq(ticket, deviceSecret);
    if (!seq.isOk()) {
        return seq.status();
    }
    if (Status s = m_engine.leave(now, seq.value()); !s.isOk()) {
        return s;
    }
    return seq.value();
}

Result<ClaimResult> WaitingRoom::claim(TimeMs now, std::string_view ticket,
                                       std::string_view deviceSecret) {
    auto ticketed = ticketClaims(ticket, deviceSecret);
    if (!ticketed.isOk()) {
        return ticketed.status();
    }
    const engine::TicketSeq seq = ticketed->seq;
    const bool first = !m_engine.session(seq).has_value();
    auto grant = m_engine.claim(now, seq);
    if (!grant.isOk()) {
        return grant.status();
    }
    const engine::SessionGrant& g = grant.value();
    tokens::AdmissionClaims claims;
    claims.iss = m_issuerName;
    claims.sub = std::to_string(g.seq);
    claims.evt = m_engine.config().eventId;
    claims.jti = claims.evt + ":" + claims.sub;
    claims.iat = g.claimedAt / engine::kMsPerSecond;
    claims.nbf = claims.iat;
    // Rounded up: the token never outlives the session by the truncation.
    claims.exp = (g.expiresAt + engine::kMsPerSecond - 1) / engine::kMsPerSecond;
    claims.device = ticketed->device;
    return ClaimResult{m_issuer.issue(claims), g, ticketed->issuedAt, first};
}

Result<WaitingRoom::GateCheck> WaitingRoom::verifySession(TimeMs now, std::string_view token,
                                                          std::string_view deviceSecret) {
    engine::TokenRejection reason{};
    auto claims = m_verifier.verify(token, now / engine::kMsPerSecond, reason);
    if (!claims.isOk()) {
        m_engine.recordTokenRejection(reason);
        return claims.status();
    }
    if (Status s = checkDevice(claims->device, deviceSecret, "token"); !s.isOk()) {
        return s;
    }
    engine::TicketSeq seq = 0;
    const std::string& sub = claims->sub;
    const auto parsed = std::from_chars(sub.data(), sub.data() + sub.size(), seq);
    if (parsed.ec != std::errc{} || parsed.ptr != sub.data() + sub.size() ||
        !m_engine.hasTicket(seq)) {
        m_engine.recordTokenRejection(engine::TokenRejection::Malformed);
        return Status::invalidArgument("token: sub is not a ticket of this event");
    }
    if (!m_engine.sessionActive(now, seq)) {
        m_engine.recordTokenRejection(engine::TokenRejection::Revoked);
        return Status::permissionDenied("token: the session has ended");
    }
    return GateCheck{std::move(claims).value(), seq};
}

Result<tokens::AdmissionClaims> WaitingRoom::checkToken(TimeMs now, std::string_view token,
                                                        std::string_view deviceSecret) {
    auto checked = verifySession(now, token, deviceSecret);
    if (!checked.isOk()) {
        return checked.status();
    }
    return std::move(checked).value().claims;
}

Result<engine::TicketSeq> WaitingRoom::complete(TimeMs now, std::string_view token,
                                                std::string_view deviceSecret) {
    auto checked = verifySession(now, token, deviceSecret);
    if (!checked.isOk()) {
        return checked.status();
    }
    if (Status s = m_engine.complete(now, checked->seq); !s.isOk()) {
        return s;
    }
    return checked->seq;
}

} // namespace sluice::room
