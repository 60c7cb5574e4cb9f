// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"

#include <optional>

namespace sluice::pow {

// How hard the join's proof of work is, from the join rate the room is seeing.
//
//   bits(rate) = clamp(floor + ⌊log4(rate / quietRate)⌋, floor, ceiling)   (floor below
//   quietRate; the override, when set, instead of all of it)
//
// Why this curve (docs/formats.md has the figures):
// - floor: what one person pays on a quiet night. 2^floor SHA-256 tries; the default 18
//   bits (262,144 tries) is about a second on a mid-range phone's browser and a fraction
//   of one on a laptop.
// - one bit per 4× the quiet rate: each bit doubles the cost of a join, so a person's
//   cost grows as √(rate / quietRate) — a surge of honest people pays a little more each,
//   a bot farm that floods joins raises its own price per place. A steeper curve (a bit
//   per doubling) would make a launch night's honest surge itself pay 100×.
// - ceiling: what one person pays at worst (default 22 bits: about 16 s on that phone),
//   because the surge that trips it is mostly honest people.
// - the cost of N places is N × 2^bits whatever the number of addresses: a farm pays
//   linearly per place, and people behind one address pay nothing extra for sharing it.
// The rate is the caller's smoothed join rate (e.g. a minute's average), in joins/minute.
struct DifficultySettings {
    int floorBits = 18;
    int ceilingBits = 22;
    double quietJoinsPerMinute = 600;
    std::optional<int> overrideBits; // the operator's fixed choice, within 0..32

    // InvalidArgument naming the field when out of range or floor > ceiling.
    engine::Status validate() const;
    bool operator==(const DifficultySettings&) const = default;
};

// Pure: the same settings and rate give the same bits. NaN or negative rates count as 0.
int difficultyFor(double joinsPerMinute, const DifficultySettings& settings);

} // namespace sluice::pow
