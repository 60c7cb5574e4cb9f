// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim_results.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace sluice::sim {

// Where a person ended up (or stands, when the run stops before the end).
enum class PersonOutcome : std::uint8_t {
    Booked,
    GaveUp,               // patience ran out in the queue
    LeftOnEstimate,       // left at the sight of a huge estimate
    FailedAfterAdmission, // admitted, then the site never took them
    SessionExpired,
    Refused, // the engine refused the join (outside every cohort)
    StillJoining,
    StillQueued,
    StillClaiming,
    StillInBackend,
};
std::string_view nameOf(PersonOutcome outcome); // "booked", "gave_up", ...

// One estimate a page showed. Times are seconds since the run's start.
struct ShownEstimate {
    double atSeconds = 0;
    // Unset: the page showed words, not a number ("unknown": nothing is being admitted, or
    // admissions stalled; "paused").
    std::optional<double> seconds;
    // The range shown with it; unset when none was shown (the 2021 agent showed one figure).
    std::optional<double> lowSeconds, highSeconds;
    std::uint64_t position = 0; // place in line then; 0 while pre-queued
};

// One person of a run, as any tool reads them (people.csv): a plain value made on demand
// from the simulator's compact per-person state.
struct PersonRecord {
    std::uint32_t id = 0;           // arrival order
    double arrivalSeconds = 0;      // since the run's start
    double sinceOpeningSeconds = 0; // arrival − the person's opening (negative: before)
    Cheat cheat = Cheat::None;      // the cheat tried, if any
    bool bypassed = false;          // reached the backend without the queue admitting them
    PersonOutcome outcome = PersonOutcome::StillJoining;
    std::optional<double> admittedSeconds;  // the page learnt its admission (since start)
    std::optional<double> leftQueueSeconds; // admitted, gave up or got past the queue
    // Arrival to admission; to leaving the queue for those who left it otherwise; to the
    // run's current time for those still in line.
    double waitedSeconds = 0;
    // The first estimate shown with a place in line (after the opening's draw for the
    // pre-queued); the first one shown after the last operator change of rate, capacity or
    // pause before the person left the line (the first one when there was none: what
    // "scoring" compares, since no forecast can know an operator's next move); the last
    // one shown (pre-queued or in line).
    std::optional<ShownEstimate> first, scored, last;
};

} // namespace sluice::sim
