// SPDX-License-Identifier: Apache-2.0
#include "sha256.h"

#include <cstdlib>
#include <openssl/evp.h>

namespace sluice::tokens {

void Sha256::Free::operator()(evp_md_ctx_st* ctx) const {
    EVP_MD_CTX_free(ctx);
}
void Sha256::Free::operator()(evp_md_st* md) const {
    EVP_MD_free(md);
}

Sha256::Sha256() : m_md(EVP_MD_fetch(nullptr, "SHA256", nullptr)), m_ctx(EVP_MD_CTX_new()) {
    if (!m_md || !m_ctx) {
        std::abort(); // no SHA-256 in OpenSSL, or out of memory: nothing sensible to go on with
    }
}
Sha256::Sha256(const Sha256&) : Sha256() {}
Sha256& Sha256::operator=(const Sha256& other) {
    if (this != &other) {
        *this = Sha256();
    }
    return *this;
}
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;
Sha256::~Sha256() = default;

Sha256::Digest Sha256::compute(std::span<const std::uint8_t> first,
                               std::span<const std::uint8_t> second) {
    Digest out{};
    unsigned int length = 0;
    if (EVP_DigestInit_ex2(m_ctx.get(), m_md.get(), nullptr) != 1 ||
        EVP_DigestUpdate(m_ctx.get(), first.data(), first.size()) != 1 ||
        EVP_DigestUpdate(m_ctx.get(), second.data(), second.size()) != 1 ||
        EVP_DigestFinal_ex(m_ctx.get(), out.data(), &length) != 1 || length != out.size()) {
        std::abort(); // only a broken OpenSSL gets here; a wrong digest would be worse
    }
    return out;
}

} // namespace sluice::tokens
