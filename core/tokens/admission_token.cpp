// SPDX-License-Identifier: Apache-2.0
#include "admission_token.h"

#include "base64url.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

namespace sluice::tokens {
namespace {

using engine::Status;
using engine::TokenRejection;
using nlohmann::json;

constexpr std::size_t kMaxTokenBytes = 4096;

std::string toText(const std::vector<std::uint8_t>& bytes) {
    return std::string(bytes.begin(), bytes.end());
}

// A key name fit to quote in a refusal: short and plain, else not echoed (the refusal goes
// into an HTTP body and a log line; the token is the client's text).
std::string quotedKey(const std::string& key) {
    const bool plain =
        !key.empty() && key.size() <= 16 && std::all_of(key.begin(), key.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
        });
    return plain ? "\"" + key + "\"" : std::string("a key");
}

// Parses one base64url JSON object segment; nullopt on any defect, `defect` says which.
// A key that appears twice in any object is a defect: JSON parsers disagree on which one
// counts (this one kept the last), so a token with two "evt" could mean one event to a
// JOSE library and another to us. RFC 7515 §4 and RFC 7519 §4 let a verifier refuse it.
std::optional<json> decodeObject(std::string_view segment, const char* what, std::string& defect) {
    defect = std::string("token: the ") + what + " segment is not base64url JSON";
    auto bytes = base64UrlDecode(segment);
    if (!bytes) {
        return std::nullopt;
    }
    std::vector<std::set<std::string>> openObjects; // the keys seen in each open object
    std::optional<std::string> duplicate;
    const json::parser_callback_t noteKeys = [&](int, json::parse_event_t event, json& parsed) {
        if (event == json::parse_event_t::object_start) {
            openObjects.emplace_back();
        } else if (event == json::parse_event_t::object_end) {
            openObjects.pop_back();
        } else if (event == json::parse_event_t::key && !duplicate &&
                   !openObjects.back().insert(parsed.get<std::string>()).second) {
            duplicate = parsed.get<std::string>();
        }
        return true;
    };
    json value = json::parse(toText(*bytes), noteKeys, /*allow_exceptions=*/false);
    if (value.is_discarded() || !value.is_object()) {
        return std::nullopt;
    }
    if (duplicate) {
        defect = "token: " + quotedKey(*duplicate) + " appears twice in the " + what;
        return std::nullopt;
    }
    return value;
}

bool getString(const json& obj, const char* key, std::string& out) {
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_string()) {
        return false;
    }
    out = it->get<std::string>();
    return true;
}

bool getSeconds(const json& obj, const char* key, std::int64_t& out) {
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_number_integer()) {
        return false;
    }
    out = it->get<std::int64_t>();
    return true;
}

// The confirmation claim: absent (unbound), or exactly {"dsh": 32 bytes in base64url}.
bool getDevice(const json& obj, std::optional<DeviceHash>& out) {
    auto it = obj.find("cnf");
    if (it == obj.end()) {
        return true;
    }
    std::string dsh;
    DeviceHash hash{};
    if (!it->is_object() || it->size() != 1 || !getString(*it, "dsh", dsh) ||
        !base64UrlDecodeExact(dsh, hash)) {
        return false;
    }
    out = hash;
    return true;
}

} // namespace

std::string AdmissionTokenIssuer::issue(const AdmissionClaims& c) const {
    const json header = {{"alg", "EdDSA"}, {"kid", m_kid}, {"typ", "JWT"}};
    json payload = {{"iss", c.iss}, {"sub", c.sub}, {"evt", c.evt}, {"jti", c.jti},
                    {"iat", c.iat}, {"nbf", c.nbf}, {"exp", c.exp}};
    if (c.device) {
        payload["cnf"] = {{"dsh", base64UrlEncode(*c.device)}};
    }
    std::string signingInput =
        base64UrlEncode(header.dump()) + "." + base64UrlEncode(payload.dump());
    const Ed25519Signature sig = m_key.sign(signingInput);
    return signingInput + "." + base64UrlEncode(sig);
}

std::string AdmissionTokenIssuer::jwks() const {
    const json key = {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", base64UrlEncode(m_key.publicKey())},
                      {"kid", m_kid}, {"use", "sig"},     {"alg", "EdDSA"}};
    return json{{"keys", json::array({key})}}.dump();
}

engine::Result<AdmissionClaims> AdmissionTokenVerifier::verify(std::string_view token,
                                                               std::int64_t now,
                                                               TokenRejection& reason) const {
    auto reject = [&reason](TokenRejection why, std::string text) {
        reason = why;
        return why == TokenRejection::Malformed ? Status::invalidArgument(std::move(text))
                                                : Status::permissionDenied(std::move(text));
    };
    if (token.empty() || token.size() > kMaxTokenBytes) {
        return reject(TokenRejection::Malformed, "token: missing or too long");
    }
    const std::size_t dot1 = token.find('.');
    const std::size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
        return reject(TokenRejection::Malformed, "token: not a JWS compact serialisation");
    }
    std::string defect;
    const std::optional<json> header = decodeObject(token.substr(0, dot1), "header", defect);
    if (!header) {
        return reject(TokenRejection::Malformed, defect);
    }
    // The algorithm is fixed by the server, never chosen by the token: "none", HS256 with
    // the public key as secret, and every other trick fail here, before any key is used.
    std::string alg;
    if (!getString(*header, "alg", alg) || alg != "EdDSA") {
        return reject(TokenRejection::AlgorithmNotAllowed, "token: algorithm must be EdDSA");
    }
    if (header->contains("crit") || header->contains("jku") || header->contains("jwk") ||
        header->contains("x5u")) {
        return reject(TokenRejection::Malformed, "token: unsupported header parameter");
    }
    std::string kid;
    if (header->contains("kid") && (!getString(*header, "kid", kid) || kid != m_kid)) {
        return reject(TokenRejection::BadSignature, "token: signed with an unknown key");
    }
    const auto signature = base64UrlDecode(token.substr(dot2 + 1));
    if (!signature || signature->size() != 64) {
        return reject(TokenRejection::Malformed, "token: signature is not 64 base64url bytes");
    }
    if (!m_key.verify(token.substr(0, dot2), *signature)) {
        return reject(TokenRejection::BadSignature, "token: signature does not verify");
    }
    const std::optional<json> payload =
        decodeObject(token.substr(dot1 + 1, dot2 - dot1 - 1), "claims", defect);
    if (!payload) {
        return reject(TokenRejection::Malformed, defect);
    }
    AdmissionClaims c;
    if (!getString(*payload, "iss", c.iss) || !getString(*payload, "sub", c.sub) ||
        !getString(*payload, "evt", c.evt) || !getString(*payload, "jti", c.jti) ||
        !getSeconds(*payload, "iat", c.iat) || !getSeconds(*payload, "nbf", c.nbf) ||
        !getSeconds(*payload, "exp", c.exp)) {
        return reject(TokenRejection::Malformed,
                      "token: claims iss, sub, evt, jti, iat, nbf, exp required");
    }
    if (!getDevice(*payload, c.device)) {
        return reject(TokenRejection::Malformed, "token: cnf must be {\"dsh\": a device hash}");
    }
    if (c.iss != m_iss || c.evt != m_evt) {
        return reject(TokenRejection::WrongEvent, "token: issued for another event");
    }
    if (now < c.nbf) {
        return reject(TokenRejection::NotYetValid, "token: not valid yet");
    }
    if (now >= c.exp) {
        return reject(TokenRejection::Expired, "token: expired");
    }
    return c;
}

} // namespace sluice::tokens
