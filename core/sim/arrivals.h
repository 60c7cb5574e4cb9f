// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "scenario.h"

#include <cstdint>
#include <vector>

namespace sluice::sim {

// When one person first asks for a place, and for which cohort window.
struct Arrival {
    std::uint32_t atMs = 0; // since the scenario's start
    std::uint8_t cohort = 0;
};

// Everyone's first arrival, in time order (ties by draw order), from the scenario's
// population model and seed. People whose arrival falls outside the run are left out.
//
// Launch shape, per cohort window: `preQueueShare` arrive uniformly within
// `preQueueSeconds` before the opening; of the rest, half come in the opening spike
// (exponential, 95% within `spikeSeconds`) and half uniformly over `tailSeconds`.
// Poisson shape: exponential gaps at `ratePerSecond` from the opening (or the start, when
// that is later).
std::vector<Arrival> drawArrivals(const Scenario& scenario, std::uint64_t seed);

} // namespace sluice::sim
