// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/event_config.h"
#include "event_time.h"
#include "series/sample.h"
#include "sim/scenario.h"
#include "sim/sim_results.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <optional>
#include <span>

namespace sluice::ui {

// "What if we changed this now?": controls applied to a copy of the current run, which is
// then run forward. Unset fields keep the run's values.
struct WhatIfRequest {
    engine::ConfigChange change;   // rate, capacity, pause, opening, message
    std::optional<int> queueNodes; // simulation only: scale out to this many nodes
    int provisioningSeconds = 120; // before the new nodes serve
    int horizonSeconds = 0;        // how far to project; 0 = to the scenario's end
    // Simulation of a scenario with fairJoins only: the proof of work on join from now on
    // (unset: as the run); powBits with PowMode::Fixed.
    std::optional<sim::PowMode> powMode;
    int powBits = 0;
};

// A projection, drawn beside the real curves.
struct WhatIfResult {
    engine::TimeMs from = 0;       // the moment of the fork (simulated)
    QList<series::Sample> samples; // from the fork on, one a second
    std::uint64_t peakWaiting = 0; // waiting + pre-queued, over the projection
    engine::TimeMs peakAt = 0;
    // When the line is first empty after the projection's peak, with no one left to join;
    // unset when it does not empty within the projection.
    std::optional<engine::TimeMs> emptyAt;
    std::uint64_t bookedAtEnd = 0;
    std::uint64_t gaveUpAtEnd = 0;
    // What happened to everyone by the projection's end (Simulation::summarize of the fork),
    // when the fork carried the run's own history (a simulation's): the night as a whole had
    // the change been made at `from`. Unset for a projection from live, whose fork starts
    // empty at `from` (its people are made up from the live counts).
    std::optional<sim::SimSummary> summary;
};

// Peak and end of a projection's samples.
WhatIfResult summarizeProjection(engine::TimeMs from, QList<series::Sample> samples);

// When the line is first empty after `peakAt` with no one left to join, in `samples` (one a
// second, oldest first): every later sample has no one waiting and the first of them no
// joins. Unset when the line is not empty at the last sample.
std::optional<engine::TimeMs> lineEmptyAt(std::span<const series::Sample> samples,
                                          engine::TimeMs peakAt);
// The same over `before` followed by `after`, read in place.
std::optional<engine::TimeMs> lineEmptyAt(std::span<const series::Sample> before,
                                          std::span<const series::Sample> after,
                                          engine::TimeMs peakAt);

// "peak 12,345 waiting at 20:31 KST, line empty by 23:10 KST" for the panel and timeline, in
// the event's time zone.
QString describeProjection(const WhatIfResult& result, const EventTime& time = {});

} // namespace sluice::ui

Q_DECLARE_METATYPE(sluice::ui::WhatIfRequest)
Q_DECLARE_METATYPE(sluice::ui::WhatIfResult)
