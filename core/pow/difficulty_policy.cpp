// SPDX-License-Identifier: Apache-2.0
#include "difficulty_policy.h"

#include "pow_challenges.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace sluice::pow {

engine::Status DifficultySettings::validate() const {
    const auto inRange = [](int bits) {
        return bits >= 0 && bits <= PowChallenges::kMaxDifficultyBits;
    };
    const std::string range = " must be 0.." + std::to_string(PowChallenges::kMaxDifficultyBits);
    if (!inRange(floorBits)) {
        return engine::Status::invalidArgument("difficulty floor" + range);
    }
    if (!inRange(ceilingBits) || ceilingBits < floorBits) {
        return engine::Status::invalidArgument("difficulty ceiling" + range +
                                               " and not below the floor");
    }
    if (overrideBits && !inRange(*overrideBits)) {
        return engine::Status::invalidArgument("difficulty override" + range);
    }
    if (!(quietJoinsPerMinute > 0) || !std::isfinite(quietJoinsPerMinute)) {
        return engine::Status::invalidArgument("quiet join rate must be a positive number");
    }
    return engine::Status::ok();
}

int difficultyFor(double joinsPerMinute, const DifficultySettings& s) {
    if (s.overrideBits) {
        return std::clamp(*s.overrideBits, 0, PowChallenges::kMaxDifficultyBits);
    }
    int bits = s.floorBits;
    if (joinsPerMinute > s.quietJoinsPerMinute && s.quietJoinsPerMinute > 0) {
        // log4(x) = log2(x) / 2; capped before the cast so an infinite rate is the ceiling.
        const double steps = std::floor(std::log2(joinsPerMinute / s.quietJoinsPerMinute) / 2);
        bits += static_cast<int>(std::min(steps, double{PowChallenges::kMaxDifficultyBits}));
    }
    return std::clamp(bits, std::min(s.floorBits, s.ceilingBits), s.ceilingBits);
}

} // namespace sluice::pow
