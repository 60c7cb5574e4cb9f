// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ticket_state.h"
#include "time_types.h"
#include "wait_forecaster.h"

#include <cstdint>

namespace sluice::engine {

// The once-a-second picture of one event that everything downstream shares: the server's
// metrics and snapshot stream, the simulator's time series, the console's tiles and charts.
// A plain value: copy it anywhere, across threads.
struct MetricsSnapshot {
    TimeMs at = 0;
    // Levels now.
    std::uint64_t waiting = 0;   // live tickets in the queue
    std::uint64_t preQueued = 0; // joined before their opening
    std::uint64_t activeSessions = 0;
    std::uint64_t admittedUnclaimed = 0;
    int capacity = 0;
    int admissionRatePerMinute = 0; // the operator's target
    bool paused = false;
    bool open = false; // at least one opening has passed
    // Rates over the interval since the previous sample.
    double joinsPerSecond = 0;
    double admitsPerSecond = 0;
    double admitTargetPerSecond = 0; // 0 while paused or closed
    // Totals since the event began.
    std::uint64_t joinsTotal = 0;
    std::uint64_t admitsTotal = 0;
    std::uint64_t claimsTotal = 0;
    std::uint64_t completionsTotal = 0;
    std::uint64_t abandonsTotal = 0; // stopped polling past the idle timeout
    std::uint64_t leavesTotal = 0;
    std::uint64_t claimExpiriesTotal = 0;
    std::uint64_t sessionExpiriesTotal = 0;
    WaitEstimate newArrivalWait; // for someone joining at `at`
    TokenRejectionCounts tokenRejections{};
    std::uint64_t ticketRejections = 0; // forged, foreign or malformed tickets
};

} // namespace sluice::engine
