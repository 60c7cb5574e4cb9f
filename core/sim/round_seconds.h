// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

namespace sluice::sim {

// A figure in seconds as the simulator keeps it per person: rounded half away from zero,
// then held in [0, 4,000,000,000] (negative and NaN are 0). The same as
// std::round followed by the clamp, for every double, without std::round: on the x86-64
// baseline (no SSE4.1) it is a library call, 4 % of the 2021 opening's profile, where
// every served poll keeps the figure its page showed.
inline std::uint32_t roundSecondsU32(double v) {
    constexpr std::uint32_t kMost = 4'000'000'000u;
    if (!(v > 0)) {
        return 0;
    }
    if (v >= 4.0e9) {
        return kMost;
    }
    const auto whole = static_cast<std::uint32_t>(v); // truncates: v is in (0, 4e9)
    // Exact: for v below 1 whole is 0; above it, whole is within a factor of two of v.
    const double fraction = v - static_cast<double>(whole);
    const std::uint64_t rounded = std::uint64_t{whole} + (fraction >= 0.5 ? 1u : 0u);
    return rounded > kMost ? kMost : static_cast<std::uint32_t>(rounded);
}

} // namespace sluice::sim
