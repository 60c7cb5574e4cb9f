// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "time_types.h"

#include <string>
#include <string_view>

namespace sluice::engine {

// "2021-07-19T11:00:00.000Z" for a UTC instant: the one format audit entries, logs and
// files use, so a reader never guesses the zone (the seed night's 3-minute-early wave came
// from a time-extraction bug).
std::string formatUtc(TimeMs t);

// Parses an ISO-8601 instant with an explicit zone: "2021-07-19T20:00:00+09:00",
// "2021-07-19T11:00:00Z", "2021-07-19T11:00:00.250Z". A time without a zone is refused:
// the seed night's early wave came from guessing one. Returns false on any defect.
bool parseUtc(std::string_view text, TimeMs& out);

} // namespace sluice::engine
