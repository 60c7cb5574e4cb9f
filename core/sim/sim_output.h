// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"
#include "scenario.h"
#include "sim_results.h"

#include <string>

namespace sluice::sim {

// The files of a run, as text (the caller writes them): byte-identical for the same
// scenario and seed, so runs can be compared with cmp. series.csv, series.json and
// audit.json are written by the series library (core/series); the summary is the
// simulator's own.

std::string summaryJson(const Scenario& scenario, std::uint64_t seed, const SimSummary& summary);
// A few lines for a terminal.
std::string summaryText(const SimSummary& summary);

} // namespace sluice::sim
