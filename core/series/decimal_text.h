// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdio>
#include <string>

namespace sluice::series {

// A double with fixed decimals: the same value prints the same way everywhere, so the files
// of two runs can be compared with cmp.
inline std::string fixedDecimals(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// The value a reader of fixedDecimals(v, decimals) gets back: what JSON files carry, so
// they agree with the CSV to the digit.
inline double roundedTo(double v, int decimals) {
    return std::stod(fixedDecimals(v, decimals));
}

} // namespace sluice::series
