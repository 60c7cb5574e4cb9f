// SPDX-License-Identifier: Apache-2.0
#include "event_store.h"

#include "journal/snapshot_file.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace sluice::store {
namespace {

using engine::Result;
using engine::Status;

std::filesystem::path generationPath(const std::filesystem::path& dir, const char* prefix,
                                     std::uint64_t generation) {
    char name[64];
    std::snprintf(name, sizeof name, "%s-%012llu", prefix,
                  static_cast<unsigned long long>(generation));
    return dir / name;
}

// The generations among `names` under `prefix` ("snapshot", "journal"), in order.
std::vector<std::uint64_t> generations(const std::vector<std::string>& names,
                                       const std::string& prefix) {
    std::vector<std::uint64_t> out;
    for (const std::string& name : names) {
        if (name.size() != prefix.size() + 13 || name.compare(0, prefix.size(), prefix) != 0 ||
            name[prefix.size()] != '-') {
            continue;
        }
        const std::string digits = name.substr(prefix.size() + 1);
        if (digits.find_first_not_of("0123456789") == std::string::npos) {
            out.push_back(std::stoull(digits));
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Files of generations before `keep` are no longer needed once `keep`'s snapshot is durable.
// Best effort: a file left behind is removed at the next opening, and recovery ignores
// generations older than the snapshot it starts from.
void removeBefore(journal::FileSystem& fs, const std::filesystem::path& dir, std::uint64_t keep) {
    auto names = fs.children(dir);
    if (!names.isOk()) {
        return;
    }
    for (const char* prefix : {"snapshot", "journal"}) {
        for (std::uint64_t g : generations(names.value(), prefix)) {
            if (g < keep) {
                (void)fs.remove(generationPath(dir, prefix, g)); // best effort, as above
            }
        }
    }
    (void)fs.syncDirectory(dir); // best effort, as above
}

} // namespace

std::filesystem::path snapshotPath(const std::filesystem::path& dir, std::uint64_t generation) {
    return generationPath(dir, "snapshot", generation);
}

std::filesystem::path journalPath(const std::filesystem::path& dir, std::uint64_t generation) {
    return generationPath(dir, "journal", generation);
}

Result<EventStore::Opened> EventStore::open(const std::filesystem::path& dir,
                                            const MakeEngine& makeFresh, Post post,
                                            StoreOptions options) {
    journal::FileSystem& fs =
        options.fileSystem != nullptr ? *options.fileSystem : journal::posixFileSystem();
    if (Status s = fs.createDirectories(dir); !s.isOk()) {
        return s;
    }
    // One process per directory: a second one appending to the same journal would corrupt it.
    // The lock goes with the process, SIGKILL included.
    auto lock = fs.lock(dir / "lock");
    if (!lock.isOk()) {
        if (lock.status().code() == Status::Code::FailedPrecondition) {
            return Status::ioError(dir.string() +
                                   " is in use by another sluiced (its lock is held)");
        }
        return lock.status();
    }
    auto listed = fs.children(dir);
    if (!listed.isOk()) {
        return listed.status();
    }
    std::vector<std::string> names;
    for (std::string& name : listed.value()) {
        if (std::filesystem::path(name).extension() == ".tmp") {
            // A snapshot a crash interrupted; best effort: it is never read, only in the way.
            (void)fs.remove(dir / name);
        } else {
            names.push_back(std::move(name));
        }
    }
    RecoveryReport report;
    const std::vector<std::uint64_t> snapshots = generations(names, "snapshot");
    const std::vector<std::uint64_t> journals = generations(names, "journal");
    std::optional<engine::QueueEngine> engine;
    std::uint64_t base = 0;
    if (snapshots.empty()) {
        if (!journals.empty()) {
            return Status::ioError(dir.string() + " holds journals but no snapshot to start "
                                                  "them from: refusing to guess");
        }
        auto fresh = makeFresh();
        if (!fresh.isOk()) {
            return fresh.status();
        }
        if (Status s =
                journal::writeSnapshotFile(snapshotPath(dir, 0), fresh.value().saveState(), fs);
            !s.isOk()) {
            return s;
        }
        engine = std::move(fresh).value();
        report.fresh = true;
    } else {
        // The newest snapshot that reads back whole; a damaged newer one is reported.
        for (auto g = snapshots.rbegin(); g != snapshots.rend() && !engine; ++g) {
            auto body = journal::readSnapshotFile(snapshotPath(dir, *g), fs);
            auto restored = body.isOk() ? engine::QueueEngine::restoreState(body.value())
                                        : Result<engine::QueueEngine>(body.status());
            if (restored.isOk()) {
                engine = std::move(restored).value();
                base = *g;
            } else {
                report.skippedSnapshots += restored.status().message() + "\n";
            }
        }
        if (!engine) {
            return Status::ioError("no readable snapshot in " + dir.string() + ":\n" +
                                   report.skippedSnapshots);
        }
    }
    report.snapshot = base;

    // Replay generations base, base+1, … in order; only the last may end torn.
    std::vector<std::uint64_t> replay;
    std::copy_if(journals.begin(), journals.end(), std::back_inserter(replay),
                 [base](std::uint64_t g) { return g >= base; });
    for (std::size_t i = 0; i < replay.size(); ++i) {
        if (replay[i] != base + i) {
            return Status::ioError(journalPath(dir, base + i).string() +
                                   " is missing: the journals after the snapshot have a gap");
        }
    }
    std::uint64_t last = base;
    std::uint64_t validBytes = 0;
    for (std::size_t i = 0; i < replay.size(); ++i) {
        const auto path = journalPath(dir, replay[i]);
        auto read = journal::readJournal(path, fs);
        if (!read.isOk()) {
            return read.status();
        }
        const bool isLast = i + 1 == replay.size();
        if (read->tornTail && !isLast) {
            return Status::ioError(path.string() + " is damaged at byte " +
                                   std::to_string(read->validBytes) +
                                   " and later journals follow it: refusing to guess");
        }
        for (std::size_t k = 0; k < read->records.size(); ++k) {
            auto record = journal::decodeRecord(read->records[k]);
            Status s =
                record.isOk() ? journal::replayRecord(*engine, record.value()) : record.status();
            if (!s.isOk()) {
                return Status::ioError(path.string() + ", record " + std::to_string(k + 1) + ": " +
                                       s.message());
            }
            ++report.replayed;
        }
        last = replay[i];
        validBytes = read->validBytes;
        if (isLast && read->tornTail) {
            report.tornBytes = read->fileBytes - read->validBytes;
        }
    }
    auto writer = journal::JournalWriter::open(journalPath(dir, last), validBytes, fs);
    if (!writer.isOk()) {
        return writer.status();
    }
    if (Status s = fs.syncDirectory(dir); !s.isOk()) {
        return s;
    }
    removeBefore(fs, dir, base);
    std::unique_ptr<EventStore> store(new EventStore(dir, fs, std::move(lock).value(), last,
                                                     std::move(writer).value(), std::move(post),
                                                     options));
    store->m_recordsSinceSnapshot = report.replayed;
    return Opened{std::move(store), std::move(*engine), std::move(report)};
}

EventStore::EventStore(std::filesystem::path dir, journal::FileSystem& fs,
                       std::unique_ptr<journal::FileLock> lock, std::uint64_t generation,
                       journal::JournalWriter writer, Post post, StoreOptions options)
    : m_dir(std::move(dir)), m_fs(fs), m_lock(std::move(lock)), m_post(std::move(post)),
      m_options(options), m_generation(generation), m_writer(std::move(writer)) {
    m_stats.generation = generation;
    m_writerThread = std::thread([this] { writerLoop(); });
}

EventStore::~EventStore() {
    close();
}

std::uint64_t EventStore::append(const journal::JournalRecord& record) {
    const std::uint64_t lsn = ++m_appended;
    ++m_recordsSinceSnapshot;
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(Item{journal::encodeRecord(record), nullptr, lsn});
    }
    m_wake.notify_one();
    return lsn;
}

void EventStore::whenDurable(std::uint64_t lsn, std::function<void(bool)> then) {
    if (m_failed) {
        then(false);
    } else if (lsn <= m_durable) {
        then(true);
    } else {
        m_waiters.emplace_back(lsn, std::move(then));
    }
}

void EventStore::onDurable(std::uint64_t lsn, bool ok) {
    if (!ok) {
        m_failed = true;
    } else {
        m_durable = std::max(m_durable, lsn);
    }
    while (!m_waiters.empty() && (m_failed || m_waiters.front().first <= m_durable)) {
        auto then = std::move(m_waiters.front().second);
        m_waiters.pop_front();
        then(!m_failed);
    }
}

bool EventStore::snapshotDue(engine::TimeMs now) {
    if (m_lastSnapshotAt == 0) {
        m_lastSnapshotAt = now;
    }
    return m_recordsSinceSnapshot >= m_options.snapshotEveryRecords ||
           (m_recordsSinceSnapshot > 0 && now - m_lastSnapshotAt >= m_options.snapshotEveryMs);
}

void EventStore::snapshot(const engine::QueueEngine& engine, engine::TimeMs now) {
    m_recordsSinceSnapshot = 0;
    m_lastSnapshotAt = now;
    std::unique_ptr<engine::QueueEngine> copy;
    {
        std::lock_guard lock(m_mutex);
        copy = std::move(m_spare); // none while the last snapshot is still being written
    }
    if (copy) {
        *copy = engine; // into memory it already holds: no allocation, no page faults
    } else {
        copy = std::make_unique<engine::QueueEngine>(engine);
    }
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(Item{{}, std::move(copy), m_appended});
    }
    m_wake.notify_one();
}

void EventStore::writerLoop() {
    for (;;) {
        std::vector<Item> batch;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return !m_queue.empty() || m_stopping; });
            if (m_queue.empty()) {
                return; // stopping, and everything is written
            }
            batch.swap(m_queue);
        }
        Status status;
        std::uint64_t lsn = 0;
        for (Item& item : batch) {
            if (!status.isOk()) {
                break;
            }
            if (!item.snapshot) {
                m_writer.append(item.payload);
                lsn = item.lsn;
                continue;
            }
            // A new generation: what came before is synced into the old journal, what
            // follows goes to a new one, and the snapshot of this moment is written aside.
            status = m_writer.sync();
            if (!status.isOk()) {
                break;
            }
            auto next = journal::JournalWriter::open(journalPath(m_dir, m_generation + 1), 0, m_fs);
            if (!next.isOk()) {
                status = next.status();
                break;
            }
            status = m_fs.syncDirectory(m_dir);
            m_writer = std::move(next).value();
            ++m_generation;
            if (m_snapshotThread.joinable()) {
                m_snapshotThread.join(); // one snapshot at a time
            }
            m_snapshotThread =
                std::thread([this, g = m_generation, copy = std::move(item.snapshot)]() mutable {
                    writeSnapshot(g, std::move(copy));
                });
        }
        if (status.isOk()) {
            status = m_writer.sync();
        }
        {
            std::lock_guard lock(m_mutex);
            m_stats.syncs += 1;
            m_stats.generation = m_generation;
            if (status.isOk() && lsn > 0) {
                m_stats.durable = lsn;
            }
        }
        const bool ok = status.isOk();
        if (!ok) {
            std::fprintf(stderr, "sluiced: the journal failed: %s\n", status.message().c_str());
        }
        if (lsn > 0 || !ok) {
            m_post([this, lsn, ok] { onDurable(lsn, ok); });
        }
        if (!ok) {
            return; // nothing after a failed write can be trusted
        }
    }
}

