// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>

namespace sluice::engine {

// SplitMix64: a tiny, well-mixed, reproducible generator for the pre-queue shuffle and poll
// jitter. Not for secrets: keys and seeds the server needs unpredictable come from OpenSSL.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, bound) (Lemire's multiply-shift; bias below 2^-32 for our bounds).
    std::uint64_t below(std::uint64_t bound) {
        __extension__ using U128 = unsigned __int128;
        return static_cast<std::uint64_t>((static_cast<U128>(next()) * bound) >> 64);
    }

private:
    std::uint64_t m_state;
};

// One-shot mix of a value, for per-ticket jitter that needs no stored state.
inline std::uint64_t mix64(std::uint64_t x) {
    return SplitMix64(x).next();
}

// 64 random bits → a double in (0, 1), never 0 (safe under log).
inline double unitOpen(std::uint64_t bits) {
    return (static_cast<double>(bits >> 11) + 0.5) * 0x1.0p-53;
}

// Two uniforms in (0, 1) → one standard normal (Box–Muller).
inline double standardNormal(double u, double v) {
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * v);
}

} // namespace sluice::engine
