// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "device_secret.h"
#include "ed25519_key.h"
#include "engine/status.h"
#include "engine/ticket_state.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::tokens {

// The claims of an admission token (RFC 7519 names; times in whole seconds since the epoch).
struct AdmissionClaims {
    std::string iss; // the waiting room that admitted
    std::string sub; // the ticket's sequence number, decimal
    std::string evt; // the event id
    std::string jti; // unique per admission
    std::int64_t iat = 0;
    std::int64_t nbf = 0;
    std::int64_t exp = 0;
    // The device the token is bound to (RFC 7800-style confirmation claim
    // "cnf":{"dsh":"<base64url SHA-256 of the device secret>"}); none for an unbound token.
    std::optional<DeviceHash> device;
    bool operator==(const AdmissionClaims&) const = default;
};

// Issues admission tokens: JWS compact serialisation, header {"alg":"EdDSA","kid":…,"typ":"JWT"}.
// Any JOSE library verifies them against jwks(). Thread-safe.
class AdmissionTokenIssuer {
public:
    explicit AdmissionTokenIssuer(Ed25519KeyPair key)
        : m_key(std::move(key)), m_kid(m_key.keyId()) {}

    std::string issue(const AdmissionClaims& claims) const;
    // The JWKS document (RFC 7517/8037) with the public key, for /.well-known/jwks.json.
    std::string jwks() const;
    const std::string& keyId() const { return m_kid; }
    const Ed25519PublicKey& publicKey() const { return m_key.publicKey(); }

private:
    Ed25519KeyPair m_key;
    std::string m_kid;
};

// Checks admission tokens for one issuer, key and event: structure, algorithm, signature,
// event, time window. Revocation is the caller's (it needs the engine). Thread-safe.
class AdmissionTokenVerifier {
public:
    AdmissionTokenVerifier(Ed25519Verifier key, std::string keyId, std::string issuer,
                           std::string eventId)
        : m_key(std::move(key)), m_kid(std::move(keyId)), m_iss(std::move(issuer)),
          m_evt(std::move(eventId)) {}

    // `nowSeconds`: the server's UTC clock. On failure `reason` is set and the Status says
    // what failed in words fit for an HTTP 401 body (no secrets, no token echo). A header
    // or claims object with a key twice (two "evt") is Malformed, even when signed, and so is
    // a "cnf" that is not {"dsh":"<43 base64url characters>"}. Whether the presented device
    // matches "cnf" is the caller's check (it needs the request's cookie).
    engine::Result<AdmissionClaims> verify(std::string_view token, std::int64_t nowSeconds,
                                           engine::TokenRejection& reason) const;

private:
    Ed25519Verifier m_key;
    std::string m_kid;
    std::string m_iss;
    std::string m_evt;
};

} // namespace sluice::tokens
