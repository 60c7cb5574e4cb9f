// SPDX-License-Identifier: Apache-2.0
#include "hmac_sha256.h"

#include <cstdlib>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace sluice::tokens {

void HmacSha256::Free::operator()(evp_mac_ctx_st* ctx) const {
    EVP_MAC_CTX_free(ctx);
}

HmacSha256::HmacSha256(evp_mac_ctx_st* ctx) : m_ctx(ctx) {}
HmacSha256::HmacSha256(const HmacSha256& other) : m_ctx(EVP_MAC_CTX_dup(other.m_ctx.get())) {
    if (!m_ctx) {
        std::abort(); // out of memory inside OpenSSL: nothing sensible to go on with
    }
}
HmacSha256& HmacSha256::operator=(const HmacSha256& other) {
    if (this != &other) {
        *this = HmacSha256(other);
    }
    return *this;
}
HmacSha256::HmacSha256(HmacSha256&&) noexcept = default;
HmacSha256& HmacSha256::operator=(HmacSha256&&) noexcept = default;
HmacSha256::~HmacSha256() = default;

std::optional<HmacSha256> HmacSha256::create(std::span<const std::uint8_t> key) {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac == nullptr) {
        return std::nullopt;
    }
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac); // the context holds its own reference
    if (ctx == nullptr) {
        return std::nullopt;
    }
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    if (EVP_MAC_init(ctx, key.data(), key.size(), params) != 1) {
        EVP_MAC_CTX_free(ctx);
        return std::nullopt;
    }
    return HmacSha256(ctx);
}

HmacSha256::Digest HmacSha256::compute(std::span<const std::uint8_t> message) {
    Digest out{};
    std::size_t length = 0;
    // A null key restarts the context with the key it already has.
    if (EVP_MAC_init(m_ctx.get(), nullptr, 0, nullptr) != 1 ||
        EVP_MAC_update(m_ctx.get(), message.data(), message.size()) != 1 ||
        EVP_MAC_final(m_ctx.get(), out.data(), &length, out.size()) != 1 || length != out.size()) {
        // Only a broken OpenSSL gets here; answering with a wrong MAC would be worse.
        std::abort();
    }
    return out;
}

bool constantTimeEqual(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace sluice::tokens
