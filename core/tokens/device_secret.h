// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sha256.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::tokens {

// Device binding: at join the browser gets a random secret (the server sets it as an
// HttpOnly cookie, so the page's script never sees it); the ticket and the admission token
// carry only its SHA-256. A ticket or token presented without the matching secret is
// refused, so a copied ticket or token alone is useless in another browser. Copying the
// cookie as well still works: binding stops sharing a link or a token, not a person who
// exports their whole cookie jar.
inline constexpr std::size_t kDeviceSecretLength = 43; // base64url of 32 bytes
using DeviceHash = std::array<std::uint8_t, 32>;

// 32 bytes from OpenSSL's RAND_bytes as 43 base64url characters: the cookie's value.
std::string newDeviceSecret();

// SHA-256 of the secret's 32 decoded bytes; nullopt unless `secret` is exactly 43 base64url
// characters (anything else is no secret at all, never hashed as typed). The overload with
// `sha` reuses the caller's context (a server checking every poll keeps one).
std::optional<DeviceHash> deviceHashOf(std::string_view secret, Sha256& sha);
std::optional<DeviceHash> deviceHashOf(std::string_view secret);

// Whether `presented` (the cookie, possibly empty) is the secret `bound` is the hash of.
// Constant time in the hash comparison.
bool deviceMatches(const DeviceHash& bound, std::string_view presented, Sha256& sha);

} // namespace sluice::tokens
