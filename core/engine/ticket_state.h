// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace sluice::engine {

// Life of a ticket. Only Waiting tickets hold a place in the order; only Waiting tickets are
// ever admitted.
enum class TicketState : std::uint8_t {
    PreQueued,      // joined before its opening; ordered at the opening instant
    Waiting,        // in the queue
    Admitted,       // admitted, token not yet claimed (holds a capacity slot for the grace)
    Active,         // claimed: a session in the protected site
    Completed,      // session finished (token revoked)
    Left,           // left the queue on purpose
    Abandoned,      // stopped polling for longer than the idle timeout
    ClaimExpired,   // admitted but never claimed within the claim grace
    SessionExpired, // session outlived its TTL
};
inline constexpr std::uint32_t kTicketStateCount = 9;

std::string_view nameOf(TicketState state);

// Why an admission token (or a ticket) was refused. Each has its own counter in the metrics.
enum class TokenRejection : std::uint8_t {
    Malformed,
    AlgorithmNotAllowed, // anything but EdDSA, including "none" and HS256 tricks
    BadSignature,
    WrongEvent,
    Expired,
    NotYetValid,
    Revoked,        // the session was completed (or ended)
    DeviceMismatch, // a bound ticket or token without its device's secret (a copy)
};
inline constexpr std::size_t kTokenRejectionCount = 8;
using TokenRejectionCounts = std::array<std::uint64_t, kTokenRejectionCount>;

std::string_view nameOf(TokenRejection reason);

} // namespace sluice::engine
