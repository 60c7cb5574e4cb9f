// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ed25519_key.h"
#include "engine/status.h"

#include <array>
#include <cstdint>
#include <filesystem>

namespace sluice::tokens {

// The server's two secrets: the ticket HMAC key and the admission-token signing key.
struct ServerKeys {
    std::array<std::uint8_t, 32> ticketKey{};
    Ed25519KeyPair admissionKey;
};

// Loads the keys from `dir`, generating any that is missing (first start). Files:
//   ticket-hmac.key        32 random bytes
//   admission-ed25519.key  32-byte Ed25519 seed
// Created 0600 in a 0700 directory, written to a temporary file, fsynced and renamed, so a
// crash never leaves half a key. A key file readable by group or others is refused (like
// ssh does), as is one of the wrong size. Never logs key material.
engine::Result<ServerKeys> loadOrCreateServerKeys(const std::filesystem::path& dir);

} // namespace sluice::tokens
