// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"
#include "scenario.h"
#include "sim_results.h"

#include <string>
#include <string_view>
#include <vector>

namespace sluice::sim {

// The files of a run, as text (the caller writes them): byte-identical for the same
// scenario and seed, so runs can be compared with cmp. Columns are listed in
// docs/simulator.md.
std::string seriesCsv(const std::vector<SimSample>& samples, engine::TimeMs start);
// The same, a line at a time (sluiced appends its history this way).
std::string seriesCsvHeader();
std::string seriesCsvRow(const SimSample& s, engine::TimeMs start);
// series.csv back into samples (reports from a run or a node's history). Refuses another
// header, a short row, a field that is not a number, or times that do not increase, naming
// the line; a last line without its newline is read.
engine::Result<std::vector<SimSample>> readSeriesCsv(std::string_view text);
std::string seriesJson(const std::vector<SimSample>& samples, engine::TimeMs start);
// The audit log as JSON, [{"at", "operator", "field", "old", "new"}] — what sluiced's
// /api/v1/admin/audit answers and the console exports — and back.
std::string auditJson(const std::vector<engine::AuditEntry>& audit);
engine::Result<std::vector<engine::AuditEntry>> readAuditJson(std::string_view text);
std::string summaryJson(const Scenario& scenario, std::uint64_t seed, const SimSummary& summary);
// A few lines for a terminal.
std::string summaryText(const SimSummary& summary);

} // namespace sluice::sim
