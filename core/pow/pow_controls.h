// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "difficulty_policy.h"
#include "engine/event_config.h"
#include "engine/status.h"
#include "engine/time_types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sluice::pow {

// How a server asks for proof of work on join (sluiced's --proof-of-work).
enum class PowMode : std::uint8_t {
    Off,   // no challenge: joins as before (GET /api/v1/join/challenge answers 204)
    Auto,  // the difficulty follows the room's join rate (difficultyFor)
    Fixed, // always the operator's bits (the settings' override)
};

const char* nameOf(PowMode mode);

// The operator's proof-of-work controls and their audit entries: what a standalone sluiced
// saves in DATA_DIR/state/proof-of-work.json, and what a cluster's log replicates (every
// node applies the same changes in the same order; a node's snapshot carries them).
struct PowControls {
    PowMode mode = PowMode::Off;
    DifficultySettings settings;
    std::vector<engine::AuditEntry> audit;
    bool operator==(const PowControls&) const = default;
};

// One change of them as an operator asked it: only the fields given (POST
// /api/v1/admin/difficulty). Kept as asked, not as a result, so that two operators'
// changes of different fields both hold whichever reaches a cluster's log first.
struct PowChange {
    std::optional<PowMode> mode;
    std::optional<int> bits; // the fixed bits; given alone, they also fix the mode
    std::optional<int> floorBits;
    std::optional<int> ceilingBits;
    std::optional<double> quietJoinsPerMinute;
    bool operator==(const PowChange&) const = default;
};

// Applies `change`, asked by `who` at `now`, to `controls`: validated whole (nothing changes
// on InvalidArgument, which names the field), then one audit entry per field that changed
// (field names "proofOfWork.mode", ".fixedBits", ".floor", ".ceiling",
// ".quietJoinsPerMinute"), appended to `controls.audit` and returned. Pure: the same
// controls and change give the same result on every node.
engine::Result<std::vector<engine::AuditEntry>> applyPowChange(PowControls& controls,
                                                               engine::TimeMs now,
                                                               const std::string& who,
                                                               const PowChange& change);

} // namespace sluice::pow
