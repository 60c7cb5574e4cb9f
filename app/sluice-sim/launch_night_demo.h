// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <cstdio>

namespace sluice::app {

struct DemoOptions {
    std::uint32_t people = 321'000; // waiting at 22:45 on the seed night
    int ratePerMinute = 2000;
    int minutes = 60;
    int reportEverySeconds = 300;
};

// Drives the real engine through a compressed launch night: everyone joins in the first
// minutes after the opening, admission runs at the operator's rate, and a 30-second pause
// hits at minute 20. Prints, per interval, the queue and two wait estimates: Sluice's and
// the one the seed night's queue showed (waiting ÷ last second's admissions, 0 read as 1).
// Returns 0, or 1 if the engine refused the set-up.
int runLaunchNightDemo(const DemoOptions& options, std::FILE* out);

} // namespace sluice::app
