// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

namespace sluice::tokens {

// Fixed-width big-endian fields of the signed formats (tickets, proof-of-work challenges;
// docs/formats.md). `bytes` is 1..8.
inline void putBigEndian(std::uint8_t* out, std::uint64_t value, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) {
        out[i] = static_cast<std::uint8_t>(value & 0xFF);
        value >>= 8;
    }
}

inline std::uint64_t getBigEndian(const std::uint8_t* in, int bytes) {
    std::uint64_t value = 0;
    for (int i = 0; i < bytes; ++i) {
        value = (value << 8) | in[i];
    }
    return value;
}

} // namespace sluice::tokens
