// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"
#include "sample.h"

#include <string>
#include <string_view>
#include <vector>

namespace sluice::series {

// series.csv: one row a second, "time_utc,t_seconds," then the columns of sampleColumns().
// Byte-identical for the same samples, so runs can be compared with cmp. t_seconds counts
// from `start` (sluiced's history uses 0: seconds since 1970).
std::string seriesCsv(const std::vector<Sample>& samples, engine::TimeMs start);
// The same, a line at a time (sluiced appends its history this way).
std::string seriesCsvHeader();
std::string seriesCsvRow(const Sample& s, engine::TimeMs start);
// series.csv back into samples (reports from a run or a node's history). Refuses another
// header, a short row, a field that is not a number, or times that do not increase, naming
// the line; a last line without its newline is read.
engine::Result<std::vector<Sample>> readSeriesCsv(std::string_view text);

} // namespace sluice::series
