// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"
#include "sample.h"

#include <string>
#include <string_view>
#include <vector>

namespace sluice::series {

// series.json: {"format": "sluice-series/1", "start", "intervalSeconds": 1, "columns":
// {"t_seconds": [...], "waiting": [...], ...}} — columns, not rows: a quarter of the size,
// and what a chart wants. Doubles carry the CSV's decimals. Byte-identical for the same
// samples.
std::string seriesJson(const std::vector<Sample>& samples, engine::TimeMs start);

// One sample as a JSON object with the CSV's column names: {"time_utc": "…Z", "waiting": …,
// "paused": false, …} (no t_seconds: a lone second has no run to count from). Doubles carry
// the CSV's decimals. What sluiced's snapshot stream sends.
std::string sampleJson(const Sample& s);
// And back. Every column and time_utc are required, counts are whole numbers ≥ 0, rates and
// seconds numbers ≥ 0, paused a boolean; fields it does not know are ignored (the stream may
// carry more). A refusal names each bad field ("waiting: expected a whole number …").
engine::Result<Sample> readSampleJson(std::string_view text);

} // namespace sluice::series
