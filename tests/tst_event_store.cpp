// SPDX-License-Identifier: Apache-2.0
// The event store on a real directory: records become durable in order and only then are
// acknowledged; a store reopened after it stopped — cleanly, after snapshots, or with a
// torn last record — rebuilds the live engine exactly; damage it cannot repair stops the
// recovery with a message that names the file; changes are refused while the journal is
// behind.
#include "engine_workload.h"
#include "store_fixtures.h"

#include <QTemporaryDir>
#include <QTest>
#include <fstream>

using namespace sluice::engine;
using namespace sluice::store;
using namespace sluice::test;

namespace {

constexpr TimeMs kStart = kStoreStart;

EventStore::MakeEngine fresh() {
    return freshStoreEngine();
}

} // namespace

class TstEventStore : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    // Runs `count` random commands on `live`, journaling what the server would keep;
    // a snapshot every `snapshotEvery` commands (0: never). Returns the last record's number.
    static std::uint64_t drive(EventStore& store, QueueEngine& live, SplitMix64& rng, TimeMs& now,
                               int count, int snapshotEvery = 0) {
        sluice::journal::JournalFilter filter;
        std::uint64_t lsn = 0;
        for (int i = 1; i <= count; ++i) {
            if (auto r = randomCommand(live, rng, now, filter)) {
                lsn = store.append(*r);
            }
            if (snapshotEvery > 0 && i % snapshotEvery == 0) {
                store.snapshot(live, now);
            }
        }
        return lsn;
    }

    std::filesystem::path dir(const char* name) const {
        return std::filesystem::path(m_dir.path().toStdString()) / name;
    }

