// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

struct evp_pkey_st;

namespace sluice::tokens {

using Ed25519Seed = std::array<std::uint8_t, 32>;
using Ed25519PublicKey = std::array<std::uint8_t, 32>;
using Ed25519Signature = std::array<std::uint8_t, 64>;

// An Ed25519 key pair (OpenSSL EVP_PKEY). Signing is deterministic (RFC 8032), so one
// claim always yields one token. Thread-safe for concurrent sign/verify.
class Ed25519KeyPair {
public:
    static engine::Result<Ed25519KeyPair> fromSeed(const Ed25519Seed& seed);
    static engine::Result<Ed25519KeyPair> generate();

    Ed25519Signature sign(std::string_view message) const;
    const Ed25519PublicKey& publicKey() const { return m_public; }
    const Ed25519Seed& seed() const { return m_seed; }
    // RFC 7638-style thumbprint id, base64url of SHA-256 over the public key, 16 chars.
    std::string keyId() const;

private:
    std::shared_ptr<evp_pkey_st> m_key;
    Ed25519Seed m_seed{};
    Ed25519PublicKey m_public{};
};

// Verifies Ed25519 signatures for one public key. Thread-safe.
class Ed25519Verifier {
public:
    static engine::Result<Ed25519Verifier> fromPublicKey(const Ed25519PublicKey& key);
    bool verify(std::string_view message, std::span<const std::uint8_t> signature) const;

private:
    std::shared_ptr<evp_pkey_st> m_key;
};

} // namespace sluice::tokens
