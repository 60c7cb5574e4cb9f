// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"
#include "engine/time_types.h"
#include "replay_guard.h"
#include "tokens/hmac_sha256.h"
#include "tokens/sha256.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace sluice::pow {

// Why a proof of work was refused. Each is a different story in the logs: many `forged` or
// `reused` mean someone is scripting joins; many `expired` mean the difficulty is too high
// for the devices people have.
enum class PowRefusal : std::uint8_t {
    NoSolution,  // no challenge presented
    Malformed,   // not 64 base64url characters of a version-1 challenge
    Forged,      // the MAC does not verify: not a challenge this server issued
    OtherEvent,  // a genuine challenge of another event
    Expired,     // older than the lifetime, issued in the future beyond the clock skew, or
                 // (onlyOwnChallenges) issued by another instance: before a restart
    TooEasy,     // issued at a difficulty below the minimum the room now accepts
    WrongAnswer, // SHA-256(challenge || counter) lacks the leading zero bits: not solved, or
                 // solved for another challenge
    Reused,      // this challenge was already spent on a join
};
inline constexpr std::size_t kPowRefusalCount = 8;
std::string_view nameOf(PowRefusal refusal);

// Proof of work for joins: stateless challenges signed by the server, a solution check that
// costs two SHA-256 blocks and one HMAC, and a replay guard so that each challenge buys at
// most one join.
//
// A challenge is 48 bytes, sent as 64 base64url characters (docs/formats.md):
//   version 1 (1) | event tag (4) | issued-at ms (6) | difficulty bits (1) | nonce (20)
//   | HMAC-SHA256 over the 32 bytes before it, first 16 bytes.
// The nonce's first 8 bytes are the issuing instance's tag (random, drawn at create()), the
// other 12 random per challenge.
// A solution is a counter (0 ≤ counter < 2^53, so JavaScript numbers hold it exactly) such
// that SHA-256(the 64 ASCII characters of the challenge || counter as 8 bytes big-endian)
// starts with `difficulty` zero bits. The challenge text is exactly one SHA-256 block, so a
// solver hashes it once and then pays one compression per try; so does the server.
//
// Times are the caller's UTC clock in ms (core reads no clock). Not thread-safe: one
// instance per driver thread (the replay guard is not shared between instances, so one
// event's joins must be verified by one instance).
class PowChallenges {
public:
    static constexpr int kMaxDifficultyBits = 32;
    static constexpr std::size_t kEncodedLength = 64;

    struct Settings {
        // How long a challenge may be solved and spent. Long enough for a slow phone at the
        // ceiling difficulty and a tab put in the background; it also bounds the replay
        // guard's memory (ReplayGuard).
        engine::TimeMs lifetimeMs = 5 * 60 * 1000;
        // A challenge dated up to this far in the future is accepted (clock steps).
        engine::TimeMs clockSkewMs = 5 * 1000;
        // Accept only challenges this instance issued (their nonce starts with its tag);
        // others are refused as Expired. For a standalone server, whose replay guard lives in
        // its memory: a restart forgets which challenges were spent, so every challenge
        // issued before it is refused after it (the page solves a new one). Tagging the
        // process, not comparing issue times with the start time, holds when the wall clock
        // steps back across a restart. Off where challenges cross instances: a cluster's
        // nodes take each other's (the guard is the log's) and tests verify in another
        // process.
        bool onlyOwnChallenges = false;
    };

    // `serverKey`: at least 32 secret bytes (the server's ticket key will do: the MAC key
    // is derived from it with a label, so challenges and tickets never share a key).
    static engine::Result<PowChallenges> create(std::span<const std::uint8_t> serverKey,
                                                std::string_view eventId, Settings settings);
    static engine::Result<PowChallenges> create(std::span<const std::uint8_t> serverKey,
                                                std::string_view eventId) {
        return create(serverKey, eventId, Settings{});
    }

    // A fresh challenge (this instance's tag and 12 random nonce bytes) at `difficultyBits`,
    // clamped to 0..kMaxDifficultyBits.
    std::string issue(engine::TimeMs now, int difficultyBits);

    // Accepts a solution once. On refusal `refusal` says why, the Status carries a sentence
    // fit for an HTTP 4xx body (InvalidArgument for NoSolution/Malformed, FailedPrecondition
    // for Expired/TooEasy, PermissionDenied otherwise) and nothing was recorded: a refused
    // attempt does not spend the challenge. `minDifficultyBits`: challenges issued below it
    // are refused (the operator's floor, so easy challenges hoarded on a quiet afternoon
    // are worthless on launch night).
    engine::Status verify(engine::TimeMs now, std::string_view challenge, std::uint64_t counter,
                          int minDifficultyBits, PowRefusal& refusal);

    // What the replay guard keys a challenge on: its issue time and its MAC.
    struct ChallengeId {
        engine::TimeMs issuedAt = 0;
        ReplayGuard::Key key{};
        bool operator==(const ChallengeId&) const = default;
    };
    // verify() without the replay guard: every other check, and on success the challenge's
    // id in `id`. For a cluster, whose replay guard is the replicated log's
    // (cluster::ReplicatedRoom): the node checks the work, the log refuses a second spend.
    engine::Status check(engine::TimeMs now, std::string_view challenge, std::uint64_t counter,
                         int minDifficultyBits, PowRefusal& refusal, ChallengeId& id);

    const Settings& settings() const { return m_settings; }
    const ReplayGuard& replayGuard() const { return m_spent; }

private:
    PowChallenges(tokens::HmacSha256 mac, std::uint32_t eventTag, std::uint64_t instanceTag,
                  Settings settings)
        : m_mac(std::move(mac)), m_eventTag(eventTag), m_instanceTag(instanceTag),
          m_settings(settings), m_spent(settings.lifetimeMs) {}

    tokens::HmacSha256 m_mac;
    tokens::Sha256 m_sha;
    std::uint32_t m_eventTag;
    std::uint64_t m_instanceTag; // the nonce's first 8 bytes in every challenge issued here
    Settings m_settings;
    ReplayGuard m_spent;
};

// Leading zero bits of a digest (0..256).
int leadingZeroBits(std::span<const std::uint8_t> digest);

} // namespace sluice::pow
