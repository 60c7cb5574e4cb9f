// SPDX-License-Identifier: Apache-2.0
#include "ed25519_key.h"

#include "base64url.h"

#include <cstdlib>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

namespace sluice::tokens {
namespace {

struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

void freeKey(EVP_PKEY* key) {
    EVP_PKEY_free(key);
}

} // namespace

engine::Result<Ed25519KeyPair> Ed25519KeyPair::fromSeed(const Ed25519Seed& seed) {
    EVP_PKEY* key =
        EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size());
    if (key == nullptr) {
        return engine::Status::invalidArgument("Ed25519 private key: not a valid 32-byte seed");
    }
    Ed25519KeyPair pair;
    pair.m_key = std::shared_ptr<evp_pkey_st>(key, freeKey);
    pair.m_seed = seed;
    std::size_t length = pair.m_public.size();
    if (EVP_PKEY_get_raw_public_key(key, pair.m_public.data(), &length) != 1 ||
        length != pair.m_public.size()) {
        return engine::Status::ioError("OpenSSL: cannot derive the Ed25519 public key");
    }
    return pair;
}

engine::Result<Ed25519KeyPair> Ed25519KeyPair::generate() {
    Ed25519Seed seed{};
    if (RAND_bytes(seed.data(), static_cast<int>(seed.size())) != 1) {
        return engine::Status::ioError("OpenSSL: no randomness for a new Ed25519 key");
    }
    return fromSeed(seed);
}

Ed25519Signature Ed25519KeyPair::sign(std::string_view message) const {
    Ed25519Signature sig{};
    MdCtx ctx(EVP_MD_CTX_new());
    std::size_t length = sig.size();
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, m_key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), sig.data(), &length,
                       reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1 ||
        length != sig.size()) {
        std::abort(); // a key that loaded cannot fail to sign; a bad token would be worse
    }
    return sig;
}

std::string Ed25519KeyPair::keyId() const {
    std::array<std::uint8_t, SHA256_DIGEST_LENGTH> digest{};
    SHA256(m_public.data(), m_public.size(), digest.data());
    return base64UrlEncode(digest).substr(0, 16);
}

engine::Result<Ed25519Verifier> Ed25519Verifier::fromPublicKey(const Ed25519PublicKey& key) {
    EVP_PKEY* pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size());
    if (pkey == nullptr) {
        return engine::Status::invalidArgument("Ed25519 public key: not valid");
    }
    Ed25519Verifier v;
    v.m_key = std::shared_ptr<evp_pkey_st>(pkey, freeKey);
    return v;
}

bool Ed25519Verifier::verify(std::string_view message,
                             std::span<const std::uint8_t> signature) const {
    if (signature.size() != 64) {
        return false;
    }
    MdCtx ctx(EVP_MD_CTX_new());
    return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, m_key.get()) == 1 &&
           EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                            reinterpret_cast<const unsigned char*>(message.data()),
                            message.size()) == 1;
}

} // namespace sluice::tokens
