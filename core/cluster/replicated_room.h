// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "change_outcome.h"
#include "log_entry.h"
#include "room/waiting_room.h"

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sluice::cluster {

// One node's copy of a cluster's room: applies the shared log's entries in order, the same
// way on every node, so that equal log positions mean equal queues (digest() and chain()).
// Plain C++: no I/O, no clock — the server feeds it what the log delivers.
//
// - Ticks count only from the current leader: a Leader entry with a higher epoch makes its
//   writer the one whose ticks move admissions; ticks of any other epoch or writer are
//   skipped, so a node that lost its lease without knowing cannot admit anyone.
// - A change whose idempotency key was applied before is not run again: its outcome is the
//   first one's (a client may retry a join whose answer it never got, on any node).
// - A join carrying a proof-of-work challenge id that an earlier join spent is refused
//   (PermissionDenied, nothing changes): the replay guard is the log's, not a node's.
// - Seen batches mark tickets alive (the polls each node answered on its own): abandonment
//   follows from the log alone, whichever node a person polls.
// - Difficulty entries change the proof-of-work controls the log holds (powControls()), the
//   same on every node; the server puts them in force on its own proof of work.
class ReplicatedRoom {
public:
    // Everything a node's copy knows beyond the engine: where in the log it is and what the
    // log has told it. A snapshot is this plus the engine's state (snapshot() / restore()).
    struct State {
        struct Remembered {
            engine::Status status;
            engine::TicketSeq seq = 0;
            std::string ticket;                    // Join
            std::vector<engine::AuditEntry> audit; // Configure
            std::size_t auditEntries = 0;
        };
        std::unordered_map<std::string, Remembered> keys;
        std::deque<std::string> keyOrder; // oldest first: forgotten in log order
        std::uint64_t epoch = 0;
        std::string leader;
        std::uint64_t applied = 0;
        std::string lastId;
        std::string lastBytes; // of the entry lastId names: a restart checks it is still there
        std::uint64_t chain = 0xcbf29ce484222325ULL;
        std::uint64_t staleTicks = 0;
        std::uint64_t repeats = 0;
        // The proof-of-work challenges joins have spent, for as long as they could be
        // accepted: a challenge buys one join on the whole cluster, whichever node it is sent
        // to. Only successful joins record theirs.
        pow::ReplayGuard spent{pow::PowChallenges::Settings{}.lifetimeMs};
        std::uint64_t reusedChallenges = 0;
        // The proof-of-work controls as the log's Difficulty entries made them, with their
        // audit entries; none until the first such change (each node then uses its flags').
        std::optional<pow::PowControls> pow;
        std::uint64_t powChanges = 0; // Difficulty entries applied that changed something
    };

    explicit ReplicatedRoom(room::WaitingRoom& room, std::size_t rememberedKeys = 200'000);

    // Applies the next entry (`id`: its place in the log, `bytes`: as stored). Changes return
    // their outcome; ticks, leadership and seen batches an ok outcome.
    ChangeOutcome apply(std::string_view id, std::string_view bytes, const LogEntry& entry);

    std::uint64_t epoch() const { return m_state.epoch; }
    const std::string& leader() const { return m_state.leader; } // the node whose ticks count
    std::uint64_t applied() const { return m_state.applied; }
    const std::string& lastId() const { return m_state.lastId; }
    const std::string& lastBytes() const { return m_state.lastBytes; }
    // A hash chained over every applied entry's id and bytes: two nodes at the same position
    // with the same chain applied the same log.
    std::uint64_t chain() const { return m_state.chain; }
    std::uint64_t staleTicks() const { return m_state.staleTicks; }
    std::uint64_t repeats() const { return m_state.repeats; }
    std::uint64_t reusedChallenges() const { return m_state.reusedChallenges; }
    const std::optional<pow::PowControls>& powControls() const { return m_state.pow; }
    // Counts the Difficulty entries that changed the controls: a server compares it to know
    // when to put powControls() in force.
    std::uint64_t powChanges() const { return m_state.powChanges; }
    // The queue's state (engine digest without per-node observations) and the log's chain.
    std::uint64_t digest() const;

    // The copy as a snapshot's body (docs/formats.md, "Cluster snapshot"): `state` and the
    // engine, taken together on the loop (a deep copy) and serialised on any thread.
    static std::string snapshotBody(const State& state, const engine::QueueEngine& engine);
    const State& state() const { return m_state; }
    // Puts a snapshot's copy in place of this one (the room's engine included).
    engine::Status restore(std::string_view body);

private:
    ChangeOutcome repeat(const LogEntry& entry, const State::Remembered& first);
    ChangeOutcome applyDifficulty(const LogEntry& entry);
    void remember(const std::string& key, const ChangeOutcome& outcome);

    room::WaitingRoom& m_room;
    std::size_t m_rememberedKeys;
    State m_state;
};

} // namespace sluice::cluster
