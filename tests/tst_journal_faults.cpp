// SPDX-License-Identifier: Apache-2.0
// The journal on a failing disk (a file system that fails on command, over the real one):
// a write that fails, an fdatasync that fails, a disk that fills up part-way through a write.
// Each time the store stops taking changes for good (failed(), behind(): sluiced answers
// 503 + Retry-After and /readyz 503), refuses what was not yet durable and everything after,
// and, reopened on the real file system, has every record it acknowledged and none it
// refused was acknowledged. Recovery that cannot read a file (an I/O error, a read that ends
// early) stops with an error naming the file, and cuts nothing off it.
#include "faulty_file_system.h"
#include "journal/journal_file.h"
#include "store_fixtures.h"

#include <QTemporaryDir>
#include <QTest>
#include <set>

using namespace sluice::engine;
using namespace sluice::store;
using namespace sluice::test;
namespace fs = std::filesystem;

namespace {

// People joining a store's engine, one journal record each, and what the store then said
// about each of them: acknowledged (durable) or refused.
class Joins {
public:
    Joins(EventStore& store, QueueEngine& live, Inbox& inbox)
        : m_store(store), m_live(live), m_inbox(inbox) {}

    // `count` people join; returns once the store has answered for every one of them.
    void join(int count) {
        for (int i = 0; i < count; ++i) {
            auto view = m_live.join(m_now += kSecond);
            QVERIFY(view.isOk());
            const TicketSeq seq = view->seq;
            sluice::journal::JournalRecord r;
            r.command = sluice::journal::Command::Join;
            r.seq = seq;
            auto kept = m_filter.keep(std::move(r), m_live);
            QVERIFY(kept.has_value());
            m_store.whenDurable(m_store.append(*kept), [this, seq](bool durable) {
                // Answered once, never both ways.
                QVERIFY(!acknowledged.contains(seq) && !refused.contains(seq));
                (durable ? acknowledged : refused).insert(seq);
            });
        }
        QTRY_VERIFY_WITH_TIMEOUT((m_inbox.run(), answered() == m_live.ticketCount()), 10'000);
    }
    std::size_t answered() const { return acknowledged.size() + refused.size(); }

    std::set<TicketSeq> acknowledged, refused;

private:
    EventStore& m_store;
    QueueEngine& m_live;
    Inbox& m_inbox;
    sluice::journal::JournalFilter m_filter;
    TimeMs m_now = kStoreStart;
};

} // namespace

class TstJournalFaults : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    fs::path dir(const QString& name) const { return fs::path(m_dir.filePath(name).toStdString()); }

    // 30 people join on a working disk, `fail` breaks it, 10 more join and are refused, and
    // every later change is refused too, even once the disk works again. Then the store is
    // reopened on the real file system: what it acknowledged is all there, the rest is not.
    // `tornBytes`: what the reopening is to cut off the journal's end.
    void failAfterThirty(const fs::path& where, const std::function<void(FaultyFileSystem&)>& fail,
                         std::uint64_t tornBytes) {
        FaultyFileSystem disk;
        Inbox inbox;
        StoreOptions options;
        options.fileSystem = &disk;
        auto opened = EventStore::open(where, freshStoreEngine(), inbox.post(), options);
        QVERIFY2(opened.isOk(), opened.status().message().c_str());
        EventStore& store = *opened.value().store;
        QueueEngine live = std::move(opened.value().engine);
        live.recordAbandonments(true);
        Joins joins(store, live, inbox);
        for (int round = 0; round < 3; ++round) {
            joins.join(10); // three group commits that go through
        }
        QCOMPARE(joins.acknowledged.size(), std::size_t{30});
        QVERIFY(!store.behind());

        fail(disk);
        joins.join(10);
        QCOMPARE(joins.acknowledged.size(), std::size_t{30});
        QCOMPARE(joins.refused.size(), std::size_t{10});
        // What sluiced asks before every change (503 + Retry-After) and on /readyz.
        QVERIFY(store.failed());
        QVERIFY(store.behind());

        // A disk that works again changes nothing: what the failed journal holds is not
        // known, so nothing more is appended to it and nothing more is acknowledged.
        disk.heal();
        joins.join(5); // answered at once: the store knows it failed
        QCOMPARE(joins.acknowledged.size(), std::size_t{30});
        QCOMPARE(joins.refused.size(), std::size_t{15});
        QVERIFY(store.failed());
        opened.value().store.reset();

        Inbox again;
        auto reopened = EventStore::open(where, freshStoreEngine(), again.post());
        QVERIFY2(reopened.isOk(), reopened.status().message().c_str());
        const QueueEngine& recovered = reopened.value().engine;
        for (const TicketSeq seq : joins.acknowledged) {
            QVERIFY2(recovered.hasTicket(seq),
                     ("acknowledged ticket " + std::to_string(seq) + " was lost").c_str());
        }
        // The refused joins did not reach the disk (the failing write or sync kept them off).
        QCOMPARE(recovered.ticketCount(), std::uint32_t{30});
        QCOMPARE(reopened.value().report.tornBytes, tornBytes);
    }

