// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "chunked_array.h"
#include "event_config.h"
#include "metrics_snapshot.h"
#include "order_index.h"
#include "status.h"
#include "ticket_state.h"
#include "time_types.h"
#include "wait_forecaster.h"

#include <cstdint>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sluice::engine {

// What a ticket holder is told on join and on every poll.
struct TicketView {
    TicketSeq seq = 0;
    TicketState state = TicketState::Waiting;
    std::uint64_t position = 0;     // 1 = next to be admitted; 0 when not Waiting
    std::uint64_t preQueueSize = 0; // people in the same pre-queue (PreQueued only)
    TimeMs opensAt = 0;             // this ticket's opening (PreQueued only)
    WaitEstimate wait;              // includes the time until the opening when pre-queued
    TimeMs pollAfterMs = 0;         // when to ask again; 0 = stop polling
    TimeMs claimDeadline = 0;       // Admitted only
    TimeMs sessionExpiresAt = 0;    // Active only
    bool paused = false;
};

// A session in the protected site, as granted by claim(). The admission token's iat/nbf/exp
// come from here, so the same claim always yields the same token.
struct SessionGrant {
    TicketSeq seq = 0;
    TimeMs admittedAt = 0;
    TimeMs claimedAt = 0;
    TimeMs expiresAt = 0;
};

struct TickOutcome {
    std::uint32_t admitted = 0;
    std::uint32_t abandoned = 0; // idle tickets found by this tick
};

// The queue engine: one event's waiting room as a deterministic state machine.
//
// Contract:
// - Every command takes `now` (UTC ms). Time never runs backwards inside the engine: a `now`
//   earlier than one already seen is treated as the latest seen (a server clock step back
//   must not reopen expiries).
// - The same sequence of commands gives the same state (see digest()). No clock, no
//   randomness but the seeded shuffle, no I/O.
// - Not thread-safe: one driver thread at a time (the server's engine thread, the simulator
//   loop). Other threads take MetricsSnapshot values.
// - Commands that fail return a Status and change nothing.
class QueueEngine {
public:
    // Fails with InvalidArgument naming every bad field.
    static Result<QueueEngine> create(EventConfig config, TimeMs createdAt);

    // Takes a place: Waiting after the opening, PreQueued before it. With cohort windows a
    // birth date (yyyymmdd) is required and must fall inside one.
    Result<TicketView> join(TimeMs now, std::optional<int> birthDate = std::nullopt);
    // Where am I? Also marks the ticket as alive (soft state, not journaled).
    Result<TicketView> poll(TimeMs now, TicketSeq seq);
    // A poll for a client that shows only its place, like the seed night's agent: marks the
    // ticket alive exactly as poll() does, without the estimate and advice poll() computes.
    struct Place {
        TicketState state = TicketState::Waiting;
        std::uint64_t position = 0;     // Waiting only
        std::uint64_t preQueueSize = 0; // PreQueued only
        TimeMs opensAt = 0;             // PreQueued only
    };
    Result<Place> pollPlace(TimeMs now, TicketSeq seq);
    // The poll interval advised for a waiting place with this estimate, before its ±20 %
    // jitter: the mean interval of a page that follows the advice.
    static TimeMs pollAdviceMeanMs(double waitSeconds);
    // A poll reported later (a cluster's seen entry): marks the ticket alive exactly as
    // poll() does — or abandons it if it was already idle — and computes nothing else.
    Status markSeen(TimeMs now, TicketSeq seq);
    // For a driver that counts a page's polls instead of sending each one (the simulator's
    // quiet stretches): the ticket is, or by then will have been, last seen at `seenAt` —
    // ahead of now while the counted polls go on, set back when they stop early. Only a
    // waiting or pre-queued ticket's clock is set; nothing is abandoned or computed.
    void setSeenAt(TicketSeq seq, TimeMs seenAt);
    // Where a ticket stands at `now`, changing nothing (not even when it was last seen): a
    // cluster node answers polls from its copy this way and sends who polled to the log.
    Result<TicketView> view(TimeMs now, TicketSeq seq) const;
    // Gives the place up (idempotent). Leaving an admitted ticket returns its slot.
    Status leave(TimeMs now, TicketSeq seq);
    // Admits the next live tickets within the rate budget and capacity; expires what is due.
    // `admitted`, when given, receives the tickets admitted by this tick (for a push
    // channel that tells a page at once instead of at its next poll).
    TickOutcome tick(TimeMs now, std::vector<TicketSeq>* admitted = nullptr);
    // Turns an admission into a session. Idempotent: claiming again returns the same grant.
    Result<SessionGrant> claim(TimeMs now, TicketSeq seq);
    // Ends a session (or gives up an admission); frees the slot; revokes the token.
    Status complete(TimeMs now, TicketSeq seq);
    // Applies an operator's change; records one audit entry per field that changed.
    Status configure(TimeMs now, const std::string& operatorName, const ConfigChange& change);

