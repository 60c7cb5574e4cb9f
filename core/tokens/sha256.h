// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>

struct evp_md_ctx_st;
struct evp_md_st;

namespace sluice::tokens {

// Plain SHA-256 through OpenSSL's EVP with the algorithm fetched once and one context reused:
// OpenSSL 3's one-shot SHA256() looks the algorithm up on every call, which costs more than
// hashing a short message. Not thread-safe: one instance per thread.
class Sha256 {
public:
    using Digest = std::array<std::uint8_t, 32>;

    Sha256();
    // A copy is a fresh context (it holds no state between calls), usable on another thread.
    Sha256(const Sha256&);
    Sha256& operator=(const Sha256&);
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;
    ~Sha256();

    // The digest of `first` followed by `second` (either may be empty).
    Digest compute(std::span<const std::uint8_t> first, std::span<const std::uint8_t> second = {});

private:
    struct Free {
        void operator()(evp_md_ctx_st* ctx) const;
        void operator()(evp_md_st* md) const;
    };
    std::unique_ptr<evp_md_st, Free> m_md;
    std::unique_ptr<evp_md_ctx_st, Free> m_ctx;
};

} // namespace sluice::tokens
