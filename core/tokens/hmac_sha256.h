// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

struct evp_mac_ctx_st;

namespace sluice::tokens {

// HMAC-SHA256 with one fixed key, through OpenSSL's EVP_MAC. The keyed context is set up
// once and restarted per message (OpenSSL keeps the padded key state), which is what makes
// a million ticket checks a second affordable. Not thread-safe: one instance per thread.
class HmacSha256 {
public:
    using Digest = std::array<std::uint8_t, 32>;

    static std::optional<HmacSha256> create(std::span<const std::uint8_t> key);
    // A copy is an independent context with the same key (usable on another thread).
    HmacSha256(const HmacSha256& other);
    HmacSha256& operator=(const HmacSha256& other);
    HmacSha256(HmacSha256&&) noexcept;
    HmacSha256& operator=(HmacSha256&&) noexcept;
    ~HmacSha256();

    Digest compute(std::span<const std::uint8_t> message);

private:
    struct Free {
        void operator()(evp_mac_ctx_st* ctx) const;
    };
    explicit HmacSha256(evp_mac_ctx_st* ctx);
    std::unique_ptr<evp_mac_ctx_st, Free> m_ctx;
};

// Constant-time equality (OpenSSL's CRYPTO_memcmp): how long a comparison takes must not
// tell an attacker how many leading bytes of a forged MAC were right.
bool constantTimeEqual(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

} // namespace sluice::tokens
