// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <span>

namespace sluice::journal {

// CRC-32C (Castagnoli), the journal's record checksum: catches a torn or corrupted record
// (it is not a defence against tampering; the journal is local to the server).
std::uint32_t crc32c(std::span<const std::uint8_t> data, std::uint32_t crc = 0);

} // namespace sluice::journal
