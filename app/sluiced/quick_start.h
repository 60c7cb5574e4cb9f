// SPDX-License-Identifier: Apache-2.0
// sluiced's quick start: the event file from four command-line values, so that a first try
// on an empty data directory does not have to begin with writing JSON by hand.
#pragma once

#include "engine/status.h"
#include "engine/time_types.h"

#include <filesystem>
#include <string>

namespace sluice::app {

// --event-id ID --rate N --capacity N [--opens-at TIME], as given on the command line
// (empty when not given; checked by ensureEventFile, not here).
struct QuickStartOptions {
    std::string eventId;
    std::string ratePerMinute;
    std::string capacity;
    std::string opensAt; // ISO 8601 with its zone; empty: now

    bool any() const {
        return !eventId.empty() || !ratePerMinute.empty() || !capacity.empty() || !opensAt.empty();
    }
};

// With no file at `eventFile`: writes the event the options describe there (all three of
// id, rate and capacity required; opens at `now` unless --opens-at says otherwise). With a
// file there: accepts it when it says the same (id, rate, capacity, and the opening when
// --opens-at was given), so the same command also restarts; any difference is an error
// naming it, and the file is left as it is. Errors are one message for the operator.
engine::Status ensureEventFile(const QuickStartOptions& options,
                               const std::filesystem::path& eventFile, engine::TimeMs now);

// What to say when sluiced finds no event file: where it looked, a minimal file to put
// there, and the quick start that writes one.
std::string missingEventFileHelp(const std::string& eventFile, const std::string& dataDir);

} // namespace sluice::app
