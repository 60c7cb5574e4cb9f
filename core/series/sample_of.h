// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/metrics_snapshot.h"
#include "sample.h"

#include <cstdint>
#include <optional>

namespace sluice::series {

// What a simulator sees that an engine (and so sluiced) cannot: the people themselves and
// the backend they book on.
struct PeopleSeen {
    // What their pages show a person joining now; absent, the engine's estimate (Sluice's
    // pages show it), present for the old agent's own arithmetic.
    std::optional<double> shownEstimateSeconds;
    std::uint64_t peopleQueued = 0; // as the clients see themselves (for Little's law)
    std::uint64_t backendBusy = 0;
    int backendCapacity = 0;
    std::uint64_t backendErrors = 0; // refused in the last second
    std::uint64_t bookedTotal = 0;
    std::uint64_t gaveUpTotal = 0;
    std::uint64_t cheatAttemptsTotal = 0;
    std::uint64_t cheatSuccessesTotal = 0;
};

// What only the caller of sampleOf knows about its second.
struct CallerCounts {
    // The queue servers over the last second: the simulator's fleet, or one sluiced node's
    // HTTP server (requests; errors = bad requests, refused connections, time-outs).
    int nodes = 1;
    std::uint64_t queueRequests = 0;
    std::uint64_t queueErrors = 0;
    // The mean wait of the people admitted in the last second, arrival to admission (the
    // previous second's when no one was admitted): the caller times its own people.
    double realisedWaitSeconds = 0;
    // The simulator's; absent (sluiced), the engine's counts stand in: the engine's estimate
    // is the one shown, people queued = waiting + pre-queued, the backend is the sessions
    // against the capacity (no errors seen), booked = completions, gave up = abandons +
    // leaves, cheat attempts = refused tokens + refused tickets, no cheat seen to succeed.
    std::optional<PeopleSeen> people;
};

// THE mapping from the engine's once-a-second metrics to the sample, for the simulator,
// sluiced (its history and snapshot stream) and the console (a node's snapshot): each fills
// only the CallerCounts it knows. The engine's own fields (queue levels, controls, rates, the
// estimate for a new arrival, 0 when unknown, refused tokens) always come from `metrics`.
Sample sampleOf(const engine::MetricsSnapshot& metrics, const CallerCounts& caller);

} // namespace sluice::series
