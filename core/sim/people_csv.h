// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "person_record.h"

#include <string>

namespace sluice::sim {

// people.csv (columns in docs/simulator.md): one row per person in arrival order. Times are seconds
// since the run's start with millisecond decimals; estimates whole seconds; an empty field is "not
// shown" or "words, not a figure" (an unknown or paused estimate), never 0.
std::string peopleCsvHeader();
std::string peopleCsvRow(const PersonRecord& person);

} // namespace sluice::sim
