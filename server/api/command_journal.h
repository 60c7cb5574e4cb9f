// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/queue_engine.h"
#include "http/http_response.h"
#include "journal/journal_record.h"
#include "store/event_store.h"

#include <cstdint>
#include <functional>
#include <optional>

namespace sluice::api {

// A journal record of a command the engine just ran (`seq`: the ticket, 0 for none).
journal::JournalRecord commandRecord(journal::Command command, engine::TicketSeq seq = 0,
                                     bool succeeded = true);

// The API's side of the durable store: which commands are recorded (JournalFilter), which
// answer waits for its record, and when changes must be refused. Without a store (benchmarks,
// some tests) nothing is recorded and nothing is refused. Loop thread only, like the store.
class CommandJournal {
public:
    explicit CommandJournal(engine::QueueEngine& engine) : m_engine(engine) {}

    void setStore(store::EventStore* store) { m_store = store; }
    bool hasStore() const { return m_store != nullptr; }

    enum class Answer { Now, WhenDurable };
    // Records a command the engine just ran (with whomever it found idle). WhenDurable: the
    // current answer goes out only once the record is on disk (see takeAwaited()).
    void record(journal::JournalRecord record, Answer answer);
    // The record the current answer waits for (0: none), and forgets it.
    std::uint64_t takeAwaited() { return std::exchange(m_awaitLsn, 0); }
    // `then(durable)` once record `lsn` is on disk, or with false if the disk failed.
    void whenDurable(std::uint64_t lsn, std::function<void(bool durable)> then);

    // The 503 + Retry-After for a change while changes cannot be recorded (the journal is
    // behind or its disk failed); nothing when they can.
    std::optional<http::Response> changeRefusal() const;
    // The answer to /readyz: 200 while changes can be recorded, 503 saying why not.
    http::Response readiness() const;

    // For the metrics: changes are refused now (the journal is behind, or failed); a write
    // or sync has failed. Both false without a store.
    bool behind() const { return m_store != nullptr && m_store->behind(); }
    bool failed() const { return m_store != nullptr && m_store->failed(); }

    // A snapshot of the engine when one is due (heartbeat), or now (after a bulk load).
    void snapshotIfDue(engine::TimeMs now);
    void snapshotNow(engine::TimeMs now);

private:
    engine::QueueEngine& m_engine; // its abandonments ride on the records
    store::EventStore* m_store = nullptr;
    std::uint64_t m_awaitLsn = 0; // the current answer waits for this record
    journal::JournalFilter m_filter;
};

} // namespace sluice::api