    // True while `seq` holds a claimed, unexpired, uncompleted session: the gate's
    // revocation check.
    bool sessionActive(TimeMs now, TicketSeq seq) const;
    std::optional<SessionGrant> session(TicketSeq seq) const;
    TicketState state(TicketSeq seq) const {
        return static_cast<TicketState>(m_tickets[seq].stateAndSeen >> kStateShift);
    }
    bool hasTicket(TicketSeq seq) const { return seq < m_tickets.size(); }
    // A hint for drivers that know which tickets they will touch next (the simulator's
    // event batches): starts loading their per-ticket state into the cache.
    void prefetch(TicketSeq seq) const {
        if (hasTicket(seq)) {
            __builtin_prefetch(&m_tickets[seq]);
        }
    }
    // The second stage, once the ticket is in the cache: a waiting ticket's line of the
    // order index, which its place is counted from.
    void prefetchPlace(TicketSeq seq) const {
        if (hasTicket(seq) && state(seq) == TicketState::Waiting) {
            m_order.prefetch(m_tickets[seq].slot);
        }
    }

    // The metrics since the previous sample (rates) and now (levels). Advances the sampler.
    MetricsSnapshot sampleMetrics(TimeMs now);
    void recordTokenRejection(TokenRejection reason);
    void recordTicketRejection() { ++m_ticketRejections; }
    const TokenRejectionCounts& tokenRejections() const { return m_tokenRejections; }

    const EventConfig& config() const { return m_config; }
    // What the wait estimate has learnt (rates, departures), for tests and diagnostics.
    const WaitForecaster& forecaster() const { return m_forecaster; }
    const std::vector<AuditEntry>& audit() const { return m_audit; }
    std::uint32_t ticketCount() const { return static_cast<std::uint32_t>(m_tickets.size()); }
    std::uint64_t waitingCount() const { return m_order.liveTotal(); }
    std::uint64_t preQueuedCount() const { return m_preQueued; }
    std::uint64_t activeSessions() const { return m_active; }
    std::uint64_t admittedUnclaimed() const { return m_admittedUnclaimed; }
    TimeMs lastNow() const { return m_now; }
    TimeMs createdAt() const { return m_epoch; }
    // A hash over every piece of state: equal digests, equal engines. Without soft state it
    // leaves out what polls alone change (last seen per ticket, the latest `now`) and the
    // counts of rejected tickets and tokens (what one server saw, not the queue): what a
    // replay of the journal, or another cluster node, must reproduce exactly.
    std::uint64_t digest(bool withSoftState = true) const;

