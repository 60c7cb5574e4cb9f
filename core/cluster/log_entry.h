// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/event_config.h"
#include "engine/status.h"
#include "engine/ticket_state.h"
#include "engine/time_types.h"
#include "pow/pow_challenges.h"
#include "pow/pow_controls.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::cluster {

// What a cluster's shared log holds: every change to the room, in the one order every node
// applies. A change is written by the node that received it (its arguments as the client
// gave them, not its outcome: the outcome is what applying the entry produces, the same on
// every node). Time moves only through the log: `now` is the writing node's clock, and the
// engine never moves backwards (an earlier `now` reads as the latest seen).
enum class EntryKind : std::uint8_t {
    Join = 1,
    Leave,
    Claim,
    Complete,
    Configure,
    Tick,       // admissions and expiries, written by the leader only
    Leader,     // a node took the tick lease: from here on only ticks of this epoch count
    Seen,       // tickets polled on one node (abandonment is decided from these, in the log)
    Difficulty, // an operator's change of the proof-of-work controls (every node applies it)
};

const char* nameOf(EntryKind kind);

struct LogEntry {
    EntryKind kind = EntryKind::Tick;
    engine::TimeMs now = 0;
    // Who wrote it and a key that makes a retry of the same change harmless: a second entry
    // with a key already applied is not run again; its outcome is the first one's. Empty for
    // ticks, leadership and seen batches.
    std::string origin;
    std::string idempotencyKey;
    std::uint64_t request = 0; // the writer's number for the call waiting on this entry

    std::optional<int> birthDate; // Join
    std::string credential;       // Leave, Claim: the ticket; Complete: the token
    // Join, Leave, Claim, Complete: the request's device secret (the sluice_device cookie;
    // empty without one). Every node signs and checks with it as the receiving node would.
    std::string device;
    // Join: the proof of work's challenge id (issue time and MAC), when the join paid one.
    // Each id buys one join across the whole cluster (ReplicatedRoom refuses a repeat).
    std::optional<pow::PowChallenges::ChallengeId> challenge;
    std::string operatorName;    // Configure, Difficulty
    engine::ConfigChange change; // Configure
    // Difficulty: the change as the operator asked it, and the controls the writing node had
    // in force (until the log's first such change, its flags'). Every node applies the
    // change to the controls the log has made so far; to the writer's, only while the log has
    // made none, so that even the first change comes out the same on every node.
    pow::PowChange powChange;
    pow::PowMode powBaseMode = pow::PowMode::Off;
    pow::DifficultySettings powBase;
    std::uint64_t epoch = 0;             // Tick, Leader
    std::vector<engine::TicketSeq> seen; // Seen
};

// Limits a decoder holds an entry to (a garbled or hostile entry cannot allocate much).
inline constexpr std::size_t kMaxCredentialBytes = 4096;
inline constexpr std::size_t kMaxKeyBytes = 128;
inline constexpr std::size_t kMaxSeenPerEntry = 1 << 20;

std::string encodeEntry(const LogEntry& e);
engine::Result<LogEntry> decodeEntry(std::string_view bytes);

} // namespace sluice::cluster
