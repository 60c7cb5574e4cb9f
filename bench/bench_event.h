// SPDX-License-Identifier: Apache-2.0
// The event the engine benchmarks run: opens at 2021-07-19 11:00 UTC, admits 1,000 a
// 1-second tick, no capacity limit that matters and nobody idle or unclaimed in time.
#pragma once

#include "engine/event_config.h"

namespace sluice::bench {

inline constexpr engine::TimeMs kOpening = 1'626'692'400'000;

inline engine::EventConfig benchEvent() {
    engine::EventConfig c;
    c.eventId = "bench";
    c.opensAt = kOpening;
    c.preQueuePolicy = engine::PreQueuePolicy::Fifo;
    c.admissionRatePerMinute = 60'000; // 1,000 per 1-second tick
    c.capacity = 100'000'000;
    c.idleTimeoutSeconds = 7 * 24 * 3600; // nobody goes idle during the benchmark
    c.claimGraceSeconds = 7 * 24 * 3600;
    return c;
}

} // namespace sluice::bench