void EventStore::writeSnapshot(std::uint64_t generation,
                               std::unique_ptr<engine::QueueEngine> copy) {
    const std::string bytes = copy->saveState();
    if (m_options.reuseSnapshotCopy) {
        std::lock_guard lock(m_mutex);
        m_spare = std::move(copy); // for the next snapshot() to copy into
    }
    copy.reset();
    const Status s = journal::writeSnapshotFile(snapshotPath(m_dir, generation), bytes, m_fs);
    if (!s.isOk()) {
        // The journals are still all there: recovery will only take longer.
        std::fprintf(stderr, "sluiced: snapshot %llu not written: %s\n",
                     static_cast<unsigned long long>(generation), s.message().c_str());
        return;
    }
    removeBefore(m_fs, m_dir, generation);
    std::lock_guard lock(m_mutex);
    ++m_stats.snapshotsWritten;
}

void EventStore::close() {
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping) {
            return;
        }
        m_stopping = true;
    }
    m_wake.notify_one();
    if (m_writerThread.joinable()) {
        m_writerThread.join();
    }
    if (m_snapshotThread.joinable()) {
        m_snapshotThread.join();
    }
    m_lock.reset(); // nothing more is written: another process may take over
}

std::size_t EventStore::spareBytes() const {
    std::lock_guard lock(m_mutex);
    return m_spare ? m_spare->memoryBytes() : 0;
}

EventStore::Stats EventStore::stats() const {
    std::lock_guard lock(m_mutex);
    Stats s = m_stats;
    s.appended = m_appended;
    return s;
}

} // namespace sluice::store
