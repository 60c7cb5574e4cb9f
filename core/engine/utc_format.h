// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "time_types.h"

#include <string>

namespace sluice::engine {

// "2021-07-19T11:00:00.000Z" for a UTC instant: the one format audit entries, logs and
// files use, so a reader never guesses the zone (the seed night's 3-minute-early wave came
// from a time-extraction bug).
std::string formatUtc(TimeMs t);

} // namespace sluice::engine
