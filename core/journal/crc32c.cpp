// SPDX-License-Identifier: Apache-2.0
#include "crc32c.h"

#include <array>

namespace sluice::journal {
namespace {

constexpr std::array<std::uint32_t, 256> makeTable() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) {
            c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1; // reflected Castagnoli
        }
        table[i] = c;
    }
    return table;
}

constexpr auto kTable = makeTable();

} // namespace

std::uint32_t crc32c(std::span<const std::uint8_t> data, std::uint32_t crc) {
    crc = ~crc;
    for (const std::uint8_t b : data) {
        crc = kTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
    }
    return ~crc;
}

} // namespace sluice::journal
