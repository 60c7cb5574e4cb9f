// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "device_secret.h"
#include "engine/status.h"
#include "engine/ticket_state.h"
#include "engine/time_types.h"
#include "hmac_sha256.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sluice::tokens {

// What a valid ticket says. The place itself lives in the engine; the ticket only proves
// which place is yours, so a refresh, a reconnect or a new device gets the same one.
struct TicketClaims {
    engine::TicketSeq seq = 0;
    engine::TimeMs issuedAt = 0;
    // The hash of the device secret the ticket is bound to; none for an unbound ticket.
    std::optional<DeviceHash> device;
};

// Signs and checks waiting-room tickets (format in docs/formats.md), base64url of
// version (1 byte) | event tag (4) | seq (4) | issued-at ms (6) | [device hash (32)] |
// HMAC-SHA256 truncated to 16 bytes. Version 1 (42 characters) is unbound; version 2
// (84 characters) carries the device hash. Both verify: the version byte is under the MAC,
// so a bound ticket cannot be turned into an unbound one. Not thread-safe: one per thread
// (see HmacSha256).
class TicketCodec {
public:
    static constexpr std::size_t kEncodedLength = 42;      // version 1, unbound
    static constexpr std::size_t kBoundEncodedLength = 84; // version 2, bound to a device

    // `key`: 32 secret bytes from the key store; `eventId`: the event tickets belong to.
    static engine::Result<TicketCodec> create(std::span<const std::uint8_t> key,
                                              std::string_view eventId);

    // Unbound (version 1) without `device`, bound (version 2) with it.
    std::string sign(engine::TicketSeq seq, engine::TimeMs issuedAt,
                     const std::optional<DeviceHash>& device = std::nullopt);
    // On failure `reason` says why (Malformed, BadSignature or WrongEvent) and the Status
    // is PermissionDenied (InvalidArgument for Malformed).
    engine::Result<TicketClaims> verify(std::string_view ticket, engine::TokenRejection& reason);

    std::uint32_t eventTag() const { return m_eventTag; }

private:
    TicketCodec(HmacSha256 mac, std::uint32_t eventTag)
        : m_mac(std::move(mac)), m_eventTag(eventTag) {}
    HmacSha256 m_mac;
    std::uint32_t m_eventTag;
};

// Stable 32-bit tag of an event id (FNV-1a). Not a secret and not a MAC: the ticket's MAC
// covers it; it only lets a ticket from another event be told apart from a forgery.
std::uint32_t eventTagOf(std::string_view eventId);

} // namespace sluice::tokens