    // Journal support. Abandonment is the one outcome that depends on soft state (when each
    // ticket was last seen), so it is recorded rather than recomputed. Live: every ticket
    // found idle — and so abandoned, wherever that happens (tick, poll, opening) — is noted,
    // and the driver journals takeAbandoned() with the command that caused it (a poll that
    // abandoned no one need not be journaled). Replay: the driver passes each command's
    // recorded list to setReplayIdle() around it, and exactly those tickets count as idle.
    void recordAbandonments(bool on) { m_recordAbandoned = on; } // off by default
    std::vector<TicketSeq> takeAbandoned();
    void setReplayIdle(const std::vector<TicketSeq>* idle) { m_replayIdle = idle; }
    // After a replay: every waiting or pre-queued ticket's idle clock starts at `now`, so an
    // outage is not held against anyone.
    void restartIdleClocks(TimeMs now);
    // Snapshots (queue_engine_snapshot.cpp): the whole state, soft state included, as bytes,
    // and an engine rebuilt from them (restoreState(saveState()) has the same digest()).
    // A snapshot that is short, garbled or inconsistent is refused with InvalidArgument.
    std::string saveState() const;
    static Result<QueueEngine> restoreState(std::string_view bytes);
    // Heap bytes held for tickets and sessions (not counting the audit trail).
    std::size_t memoryBytes() const;

private:
    struct Opening {
        TimeMs opensAt = 0;
        bool open = false;
        std::vector<TicketSeq> preQueue; // freed at the opening
        // Join seconds (since createdAt) of everyone who pre-queued, summed: the drawn
        // pre-queue enters the line as one group at its mean age (for the forecaster).
        std::uint64_t preQueueJoinSecSum = 0;
    };
    // The queue's slots grouped by when their tickets joined (a group per minute of joins,
    // one for each drawn pre-queue), for the forecaster's age profile and departure ages.
    struct SlotGroup {
        std::uint32_t firstSlot = 0;
        std::uint32_t joinedSec = 0; // since createdAt
    };
    struct Record {
        TimeMs admittedAt = 0;
        TimeMs claimDeadline = 0;
        TimeMs claimedAt = 0; // 0 until claimed
        TimeMs expiresAt = 0;
    };
    struct Due {
        TimeMs at;
        TicketSeq seq;
        bool operator>(const Due& o) const { return at != o.at ? at > o.at : seq > o.seq; }
    };
    using DueQueue = std::priority_queue<Due, std::vector<Due>, std::greater<>>;

    // Slots are numbered below this; a pre-queued ticket's slot field holds base + opening.
    static constexpr std::uint32_t kPreQueueSlotBase = 0xFFFF'FF00u;
    static constexpr TicketSeq kMaxTickets = kPreQueueSlotBase - 1;

    QueueEngine(EventConfig config, TimeMs createdAt);

    TimeMs advance(TimeMs now);
    void openPreQueue(std::size_t index, TimeMs now);
    void appendToOrder(TicketSeq seq, std::uint32_t joinedSec, bool newGroup = false);
    std::uint32_t secondsSinceEpoch(TimeMs now) const {
        return static_cast<std::uint32_t>(std::max<TimeMs>(0, now - m_epoch) / kMsPerSecond);
    }
    // How long the ticket in `slot` has waited (since it joined), as of m_now.
    double waitedSeconds(std::uint32_t slot) const;
    // How long the people of a pre-queue have waited, on average (they join it one by one
    // but are counted as one group), as of m_now.
    double preQueueWaitedSeconds(const Opening& opening) const;
    // The waiting people by age, front first, and hand it to the forecaster (once a second).
    void observeQueue(TimeMs now);
    void setState(TicketSeq seq, TicketState s) {
        std::uint32_t& cell = m_tickets[seq].stateAndSeen;
        cell = (static_cast<std::uint32_t>(s) << kStateShift) | (cell & kSeenMask);
    }
    std::uint32_t lastSeenSec(TicketSeq seq) const {
        return m_tickets[seq].stateAndSeen & kSeenMask;
    }
    std::uint32_t slotOf(TicketSeq seq) const { return m_tickets[seq].slot; }
    bool idle(TicketSeq seq, TimeMs now) const;
    // idle() with `now` as whole seconds since the epoch (a sweep works it out once).
    bool idleAtSecond(TicketSeq seq, std::int64_t nowSec) const;
    void touch(TicketSeq seq, TimeMs now);
    void markPolled(TicketSeq seq, TimeMs now);
    void abandon(TicketSeq seq);
    std::optional<TicketSeq> nextLive(TimeMs now, std::uint32_t& abandoned);
    void admit(TicketSeq seq, TimeMs now);
    void freeSlot(TicketSeq seq, TimeMs now, TicketState endState);
    std::uint32_t sweepIdle(TimeMs now, TimeMs elapsedMs);
    TicketView viewOf(TicketSeq seq, TimeMs now) const;
    struct PreQueueEstimates {
        bool valid = false;
        std::size_t opening = 0;
        std::uint64_t ahead = 0, size = 0, forecastVersion = 0;
        int ratePerMinute = 0, capacity = 0;
        WaitEstimate first, middle, last;
    };
    const PreQueueEstimates& preQueueEstimates(std::size_t opening) const;
    TimeMs pollAdvice(TicketSeq seq, TimeMs now, double waitSeconds) const;
    std::size_t openingIndexFor(std::optional<int> birthDate, Status& error) const;
    void syncOpenings();

