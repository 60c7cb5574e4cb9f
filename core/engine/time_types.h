// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

namespace sluice::engine {

// Milliseconds since the Unix epoch, UTC. The engine never reads a clock: every command is
// given `now` by its driver (the server's UTC clock, the simulator's virtual clock, a test).
using TimeMs = std::int64_t;

// Join order number of a ticket within one event, from 0. Dense: the engine stores
// per-ticket state in arrays indexed by it.
using TicketSeq = std::uint32_t;

inline constexpr TimeMs kMsPerSecond = 1000;
inline constexpr TimeMs kMsPerMinute = 60 * kMsPerSecond;

} // namespace sluice::engine
