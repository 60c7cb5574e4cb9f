// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/queue_engine.h"
#include "journal/file_system.h"
#include "journal/journal_file.h"
#include "journal/journal_record.h"

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace sluice::store {

struct StoreOptions {
    // Records written but not yet on disk beyond which behind() says to refuse changes
    // (503 + Retry-After) rather than queue them without bound.
    std::uint64_t maxBacklog = 100'000;
    // A snapshot is due after this many records or this long with any record at all.
    std::uint64_t snapshotEveryRecords = 1'000'000;
    engine::TimeMs snapshotEveryMs = 10 * engine::kMsPerMinute;
    // Keep the engine copy of the last snapshot once it is written, and copy the next
    // snapshot into it: the loop then only overwrites memory it already has instead of
    // allocating and faulting in a whole engine (at 1.7 million tickets the fresh copy is a
    // stall of tens of ms; see docs/server.md). Costs one more engine copy resident between
    // snapshots. False: every snapshot copies into fresh memory and frees it once written.
    bool reuseSnapshotCopy = true;
    // The files under the store (tests put a failing disk here); null: the real one. Not
    // owned; must outlive the store.
    journal::FileSystem* fileSystem = nullptr;
};

// What recovery found: for the log and for an operator reading it.
struct RecoveryReport {
    bool fresh = false;           // the directory held no state: a new event
    std::uint64_t snapshot = 0;   // the generation recovery started from
    std::uint64_t replayed = 0;   // journal records replayed on top of it
    std::uint64_t tornBytes = 0;  // cut off the end of the last journal (a crash mid-write)
    std::string skippedSnapshots; // newer snapshots that could not be read, and why
};

// The event's durable state in one directory: snapshots ("snapshot-GGGGGGGGGGGG") and, for
// each, the journal of the commands after it ("journal-GGGGGGGGGGGG"). Generation g's
// journal holds everything between snapshot g and snapshot g+1; once snapshot g+1 is on disk
// the older files go.
//
// Threads: append(), whenDurable(), snapshot() and behind() belong to the engine's thread
// (the HTTP loop). A writer thread writes and fdatasyncs what was appended, as many records
// at once as have come in since its last sync (group commit), and reports back through
// `post`, which must run the task on the engine's thread. Snapshots are written by their
// own thread from a copy of the engine, so neither the loop nor the journal waits for them.
//
// A failed write or sync is final (LevelDB's habit): nothing more is written, every record
// not yet durable and every later one is refused (whenDurable says false), and behind() and
// failed() stay true until the process starts over and recovers from what is on disk.
class EventStore {
public:
    using Post = std::function<void(std::function<void()>)>;
    using MakeEngine = std::function<engine::Result<engine::QueueEngine>()>;

    struct Opened;
    // Recovers the engine from `dir` (the newest readable snapshot, then its journals in
    // order, tolerating a torn last record), or, when `dir` holds no state, makes a new one
    // with `makeFresh` and writes its first snapshot. A journal that does not replay, a gap
    // between journals, or journals without a snapshot stop recovery with a message naming
    // the file. Refused while another process holds the directory's lock.
    static engine::Result<Opened> open(const std::filesystem::path& dir,
                                       const MakeEngine& makeFresh, Post post,
                                       StoreOptions options = {});
    ~EventStore();
    EventStore(const EventStore&) = delete;
    EventStore& operator=(const EventStore&) = delete;

    // Queues one record; returns its number (log sequence number).
    std::uint64_t append(const journal::JournalRecord& record);
    // Runs `then(true)` once record `lsn` and all before it are on disk, or `then(false)` if
    // the disk failed (nothing more is recorded after that; see failed()).
    void whenDurable(std::uint64_t lsn, std::function<void(bool durable)> then);
    // True when changes should be refused for now: too much is waiting for the disk, or
    // the disk failed.
    bool behind() const { return m_failed || m_appended - m_durable > m_options.maxBacklog; }
    bool failed() const { return m_failed; }
    // Starts a new generation: the journal switches files at this point and a copy of
    // `engine` is written as its snapshot in the background.
    void snapshot(const engine::QueueEngine& engine, engine::TimeMs now);
    bool snapshotDue(engine::TimeMs now);
    // Writes and syncs everything appended, waits for a snapshot in progress, stops the
    // threads. Called by the destructor too.
    void close();

    struct Stats {
        std::uint64_t appended = 0, durable = 0, syncs = 0, generation = 0, snapshotsWritten = 0;
    };
    Stats stats() const;
    // Heap bytes of the kept snapshot copy (0 without one): the price of reuseSnapshotCopy.
    std::size_t spareBytes() const;

private:
    struct Item {
        std::string payload;                           // a record, or
        std::unique_ptr<engine::QueueEngine> snapshot; // the start of a new generation
        std::uint64_t lsn = 0;
    };
    EventStore(std::filesystem::path dir, journal::FileSystem& fs,
               std::unique_ptr<journal::FileLock> lock, std::uint64_t generation,
               journal::JournalWriter writer, Post post, StoreOptions options);
    void writerLoop();
    void writeSnapshot(std::uint64_t generation, std::unique_ptr<engine::QueueEngine> copy);
    void onDurable(std::uint64_t lsn, bool ok);

    const std::filesystem::path m_dir;
    journal::FileSystem& m_fs;
    std::unique_ptr<journal::FileLock> m_lock; // on DIR/lock for the store's life
    const Post m_post;
    const StoreOptions m_options;

    // Engine thread.
    std::uint64_t m_appended = 0;
    std::uint64_t m_durable = 0;
    bool m_failed = false;
    std::deque<std::pair<std::uint64_t, std::function<void(bool)>>> m_waiters;
    std::uint64_t m_recordsSinceSnapshot = 0;
    engine::TimeMs m_lastSnapshotAt = 0;

    // Shared with the writer thread.
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<Item> m_queue;
    bool m_stopping = false;
    // The copy of the last snapshot, given back once written (reuseSnapshotCopy).
    std::unique_ptr<engine::QueueEngine> m_spare;
    Stats m_stats;

    // Writer thread (and the snapshot thread it starts).
    std::uint64_t m_generation;
    journal::JournalWriter m_writer;
    std::thread m_snapshotThread;
    std::thread m_writerThread;
};

struct EventStore::Opened {
    std::unique_ptr<EventStore> store;
    engine::QueueEngine engine;
    RecoveryReport report;
};

// File names of generation g.
std::filesystem::path snapshotPath(const std::filesystem::path& dir, std::uint64_t generation);
std::filesystem::path journalPath(const std::filesystem::path& dir, std::uint64_t generation);

} // namespace sluice::store
