// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/time_types.h"

#include <cmath>
#include <cstdint>
#include <limits>

namespace sluice::series {

// "No figure": what an estimate column holds when the page shows words instead of a number
// (the wait is unknown — nothing is being admitted, or admissions stalled — or the room is
// paused). Written as an empty field in series.csv and null in JSON, never as 0, which
// would read as "no wait".
inline constexpr double kNoFigure = std::numeric_limits<double>::quiet_NaN();
inline bool hasFigure(double v) {
    return !std::isnan(v);
}

// One second of a launch night, simulated or live: a row of series.csv, a column entry of
// series.json, one object of the snapshot stream. A plain value: copy it anywhere, across
// threads. sampleOf() (sample_of.h) makes it from the engine's metrics; docs/simulator.md
// lists the columns.
struct Sample {
    engine::TimeMs at = 0;
    // The queue, as the engine counts it.
    std::uint64_t waiting = 0;
    std::uint64_t preQueued = 0;
    std::uint64_t activeSessions = 0;
    std::uint64_t admittedUnclaimed = 0;
    int capacity = 0;
    int admissionRatePerMinute = 0;
    bool paused = false;
    double joinsPerSecond = 0;
    double admitsPerSecond = 0;
    // The wait a person joining now is told: the engine's estimate under Sluice, the old
    // agent's waiting ÷ last second's admissions under client-side enforcement. kNoFigure
    // when the page shows "unknown" or "paused" (check with hasFigure()).
    double shownEstimateSeconds = 0;
    double engineEstimateSeconds = 0;
    // The wait that people admitted in the last second had (mean, from arrival to
    // admission); the previous second's value when no one was admitted, 0 before the first.
    double realisedWaitSeconds = 0;
    // People in the queue as the simulator's clients see themselves (for Little's law).
    std::uint64_t peopleQueued = 0;
    // Queue servers over the last second.
    int nodes = 0;
    std::uint64_t queueRequests = 0;
    std::uint64_t queueErrors = 0;
    // The protected backend.
    std::uint64_t backendBusy = 0;
    int backendCapacity = 0;
    std::uint64_t backendErrors = 0; // refused in the last second ("blank page")
    // Totals since the start.
    std::uint64_t bookedTotal = 0;
    std::uint64_t gaveUpTotal = 0;
    std::uint64_t cheatAttemptsTotal = 0;
    std::uint64_t cheatSuccessesTotal = 0;
    std::uint64_t rejectedTokensTotal = 0; // refused at the gate
    // The range around the engine's estimate for someone joining now (WaitEstimate's low and
    // high): kNoFigure when the estimate has none, or when the page shows another's
    // arithmetic (the old agent). Not a column of series.csv/json; the console's tile shows it.
    double estimateLowSeconds = kNoFigure;
    double estimateHighSeconds = kNoFigure;
};

} // namespace sluice::series