    EventConfig m_config;
    TimeMs m_epoch; // createdAt; lastSeen is stored as seconds since it
    TimeMs m_now;   // latest `now` seen
    std::optional<TimeMs> m_lastTickAt;

    // Per ticket (indexed by seq), one 8-byte cell, so that a poll touches one cache line: the
    // state in the top 8 bits and the last second it was seen (since createdAt, saturating at 2^24
    // − 1, 194 days) below; then its queue slot (kPreQueueSlotBase + opening while pre-queued).
    struct TicketCell {
        std::uint32_t stateAndSeen = 0;
        std::uint32_t slot = 0;
    };
    static constexpr int kStateShift = 24;
    static constexpr std::uint32_t kSeenMask = (std::uint32_t{1} << kStateShift) - 1;
    ChunkedArray<TicketCell> m_tickets;
    ChunkedArray<TicketSeq> m_seqOfSlot;
    OrderIndex m_order;        // live = Waiting
    std::uint32_t m_head = 0;  // no Waiting ticket sits in a slot before it
    std::uint32_t m_sweep = 0; // idle sweep cursor

    std::vector<Opening> m_openings; // one, or one per cohort window
    std::uint64_t m_preQueued = 0;

    // Admitted and active tickets only: bounded by capacity, not by the queue.
    std::unordered_map<TicketSeq, Record> m_records;
    DueQueue m_claimDue;
    DueQueue m_sessionDue;
    std::uint64_t m_admittedUnclaimed = 0;
    std::uint64_t m_active = 0;
    std::int64_t m_rateCredit = 0;       // in 1/60000 of a person: rate/min × ms
    std::vector<SlotGroup> m_slotGroups; // in slot order
    std::optional<TimeMs> m_queueSeenAt; // the forecaster's latest look at the queue

    WaitForecaster m_forecaster;
    mutable PreQueueEstimates m_preQueueCache;            // a cache: not state, not in the digest
    mutable std::vector<TicketSeq> m_abandonedLog;        // found idle since takeAbandoned()
    const std::vector<TicketSeq>* m_replayIdle = nullptr; // replaying: the recorded idle
    bool m_recordAbandoned = false;
    std::vector<AuditEntry> m_audit;

    std::uint64_t m_joins = 0, m_admits = 0, m_claims = 0, m_completions = 0, m_abandons = 0,
                  m_leaves = 0, m_claimExpiries = 0, m_sessionExpiries = 0;
    TokenRejectionCounts m_tokenRejections{};
    std::uint64_t m_ticketRejections = 0;
    MetricsSnapshot m_lastSample;
};

} // namespace sluice::engine
