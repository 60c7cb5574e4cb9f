// SPDX-License-Identifier: Apache-2.0
// Cluster mode's deterministic half without Redis: the log entry codec, and ReplicatedRoom
// applying one log on two nodes' copies — equal digests at every position, ticks only from
// the current leader, a retried key answered with the first outcome, abandonment decided by
// seen entries, and what a node's local reads may and may not change.
#include "cluster/log_entry.h"
#include "cluster/replicated_room.h"
#include "replicated_fixtures.h"

#include <QTest>

using namespace sluice;
using cluster::EntryKind;
using cluster::LogEntry;
using test::kOpening;
using test::kSecond;
using test::Node;

namespace {

LogEntry entry(EntryKind kind, engine::TimeMs now, std::string origin = "a") {
    LogEntry e;
    e.kind = kind;
    e.now = now;
    e.origin = std::move(origin);
    return e;
}

// A node's copy: its room and the log applied to it.
} // namespace

class TstReplicatedRoom : public QObject {
    Q_OBJECT
private slots:
    void entriesRoundTripAndGarbageIsRefused() {
        LogEntry e = entry(EntryKind::Configure, kOpening, "node-2");
        e.idempotencyKey = "k-1";
        e.request = 99;
        e.operatorName = "ana";
        e.change.admissionRatePerMinute = 4000;
        const std::string bytes = cluster::encodeEntry(e);
        auto back = cluster::decodeEntry(bytes);
        QVERIFY(back.isOk());
        QCOMPARE(back.value().operatorName, std::string("ana"));
        QCOMPARE(back.value().change.admissionRatePerMinute, std::optional<int>(4000));
        QCOMPARE(back.value().request, std::uint64_t{99});
        QCOMPARE(cluster::encodeEntry(back.value()), bytes);
        QVERIFY(!cluster::decodeEntry(bytes.substr(0, bytes.size() - 1)).isOk());
        QVERIFY(!cluster::decodeEntry(bytes + "x").isOk());
        QVERIFY(!cluster::decodeEntry("").isOk());
        std::string wrongKind = bytes;
        wrongKind[1] = 42;
        QVERIFY(!cluster::decodeEntry(wrongKind).isOk());
        LogEntry seen = entry(EntryKind::Seen, kOpening);
        seen.seen = {3, 1, 4};
        std::string huge = cluster::encodeEntry(seen);
        huge[huge.size() - 12 - 1] = '\x7f'; // the count's top byte: far more than the bytes
        QVERIFY(!cluster::decodeEntry(huge).isOk());
    }

    void twoCopiesOfOneLogAgreeAtEveryPosition() {
        Node a, b;
        std::vector<LogEntry> log;
        LogEntry lead = entry(EntryKind::Leader, kOpening, "a");
        lead.epoch = 1;
        log.push_back(lead);
        for (int i = 0; i < 50; ++i) {
            log.push_back(entry(EntryKind::Join, kOpening + i * 100, i % 2 ? "a" : "b"));
            if (i % 10 == 9) {
                LogEntry tick = entry(EntryKind::Tick, kOpening + i * 100 + 50, "a");
                tick.epoch = 1;
                log.push_back(tick);
            }
        }
        for (const LogEntry& e : log) {
            const auto fromA = a.apply(e);
            const auto fromB = b.apply(e);
            QCOMPARE(fromA.seq, fromB.seq);
            if (fromA.joined) {
                QCOMPARE(fromA.joined->ticket, fromB.joined->ticket); // one ticket everywhere
            }
            QCOMPARE(a.copy.digest(), b.copy.digest());
            QCOMPARE(a.copy.chain(), b.copy.chain());
        }
        QVERIFY(a.room.engine().activeSessions() + a.room.engine().admittedUnclaimed() > 0);
        // Polls answered locally (peek) and rejected tickets change neither copy's digest.
        const std::uint64_t before = a.copy.digest();
        QVERIFY(a.room.peek(kOpening + 20 * kSecond, "not-a-ticket").status().code() !=
                engine::Status::Code::Ok);
        QVERIFY(a.room.checkToken(kOpening, "forged").status().code() != engine::Status::Code::Ok);
        QCOMPARE(a.copy.digest(), before);
    }