    // A store closed cleanly with 30 people in its journal.
    void writeThirty(const fs::path& where) {
        Inbox inbox;
        auto opened = EventStore::open(where, freshStoreEngine(), inbox.post());
        QVERIFY(opened.isOk());
        QueueEngine live = std::move(opened.value().engine);
        live.recordAbandonments(true);
        Joins joins(*opened.value().store, live, inbox);
        joins.join(30);
        QCOMPARE(joins.acknowledged.size(), std::size_t{30});
    }

    // Recovery on the real file system finds all 30 (a failed recovery cut nothing off).
    void allThirtyAreStillThere(const fs::path& where) {
        Inbox inbox;
        auto reopened = EventStore::open(where, freshStoreEngine(), inbox.post());
        QVERIFY2(reopened.isOk(), reopened.status().message().c_str());
        QCOMPARE(reopened.value().engine.ticketCount(), std::uint32_t{30});
        QCOMPARE(reopened.value().report.tornBytes, std::uint64_t{0});
    }

    // A store of 30 people, reopened on a disk that `fail` breaks: refused with a message
    // naming `file` and saying `why`; then, on the real disk, all 30 are still there.
    void recoveryIsRefused(const fs::path& where,
                           const std::function<void(FaultyFileSystem&)>& fail,
                           const std::string& file, const std::string& why) {
        writeThirty(where);
        FaultyFileSystem disk;
        fail(disk);
        StoreOptions options;
        options.fileSystem = &disk;
        Inbox inbox;
        auto refused = EventStore::open(where, freshStoreEngine(), inbox.post(), options);
        QVERIFY(!refused.isOk());
        const std::string& message = refused.status().message();
        QVERIFY2(message.find(file) != std::string::npos, message.c_str());
        QVERIFY2(message.find(why) != std::string::npos, message.c_str());
        allThirtyAreStillThere(where);
    }

private slots:
    void failedWriteRefusesEveryLaterChange() {
        failAfterThirty(
            dir("write"), [](FaultyFileSystem& disk) { disk.failWritesAfter("journal-", 0, EIO); },
            std::uint64_t{0});
    }

    void failedSyncRefusesEveryLaterChange() {
        // The failing fdatasync also loses the pages it did not sync.
        failAfterThirty(
            dir("sync"), [](FaultyFileSystem& disk) { disk.failSyncs("journal-", EIO); },
            std::uint64_t{0});
    }

    void diskFullPartWayThroughAWrite() {
        // 13 bytes of the next batch fit: a length, a checksum and 5 bytes of a record.
        failAfterThirty(
            dir("full"),
            [](FaultyFileSystem& disk) { disk.failWritesAfter("journal-", 13, ENOSPC); },
            std::uint64_t{13}); // cut off, and the rest is intact
    }

    // After a failed fdatasync the kernel may have dropped the pages and cleared the error:
    // a second sync that succeeds proves nothing, so the writer never tries one.
    void failedSyncIsFinalForTheJournalWriter() {
        FaultyFileSystem disk;
        const fs::path path = dir("writer.journal");
        auto writer = sluice::journal::JournalWriter::open(path, 0, disk);
        QVERIFY(writer.isOk());
        writer.value().append("acknowledged");
        QVERIFY(writer.value().sync().isOk());
        writer.value().append("lost");
        disk.failSyncs("writer", EIO);
        const Status failed = writer.value().sync();
        QVERIFY(!failed.isOk());
        QVERIFY2(failed.message().find("writer.journal") != std::string::npos,
                 failed.message().c_str());
        disk.heal();
        writer.value().append("after");
        QCOMPARE(writer.value().sync().message(), failed.message());
        auto read = sluice::journal::readJournal(path);
        QVERIFY(read.isOk());
        QCOMPARE(read.value().records, std::vector<std::string>{"acknowledged"});
    }

    void unreadableJournalIsNamedAtRecovery() {
        recoveryIsRefused(
            dir("unreadable-journal"),
            [](FaultyFileSystem& disk) { disk.failOpeningForRead("journal-", EIO); },
            "journal-000000000000", std::strerror(EIO));
    }

    void unreadableSnapshotIsNamedAtRecovery() {
        recoveryIsRefused(
            dir("unreadable-snapshot"),
            [](FaultyFileSystem& disk) { disk.failOpeningForRead("snapshot-", EIO); },
            "snapshot-000000000000", std::strerror(EIO));
    }

    // A read that ends before the file does is an error, not a torn tail: taken as one,
    // recovery would cut acknowledged records off the journal.
    void shortReadAtRecoveryIsNamedAndCutsNothing() {
        recoveryIsRefused(
            dir("short-read"), [](FaultyFileSystem& disk) { disk.endReadsAfter("journal-", 100); },
            "journal-000000000000", "short read");
    }
};

QTEST_GUILESS_MAIN(TstJournalFaults)
#include "tst_journal_faults.moc"