private slots:
    void acknowledgesInOrderOnceDurable() {
        Inbox inbox;
        auto opened = EventStore::open(dir("ack"), fresh(), inbox.post());
        QVERIFY2(opened.isOk(), opened.status().message().c_str());
        QVERIFY(opened.value().report.fresh);
        QVERIFY(std::filesystem::exists(snapshotPath(dir("ack"), 0)));
        EventStore& store = *opened.value().store;
        QueueEngine live = std::move(opened.value().engine);
        live.recordAbandonments(true);
        SplitMix64 rng(1);
        TimeMs now = kStart;
        std::vector<std::uint64_t> acknowledged;
        std::uint64_t last = 0;
        for (int round = 0; round < 50; ++round) {
            last = drive(store, live, rng, now, 100);
            store.whenDurable(last, [&acknowledged, last](bool durable) {
                QVERIFY(durable);
                acknowledged.push_back(last);
            });
        }
        // Nothing is acknowledged before the writer reports back on the engine thread.
        QVERIFY(acknowledged.empty());
        QTRY_VERIFY_WITH_TIMEOUT((inbox.run(), acknowledged.size() == 50), 10'000);
        QVERIFY(std::is_sorted(acknowledged.begin(), acknowledged.end()));
        QVERIFY(store.stats().syncs < 50 * 100); // grouped, not one sync a record
        // Already durable: at once.
        bool now_ = false;
        store.whenDurable(last, [&now_](bool) { now_ = true; });
        QVERIFY(now_);
    }

    void reopeningRebuildsTheEngine_data() {
        QTest::addColumn<int>("snapshotEvery");
        QTest::addColumn<bool>("tearTheTail");
        QTest::addRow("journal only") << 0 << false;
        QTest::addRow("snapshots") << 3'000 << false;
        QTest::addRow("journal only, torn tail") << 0 << true;
        QTest::addRow("snapshots, torn tail") << 3'000 << true;
    }
    void reopeningRebuildsTheEngine() {
        QFETCH(int, snapshotEvery);
        QFETCH(bool, tearTheTail);
        const auto where = dir(QTest::currentDataTag());
        std::uint64_t digest = 0, waiting = 0, generation = 0;
        {
            Inbox inbox;
            auto opened = EventStore::open(where, fresh(), inbox.post());
            QVERIFY(opened.isOk());
            EventStore& store = *opened.value().store;
            QueueEngine live = std::move(opened.value().engine);
            live.recordAbandonments(true);
            SplitMix64 rng(2);
            TimeMs now = kStart;
            drive(store, live, rng, now, 20'000, snapshotEvery);
            store.close(); // everything written; a crash now loses nothing
            digest = live.digest(false);
            waiting = live.waitingCount();
            generation = store.stats().generation;
            QCOMPARE(generation, snapshotEvery > 0 ? std::uint64_t{20'000 / 3'000} : 0);
            QCOMPARE(store.stats().snapshotsWritten, generation);
        }
        std::uint64_t tornBytes = 0;
        if (tearTheTail) {
            // A crash in the middle of a write: half a record at the end.
            std::ofstream tail(journalPath(where, generation), std::ios::binary | std::ios::app);
            tail.write("\x40\0\0\0\x12\x34", 6);
            tornBytes = 6;
        }
        Inbox inbox;
        auto reopened = EventStore::open(where, fresh(), inbox.post());
        QVERIFY2(reopened.isOk(), reopened.status().message().c_str());
        const RecoveryReport& report = reopened.value().report;
        QVERIFY(!report.fresh);
        QCOMPARE(report.snapshot, generation);
        QCOMPARE(report.tornBytes, tornBytes);
        QVERIFY(report.replayed > 0);
        QCOMPARE(reopened.value().engine.digest(false), digest);
        QCOMPARE(reopened.value().engine.waitingCount(), waiting);
        // Older generations are gone once a newer snapshot stands.
        if (generation > 0) {
            QVERIFY(!std::filesystem::exists(snapshotPath(where, generation - 1)));
            QVERIFY(!std::filesystem::exists(journalPath(where, generation - 1)));
        }
        // Appending after recovery goes on from the cut: a third opening sees both parts.
        EventStore& store = *reopened.value().store;
        QueueEngine live = std::move(reopened.value().engine);
        live.recordAbandonments(true);
        SplitMix64 rng(3);
        TimeMs now = live.lastNow();
        drive(store, live, rng, now, 2'000);
        store.close();
        auto third = EventStore::open(where, fresh(), inbox.post());
        QVERIFY2(third.isOk(), third.status().message().c_str());
        QCOMPARE(third.value().report.tornBytes, std::uint64_t{0});
        QCOMPARE(third.value().engine.digest(false), live.digest(false));
    }

    // Issue 15: the copy of a written snapshot is kept and the next snapshot is copied into
    // it on the loop. The second snapshot, made into the kept copy, must read back as the
    // engine it was taken from; without the option nothing is kept.
    void aKeptSnapshotCopyIsReusedExactly_data() {
        QTest::addColumn<bool>("reuse");
        QTest::addRow("kept") << true;
        QTest::addRow("not kept") << false;
    }
    void aKeptSnapshotCopyIsReusedExactly() {
        QFETCH(bool, reuse);
        const auto where = dir(reuse ? "spare-kept" : "spare-not-kept");
        StoreOptions options;
        options.reuseSnapshotCopy = reuse;
        std::uint64_t digest = 0;
        {
            Inbox inbox;
            auto opened = EventStore::open(where, fresh(), inbox.post(), options);
            QVERIFY(opened.isOk());
            EventStore& store = *opened.value().store;
            QueueEngine live = std::move(opened.value().engine);
            live.recordAbandonments(true);
            SplitMix64 rng(4);
            TimeMs now = kStart;
            drive(store, live, rng, now, 5'000);
            QCOMPARE(store.spareBytes(), std::size_t{0}); // nothing kept before a snapshot
            store.snapshot(live, now);
            QTRY_COMPARE_WITH_TIMEOUT(store.stats().snapshotsWritten, std::uint64_t{1}, 10'000);
            QTRY_VERIFY_WITH_TIMEOUT((store.spareBytes() > 0) == reuse, 10'000);
            // The engine moves on (more tickets than the kept copy holds), then the second
            // snapshot goes into the kept copy.
            drive(store, live, rng, now, 20'000);
            store.snapshot(live, now);
            digest = live.digest(false);
            store.close();
            QCOMPARE(store.stats().snapshotsWritten, std::uint64_t{2});
            QCOMPARE(store.spareBytes() > 0, reuse);
        }
        Inbox inbox;
        auto reopened = EventStore::open(where, fresh(), inbox.post());
        QVERIFY2(reopened.isOk(), reopened.status().message().c_str());
        QCOMPARE(reopened.value().report.snapshot, std::uint64_t{2});
        QCOMPARE(reopened.value().report.replayed, std::uint64_t{0}); // all from the snapshot
        QCOMPARE(reopened.value().engine.digest(false), digest);
    }

    void damageIsCutOrRefusedWithItsName() {
        const auto where = dir("damaged");
        {
            Inbox inbox;
            auto opened = EventStore::open(where, fresh(), inbox.post());
            QVERIFY(opened.isOk());
            QueueEngine live = std::move(opened.value().engine);
            live.recordAbandonments(true);
            SplitMix64 rng(4);
            TimeMs now = kStart;
            drive(*opened.value().store, live, rng, now, 3'000);
        }
        // A flipped byte in the middle of the journal. Like PostgreSQL's WAL replay, recovery
        // ends at the first record that fails its checksum (after a power loss the unsynced
        // tail can hold any mix of old and new pages, so what follows is not evidence), and
        // reports how much it cut off; sluiced logs it as a warning.
        const auto journal = journalPath(where, 0);
        const auto size = std::filesystem::file_size(journal);
        {
            std::fstream f(journal, std::ios::binary | std::ios::in | std::ios::out);
            f.seekp(static_cast<std::streamoff>(size / 2));
            f.put('\xFF');
            f.put('\xFF');
        }
        Inbox inbox;
        auto reopened = EventStore::open(where, fresh(), inbox.post());
        QVERIFY(reopened.isOk());
        QVERIFY(reopened.value().report.tornBytes > size / 3);
        reopened.value().store->close();

        // A snapshot that does not read back, with nothing older: refused, naming it.
        const auto snapshotDir = dir("bad-snapshot");
        {
            Inbox i2;
            auto opened = EventStore::open(snapshotDir, fresh(), i2.post());
            QVERIFY(opened.isOk());
        }
        {
            std::fstream f(snapshotPath(snapshotDir, 0),
                           std::ios::binary | std::ios::in | std::ios::out);
            f.seekp(40);
            f.put('\x5A');
        }
        auto refused = EventStore::open(snapshotDir, fresh(), inbox.post());
        QVERIFY(!refused.isOk());
        QVERIFY2(refused.status().message().find("snapshot-000000000000") != std::string::npos,
                 refused.status().message().c_str());
        QVERIFY(refused.status().message().find("checksum") != std::string::npos);

        // Journals with no snapshot at all: refused rather than starting a new event over them.
        const auto orphan = dir("orphan");
        std::filesystem::create_directories(orphan);
        std::ofstream(journalPath(orphan, 3)) << "SLUICEJ1";
        auto orphaned = EventStore::open(orphan, fresh(), inbox.post());
        QVERIFY(!orphaned.isOk());
        QVERIFY(orphaned.status().message().find("no snapshot") != std::string::npos);
    }

    void aRecordThatDoesNotReplayIsNamed() {
        const auto where = dir("foreign");
        {
            Inbox inbox;
            auto opened = EventStore::open(where, fresh(), inbox.post());
            QVERIFY(opened.isOk());
            // A claim on a ticket that does not exist, recorded as if it had succeeded.
            sluice::journal::JournalRecord r;
            r.command = sluice::journal::Command::Claim;
            r.now = kStart + 1;
            r.seq = 12345;
            opened.value().store->append(r);
        }
        Inbox inbox;
        auto reopened = EventStore::open(where, fresh(), inbox.post());
        QVERIFY(!reopened.isOk());
        QVERIFY2(reopened.status().message().find("journal-000000000000, record 1") !=
                     std::string::npos,
                 reopened.status().message().c_str());
    }

    void oneProcessPerDirectory() {
        Inbox inbox;
        auto first = EventStore::open(dir("locked"), fresh(), inbox.post());
        QVERIFY(first.isOk());
        auto second = EventStore::open(dir("locked"), fresh(), inbox.post());
        QVERIFY(!second.isOk());
        QVERIFY2(second.status().message().find("in use by another sluiced") != std::string::npos,
                 second.status().message().c_str());
        first.value().store.reset(); // the lock goes with the store
        QVERIFY(EventStore::open(dir("locked"), fresh(), inbox.post()).isOk());
    }

    void refusesChangesWhileBehind() {
        Inbox inbox;
        StoreOptions options;
        options.maxBacklog = 2;
        auto opened = EventStore::open(dir("behind"), fresh(), inbox.post(), options);
        QVERIFY(opened.isOk());
        EventStore& store = *opened.value().store;
        QueueEngine live = std::move(opened.value().engine);
        sluice::journal::JournalRecord tick;
        tick.command = sluice::journal::Command::Tick;
        for (int i = 0; i < 3; ++i) {
            tick.now = kStart + i;
            live.tick(tick.now);
            store.append(tick);
        }
        // Three records the engine thread has not heard are on disk: behind.
        QVERIFY(store.behind());
        QTRY_VERIFY_WITH_TIMEOUT((inbox.run(), !store.behind()), 5'000);
        QVERIFY(!store.failed());
    }
};

QTEST_GUILESS_MAIN(TstEventStore)
#include "tst_event_store.moc"