    void onlyTheCurrentLeadersTicksAdmit() {
        Node n;
        for (int i = 0; i < 5; ++i) {
            n.apply(entry(EntryKind::Join, kOpening));
        }
        LogEntry tick = entry(EntryKind::Tick, kOpening + 10 * kSecond, "a");
        tick.epoch = 1;
        n.apply(tick); // no leader yet: skipped
        QCOMPARE(n.room.engine().waitingCount(), std::uint64_t{5});
        LogEntry lead = entry(EntryKind::Leader, kOpening, "a");
        lead.epoch = 2;
        n.apply(lead);
        n.apply(tick); // epoch 1 is not the leader's
        QCOMPARE(n.room.engine().waitingCount(), std::uint64_t{5});
        LogEntry imposter = tick;
        imposter.epoch = 2;
        imposter.origin = "b"; // the right epoch from another node
        n.apply(imposter);
        QCOMPARE(n.room.engine().waitingCount(), std::uint64_t{5});
        QCOMPARE(n.copy.staleTicks(), std::uint64_t{3});
        LogEntry good = tick;
        good.epoch = 2;
        n.apply(good); // the first tick of a leader only starts the clock
        good.now += kSecond;
        n.apply(good);
        QVERIFY(n.room.engine().waitingCount() < 5);
        LogEntry older = entry(EntryKind::Leader, kOpening, "b");
        older.epoch = 1; // a late leader entry of a past epoch changes nothing
        n.apply(older);
        QCOMPARE(n.copy.leader(), std::string("a"));
        QCOMPARE(n.copy.epoch(), std::uint64_t{2});
    }

    void aRetriedKeyGetsTheFirstOutcome() {
        Node n;
        LogEntry join = entry(EntryKind::Join, kOpening, "a");
        join.idempotencyKey = "same";
        const auto first = n.apply(join);
        QVERIFY(first.status.isOk());
        join.origin = "b"; // the retry reached another node
        const auto again = n.apply(join);
        QVERIFY(again.repeated);
        QCOMPARE(again.seq, first.seq);
        QCOMPARE(again.joined->ticket, first.joined->ticket);
        QCOMPARE(n.room.engine().ticketCount(), std::uint32_t{1});
        join.idempotencyKey = "other";
        QVERIFY(n.apply(join).seq != first.seq);

        LogEntry change = entry(EntryKind::Configure, kOpening, "a");
        change.idempotencyKey = "rate";
        change.operatorName = "ana";
        change.change.admissionRatePerMinute = 1234;
        const auto made = n.apply(change);
        QCOMPARE(made.audit.size(), std::size_t{1});
        const auto repeat = n.apply(change);
        QCOMPARE(repeat.audit.size(), std::size_t{1}); // the first change's entries
        QCOMPARE(n.room.engine().audit().size(), std::size_t{1});
    }

    void forgottenKeysAreForgottenInLogOrder() {
        room::WaitingRoom room = test::makeRoom();
        cluster::ReplicatedRoom copy(room, 2);
        auto apply = [&copy](const std::string& key) {
            LogEntry e = entry(EntryKind::Join, kOpening);
            e.idempotencyKey = key;
            return copy.apply("1-1", cluster::encodeEntry(e), e);
        };
        const auto k1 = apply("k1");
        apply("k2");
        apply("k3"); // k1 is the oldest of three: forgotten
        QVERIFY(!apply("k1").repeated);
        QVERIFY(apply("k3").repeated);
        QVERIFY(k1.status.isOk());
    }

    void seenEntriesDecideAbandonment() {
        Node n;
        const auto kept = n.apply(entry(EntryKind::Join, kOpening));
        const auto silent = n.apply(entry(EntryKind::Join, kOpening));
        // Idle timeout 120 s: only `kept` is seen in between.
        for (int s = 60; s <= 240; s += 60) {
            LogEntry seen = entry(EntryKind::Seen, kOpening + s * kSecond);
            seen.seen = {kept.seq};
            n.apply(seen);
        }
        LogEntry seen = entry(EntryKind::Seen, kOpening + 250 * kSecond);
        seen.seen = {silent.seq, 999'999}; // a seq no node has: ignored
        n.apply(seen);
        QCOMPARE(n.room.engine().state(kept.seq), engine::TicketState::Waiting);
        QCOMPARE(n.room.engine().state(silent.seq), engine::TicketState::Abandoned);
    }
};

QTEST_APPLESS_MAIN(TstReplicatedRoom)
#include "tst_replicated_room.moc"
