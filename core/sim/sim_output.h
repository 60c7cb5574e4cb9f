// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "scenario.h"
#include "sim_results.h"

#include <string>
#include <vector>

namespace sluice::sim {

// The files of a run, as text (the caller writes them): byte-identical for the same
// scenario and seed, so runs can be compared with cmp. Columns are listed in
// docs/simulator.md.
std::string seriesCsv(const std::vector<SimSample>& samples, engine::TimeMs start);
std::string seriesJson(const std::vector<SimSample>& samples, engine::TimeMs start);
std::string summaryJson(const Scenario& scenario, std::uint64_t seed, const SimSummary& summary);
// A few lines for a terminal.
std::string summaryText(const SimSummary& summary);

} // namespace sluice::sim
