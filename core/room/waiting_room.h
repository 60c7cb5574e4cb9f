// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/queue_engine.h"
#include "tokens/admission_token.h"
#include "tokens/device_secret.h"
#include "tokens/key_store.h"
#include "tokens/ticket_codec.h"

#include <optional>
#include <string>
#include <string_view>

namespace sluice::room {

// Whether a refusal is a device mismatch (a bound ticket or token without its device's
// secret): edges answer it with its own reason, `device_mismatch`.
bool isDeviceMismatch(const engine::Status& status);

struct JoinResult {
    std::string ticket; // what the browser keeps (localStorage); proves the place
    engine::TicketView view;
};

struct ClaimResult {
    std::string token; // the admission token (JWT) for the gate
    engine::SessionGrant grant;
    engine::TimeMs joinedAt = 0; // from the ticket: admittedAt − joinedAt is the wait
    bool firstClaim = true;      // false for the same claim again (a reload)
};

// One event's waiting room as the outside world sees it: the queue engine with signed
// tickets in front and signed admission tokens behind. The server and the simulator drive
// this; the engine below knows nothing of signatures.
//
// Every rejected ticket or token is counted in the engine's metrics by reason. Not
// thread-safe (one driver thread), like the engine.
//
// Device binding: `deviceSecret` is the browser's device cookie (tokens/device_secret.h),
// empty when the request had none. A join with a secret signs a bound ticket; its claim
// issues a bound token. Every later use of a bound ticket or token must present the same
// secret, else it is refused as PermissionDenied and counted as `device_mismatch`. Unbound
// tickets and tokens (joined without a secret, or issued before binding existed) need none.
class WaitingRoom {
public:
    // `issuer` goes into every token's `iss` (e.g. "https://queue.example.org").
    static engine::Result<WaitingRoom> create(engine::EventConfig config,
                                              const tokens::ServerKeys& keys, std::string issuer,
                                              engine::TimeMs now);
    // Around an engine that already exists (recovered from the server's snapshot and
    // journal).
    static engine::Result<WaitingRoom> create(engine::QueueEngine engine,
                                              const tokens::ServerKeys& keys, std::string issuer);

    // A malformed non-empty `deviceSecret` is InvalidArgument (the server should issue a
    // fresh secret instead of passing on a broken cookie).
    engine::Result<JoinResult> join(engine::TimeMs now, std::optional<int> birthDate = std::nullopt,
                                    std::string_view deviceSecret = {});
    engine::Result<engine::TicketView> status(engine::TimeMs now, std::string_view ticket,
                                              std::string_view deviceSecret = {});
    // status() that changes nothing in the queue (the ticket is not marked as seen; a
    // rejected ticket is still counted): a cluster node's answer to a poll.
    engine::Result<engine::TicketView> peek(engine::TimeMs now, std::string_view ticket,
                                            std::string_view deviceSecret = {});
    // The ticket's number on success (the server journals it).
    engine::Result<engine::TicketSeq> leave(engine::TimeMs now, std::string_view ticket,
                                            std::string_view deviceSecret = {});
    // Turns an admission into a session and its token; the same ticket claimed again gets
    // the same token back (a reload after admission loses nothing). The token is bound to
    // the device the ticket is bound to.
    engine::Result<ClaimResult> claim(engine::TimeMs now, std::string_view ticket,
                                      std::string_view deviceSecret = {});
    // The gate: valid signature, this event, within nbf..exp, the device's secret for a
    // bound token, session not ended.
    engine::Result<tokens::AdmissionClaims> checkToken(engine::TimeMs now, std::string_view token,
                                                       std::string_view deviceSecret = {});
    // Ends the session the token belongs to: the token is refused from then on. Returns the
    // session's ticket number.
    engine::Result<engine::TicketSeq> complete(engine::TimeMs now, std::string_view token,
                                               std::string_view deviceSecret = {});

    std::string jwks() const { return m_issuer.jwks(); }
    engine::QueueEngine& engine() { return m_engine; }
    const engine::QueueEngine& engine() const { return m_engine; }

private:
    WaitingRoom(engine::QueueEngine engine, tokens::TicketCodec tickets,
                tokens::AdmissionTokenIssuer issuer, tokens::AdmissionTokenVerifier verifier,
                std::string issuerName);
    struct GateCheck {
        tokens::AdmissionClaims claims;
        engine::TicketSeq seq = 0;
    };
    engine::Result<engine::TicketSeq> ticketSeq(std::string_view ticket,
                                                std::string_view deviceSecret);
    engine::Result<tokens::TicketClaims> ticketClaims(std::string_view ticket,
                                                      std::string_view deviceSecret);
    // Counts and refuses a bound ticket or token presented without its device's secret.
    engine::Status checkDevice(const std::optional<tokens::DeviceHash>& bound,
                               std::string_view deviceSecret, const char* what);
    // The gate's whole check, keeping the ticket number it parsed from `sub`.
    engine::Result<GateCheck> verifySession(engine::TimeMs now, std::string_view token,
                                            std::string_view deviceSecret);

    engine::QueueEngine m_engine;
    tokens::TicketCodec m_tickets;
    tokens::AdmissionTokenIssuer m_issuer;
    tokens::AdmissionTokenVerifier m_verifier;
    std::string m_issuerName;
    tokens::Sha256 m_sha; // hashes presented device secrets
};

} // namespace sluice::room
