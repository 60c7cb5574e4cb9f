// SPDX-License-Identifier: Apache-2.0
#include "pow_challenges.h"

#include "tokens/base64url.h"
#include "tokens/big_endian.h"
#include "tokens/ticket_codec.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdlib>
#include <openssl/rand.h>

namespace sluice::pow {
namespace {

using engine::Status;

constexpr std::uint8_t kVersion = 1;
constexpr std::size_t kSignedBytes = 32; // version .. nonce
constexpr std::size_t kNonceAt = 12;
constexpr std::size_t kTagBytes = 8; // the nonce's first bytes: the issuing instance's tag
constexpr std::size_t kNonceBytes = 20;
constexpr std::size_t kMacBytes = 16;
using Raw = std::array<std::uint8_t, kSignedBytes + kMacBytes>;
static_assert((kSignedBytes + kMacBytes) * 4 / 3 == PowChallenges::kEncodedLength);
constexpr std::uint64_t kMaxCounter = (std::uint64_t{1} << 53) - 1;
// Challenges and tickets may be given the same server key; the label keeps their MACs apart.
constexpr std::string_view kKeyLabel = "sluice proof-of-work challenges v1";

std::span<const std::uint8_t> bytesOf(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

} // namespace

std::string_view nameOf(PowRefusal refusal) {
    switch (refusal) {
    case PowRefusal::NoSolution:
        return "no_solution";
    case PowRefusal::Malformed:
        return "malformed";
    case PowRefusal::Forged:
        return "forged";
    case PowRefusal::OtherEvent:
        return "other_event";
    case PowRefusal::Expired:
        return "expired";
    case PowRefusal::TooEasy:
        return "too_easy";
    case PowRefusal::WrongAnswer:
        return "wrong_answer";
    case PowRefusal::Reused:
        return "reused";
    }
    return "unknown";
}

int leadingZeroBits(std::span<const std::uint8_t> digest) {
    int bits = 0;
    for (const std::uint8_t byte : digest) {
        if (byte != 0) {
            return bits + std::countl_zero(byte);
        }
        bits += 8;
    }
    return bits;
}

engine::Result<PowChallenges> PowChallenges::create(std::span<const std::uint8_t> serverKey,
                                                    std::string_view eventId, Settings settings) {
    if (serverKey.size() < 32) {
        return Status::invalidArgument("proof-of-work key: at least 32 bytes expected");
    }
    if (settings.lifetimeMs <= 0 || settings.clockSkewMs < 0) {
        return Status::invalidArgument(
            "proof of work: lifetime must be positive, skew not negative");
    }
    auto master = tokens::HmacSha256::create(serverKey);
    if (!master) {
        return Status::ioError("OpenSSL: HMAC-SHA256 is not available");
    }
    const tokens::HmacSha256::Digest derived = master->compute(bytesOf(kKeyLabel));
    auto mac = tokens::HmacSha256::create(derived);
    if (!mac) {
        return Status::ioError("OpenSSL: HMAC-SHA256 is not available");
    }
    // 64 random bits: a restarted server draws a tag equal to its predecessor's with
    // probability 2^-64, the only way a challenge from before a restart could pass.
    std::array<std::uint8_t, kTagBytes> tag{};
    if (RAND_bytes(tag.data(), static_cast<int>(tag.size())) != 1) {
        return Status::ioError("OpenSSL: no randomness for the proof-of-work instance tag");
    }
    return PowChallenges(std::move(*mac), tokens::eventTagOf(eventId),
                         tokens::getBigEndian(tag.data(), static_cast<int>(kTagBytes)), settings);
}

std::string PowChallenges::issue(engine::TimeMs now, int difficultyBits) {
    Raw raw{};
    raw[0] = kVersion;
    tokens::putBigEndian(&raw[1], m_eventTag, 4);
    tokens::putBigEndian(&raw[5], static_cast<std::uint64_t>(std::max<engine::TimeMs>(0, now)), 6);
    raw[11] = static_cast<std::uint8_t>(std::clamp(difficultyBits, 0, kMaxDifficultyBits));
    tokens::putBigEndian(&raw[kNonceAt], m_instanceTag, static_cast<int>(kTagBytes));
    if (RAND_bytes(&raw[kNonceAt + kTagBytes], static_cast<int>(kNonceBytes - kTagBytes)) != 1) {
        std::abort(); // no randomness: predictable challenges could be solved in advance
    }
    const auto mac = m_mac.compute(std::span(raw.data(), kSignedBytes));
    std::copy_n(mac.begin(), kMacBytes, raw.begin() + kSignedBytes);
    return tokens::base64UrlEncode(raw);
}

engine::Status PowChallenges::verify(engine::TimeMs now, std::string_view challenge,
                                     std::uint64_t counter, int minDifficultyBits,
                                     PowRefusal& refusal) {
    ChallengeId id;
    if (Status s = check(now, challenge, counter, minDifficultyBits, refusal, id); !s.isOk()) {
        return s;
    }
    if (!m_spent.insert(now, id.issuedAt, id.key)) {
        refusal = PowRefusal::Reused;
        return Status::permissionDenied("proof of work: this challenge was already used");
    }
    return Status::ok();
}

engine::Status PowChallenges::check(engine::TimeMs now, std::string_view challenge,
                                    std::uint64_t counter, int minDifficultyBits,
                                    PowRefusal& refusal, ChallengeId& id) {
    const auto refuse = [&refusal](PowRefusal why, Status status) {
        refusal = why;
        return status;
    };
    if (challenge.empty()) {
        return refuse(PowRefusal::NoSolution,
                      Status::invalidArgument("proof of work: a solved challenge is required"));
    }
    // Cheapest checks first: a flood of junk costs a length check and a decode, a flood of
    // forgeries one HMAC; only a genuine, live challenge gets as far as the SHA-256.
    Raw raw{};
    if (challenge.size() != kEncodedLength || !tokens::base64UrlDecodeExact(challenge, raw) ||
        raw[0] != kVersion || counter > kMaxCounter) {
        return refuse(PowRefusal::Malformed,
                      Status::invalidArgument("proof of work: malformed challenge or counter"));
    }
    const auto mac = m_mac.compute(std::span(raw.data(), kSignedBytes));
    if (!tokens::constantTimeEqual(std::span(mac.data(), kMacBytes),
                                   std::span(raw.data() + kSignedBytes, kMacBytes))) {
        return refuse(PowRefusal::Forged, Status::permissionDenied(
                                              "proof of work: not a challenge this server issued"));
    }
    if (tokens::getBigEndian(&raw[1], 4) != m_eventTag) {
        return refuse(
            PowRefusal::OtherEvent,
            Status::permissionDenied("proof of work: the challenge is for another event"));
    }
    const auto issuedAt = static_cast<engine::TimeMs>(tokens::getBigEndian(&raw[5], 6));
    if (now >= issuedAt + m_settings.lifetimeMs || issuedAt > now + m_settings.clockSkewMs) {
        return refuse(
            PowRefusal::Expired,
            Status::failedPrecondition("proof of work: the challenge expired; solve a new one"));
    }
    if (m_settings.onlyOwnChallenges &&
        tokens::getBigEndian(&raw[kNonceAt], static_cast<int>(kTagBytes)) != m_instanceTag) {
        // Genuine (the MAC verified) but issued before this server's restart: it may have
        // been spent then, and the replay guard that knew it is gone.
        return refuse(PowRefusal::Expired,
                      Status::failedPrecondition("proof of work: the server restarted since "
                                                 "this challenge was issued; solve a new one"));
    }
    const int difficulty = raw[11];
    if (difficulty < std::clamp(minDifficultyBits, 0, kMaxDifficultyBits)) {
        return refuse(PowRefusal::TooEasy,
                      Status::failedPrecondition("proof of work: the challenge is easier than this "
                                                 "room now requires; solve a new one"));
    }
    std::array<std::uint8_t, 8> counterBytes{};
    tokens::putBigEndian(counterBytes.data(), counter, 8);
    const tokens::Sha256::Digest hash = m_sha.compute(bytesOf(challenge), counterBytes);
    if (leadingZeroBits(hash) < difficulty) {
        return refuse(PowRefusal::WrongAnswer,
                      Status::permissionDenied("proof of work: the counter does not solve "
                                               "this challenge"));
    }
    id.issuedAt = issuedAt;
    id.key = {tokens::getBigEndian(&raw[kSignedBytes], 8),
              tokens::getBigEndian(&raw[kSignedBytes + 8], 8)};
    return Status::ok();
}

} // namespace sluice::pow
