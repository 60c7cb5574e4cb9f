// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::tokens {

// RFC 4648 §5 base64url without padding, as JWS compact serialisation and tickets use it.
std::string base64UrlEncode(std::span<const std::uint8_t> bytes);
inline std::string base64UrlEncode(std::string_view text) {
    return base64UrlEncode(
        std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}
// Strict: rejects padding, characters outside the alphabet, impossible lengths and
// non-zero trailing bits (so one value has exactly one encoding).
std::optional<std::vector<std::uint8_t>> base64UrlDecode(std::string_view text);
// Decodes into a caller buffer of exactly the expected size; false on any mismatch.
bool base64UrlDecodeExact(std::string_view text, std::span<std::uint8_t> out);

} // namespace sluice::tokens
