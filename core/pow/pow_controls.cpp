// SPDX-License-Identifier: Apache-2.0
#include "pow_controls.h"

#include <nlohmann/json.hpp>

namespace sluice::pow {

using engine::Status;

const char* nameOf(PowMode mode) {
    switch (mode) {
    case PowMode::Off:
        return "off";
    case PowMode::Auto:
        return "auto";
    case PowMode::Fixed:
        return "fixed";
    }
    return "?";
}

engine::Result<std::vector<engine::AuditEntry>> applyPowChange(PowControls& controls,
                                                               engine::TimeMs now,
                                                               const std::string& who,
                                                               const PowChange& change) {
    // Giving bits alone fixes them (the console's "fixed at N" sends only the bits).
    const PowMode mode = change.mode ? *change.mode : change.bits ? PowMode::Fixed : controls.mode;
    DifficultySettings next = controls.settings;
    next.floorBits = change.floorBits.value_or(next.floorBits);
    next.ceilingBits = change.ceilingBits.value_or(next.ceilingBits);
    next.quietJoinsPerMinute = change.quietJoinsPerMinute.value_or(next.quietJoinsPerMinute);
    if (mode == PowMode::Fixed) {
        const std::optional<int> fixed = change.bits ? change.bits : next.overrideBits;
        if (!fixed) {
            return Status::invalidArgument("bits: fixed mode needs the bits (0..32)");
        }
        next.overrideBits = fixed;
    } else {
        next.overrideBits.reset();
    }
    if (Status s = next.validate(); !s.isOk()) {
        return s;
    }
    std::vector<engine::AuditEntry> made;
    const auto audit = [&](const char* field, const std::string& before, const std::string& after) {
        if (before != after) {
            made.push_back({now, who, field, before, after});
        }
    };
    const auto bits = [](const std::optional<int>& b) {
        return b ? std::to_string(*b) : std::string("none");
    };
    // A rate as JSON writes it ("600.0"), as the audit has always shown it.
    const auto rate = [](double r) { return nlohmann::json(r).dump(); };
    const DifficultySettings& was = controls.settings;
    audit("proofOfWork.mode", nameOf(controls.mode), nameOf(mode));
    audit("proofOfWork.fixedBits", bits(was.overrideBits), bits(next.overrideBits));
    audit("proofOfWork.floor", std::to_string(was.floorBits), std::to_string(next.floorBits));
    audit("proofOfWork.ceiling", std::to_string(was.ceilingBits), std::to_string(next.ceilingBits));
    audit("proofOfWork.quietJoinsPerMinute", rate(was.quietJoinsPerMinute),
          rate(next.quietJoinsPerMinute));
    controls.mode = mode;
    controls.settings = next;
    controls.audit.insert(controls.audit.end(), made.begin(), made.end());
    return made;
}

} // namespace sluice::pow
