// SPDX-License-Identifier: Apache-2.0
// The proof-of-work difficulty in a cluster's log (issue 16), without Redis: the Difficulty
// entry's bytes (docs/formats.md) and that entries written before it still read as they did;
// ReplicatedRoom applying the changes alike on every node (the first from the writer's
// controls, later ones from the log's, a refused one changing nothing, a retried key answered
// with the first outcome); and a node's snapshot keeping the controls, while one written
// before them (format 2) still restores.
#include "cluster/log_entry.h"
#include "cluster/replicated_room.h"
#include "replicated_fixtures.h"

#include <QTest>

using namespace sluice;
using cluster::EntryKind;
using cluster::LogEntry;
using pow::PowMode;
using test::kOpening;
using test::Node;

namespace {

std::string fromHex(const char* hex) {
    std::string out;
    for (const char* p = hex; *p != '\0';) {
        if (*p == ' ') {
            ++p;
            continue;
        }
        out.push_back(static_cast<char>(std::stoi(std::string(p, 2), nullptr, 16)));
        p += 2;
    }
    return out;
}

// A Difficulty entry by `who` on node `origin`, whose controls were fixed at 4 bits.
LogEntry difficulty(engine::TimeMs now, std::string origin, std::string who, pow::PowChange change,
                    std::string key = {}) {
    LogEntry e;
    e.kind = EntryKind::Difficulty;
    e.now = now;
    e.origin = std::move(origin);
    e.idempotencyKey = std::move(key);
    e.operatorName = std::move(who);
    e.powChange = change;
    e.powBaseMode = PowMode::Fixed;
    e.powBase = pow::DifficultySettings{18, 22, 600, 4};
    return e;
}

pow::PowChange bits(int b) {
    pow::PowChange c;
    c.bits = b;
    return c;
}

// The bytes docs/formats.md shows: node "a", operator "ana", base fixed at 4 bits (floor 18,
// ceiling 22, quiet rate 600), the change "bits 9".
constexpr const char* kDifficultyBytes =
    "02 09 80 33 6C BE 7A 01 00 00 01 00 00 00 61 00 00 00 00 00 00 00 00 00 00 00 00 "
    "03 00 00 00 61 6E 61 01 02 12 16 01 04 00 00 00 00 00 C0 82 40 "
    "00 00 01 09 00 00 00 00 00 00 00 00 00 00 00 00 00";

} // namespace

class TstDifficultyEntry : public QObject {
    Q_OBJECT

private slots:
    void aDifficultyEntryHasTheDocumentedBytes() {
        const LogEntry e = difficulty(kOpening, "a", "ana", bits(9));
        const std::string bytes = cluster::encodeEntry(e);
        QCOMPARE(bytes, fromHex(kDifficultyBytes));
        auto back = cluster::decodeEntry(bytes);
        QVERIFY2(back.isOk(), back.isOk() ? "" : back.status().message().c_str());
        QCOMPARE(back->kind, EntryKind::Difficulty);
        QCOMPARE(back->operatorName, std::string("ana"));
        QCOMPARE(back->powChange, bits(9));
        QCOMPARE(back->powBaseMode, PowMode::Fixed);
        QCOMPARE(back->powBase, (pow::DifficultySettings{18, 22, 600, 4}));
        QCOMPARE(std::string(cluster::nameOf(back->kind)), std::string("difficulty"));
        // Every field given, and none given, read back as written.
        pow::PowChange all;
        all.mode = PowMode::Auto;
        all.bits = 0;
        all.floorBits = 12;
        all.ceilingBits = 32;
        all.quietJoinsPerMinute = 1500.5;
        for (const pow::PowChange& c : {all, pow::PowChange{}}) {
            LogEntry x = difficulty(kOpening, "node-2", "bo", c, "key-1");
            x.powBaseMode = PowMode::Off;
            x.powBase.overrideBits.reset();
            auto read = cluster::decodeEntry(cluster::encodeEntry(x));
            QVERIFY(read.isOk());
            QCOMPARE(read->powChange, c);
            QCOMPARE(read->powBaseMode, PowMode::Off);
            QVERIFY(!read->powBase.overrideBits);
            QCOMPARE(read->idempotencyKey, std::string("key-1"));
        }
    }

    void garbledDifficultyEntriesAreRefused() {
        const std::string good = fromHex(kDifficultyBytes);
        const std::size_t layout = 34; // after the header and the operator's name
        const auto refused = [&good](std::size_t at, char value) {
            std::string bad = good;
            bad[at] = value;
            return !cluster::decodeEntry(bad).isOk();
        };
        QVERIFY(refused(layout, 2));       // a newer layout: refused, not misread
        QVERIFY(refused(layout + 1, 3));   // a base mode that does not exist
        QVERIFY(refused(layout + 2, 33));  // a floor beyond 32 bits
        QVERIFY(refused(layout + 4, 2));   // a flag that is neither 0 nor 1
        QVERIFY(refused(layout + 14, 2));  // the change's mode flag
        QVERIFY(refused(layout + 17, 33)); // the change's bits beyond 32
        QVERIFY(refused(layout + 22, 7));  // the quiet rate's flag
        QVERIFY(!cluster::decodeEntry(good.substr(0, good.size() - 1)).isOk());
        QVERIFY(!cluster::decodeEntry(good + "x").isOk());
    }

    void entriesWrittenBeforeItReadAsTheyDid() {
        // A join (format 2: birth date 1990-01-01, no device, no challenge) and a tick, as
        // sluiced wrote them before Difficulty entries existed: still read, and still written
        // byte for byte the same (a node not yet upgraded reads an upgraded one's entries).
        const std::string join = fromHex("02 01 80 33 6C BE 7A 01 00 00 01 00 00 00 61 00 00 00 "
                                         "00 07 00 00 00 00 00 00 00 01 C5 A6 2F 01 00 00 00 00 "
                                         "00 00 00 00 00");
        auto j = cluster::decodeEntry(join);
        QVERIFY(j.isOk());
        QCOMPARE(j->kind, EntryKind::Join);
        QCOMPARE(j->birthDate, std::optional<int>(19900101));
        QCOMPARE(j->request, std::uint64_t{7});
        QCOMPARE(cluster::encodeEntry(j.value()), join);
        const std::string tick = fromHex("02 06 80 33 6C BE 7A 01 00 00 01 00 00 00 61 00 00 00 "
                                         "00 00 00 00 00 00 00 00 00 03 00 00 00 00 00 00 00");
        auto t = cluster::decodeEntry(tick);
        QVERIFY(t.isOk());
        QCOMPARE(t->epoch, std::uint64_t{3});
        QCOMPARE(cluster::encodeEntry(t.value()), tick);
        // Format 1 (before devices and challenges): the join without its last five bytes.
        std::string old = join.substr(0, join.size() - 5);
        old[0] = 1;
        auto v1 = cluster::decodeEntry(old);
        QVERIFY(v1.isOk());
        QCOMPARE(v1->birthDate, std::optional<int>(19900101));
    }

    void everyNodeComesToTheSameControls() {
        Node a, b;
        // The first change starts from its writer's controls (fixed at 4 bits); the second,
        // written by a node whose flags said otherwise, from the log's.
        LogEntry first = difficulty(kOpening, "a", "ana", bits(9), "k-1");
        pow::PowChange ceiling;
        ceiling.ceilingBits = 26;
        LogEntry second = difficulty(kOpening + 1000, "b", "bo", ceiling);
        second.powBaseMode = PowMode::Off;
        second.powBase = pow::DifficultySettings{};
        for (Node* n : {&a, &b}) {
            QVERIFY(!n->copy.powControls());
            const auto made = n->apply(first);
            QVERIFY(made.status.isOk());
            QCOMPARE(made.audit.size(), std::size_t{1});
            QCOMPARE(made.audit[0].field, std::string("proofOfWork.fixedBits"));
            QCOMPARE(made.audit[0].oldValue, std::string("4"));
            QCOMPARE(made.audit[0].newValue, std::string("9"));
            QVERIFY(n->apply(second).status.isOk());
            const pow::PowControls& c = *n->copy.powControls();
            QCOMPARE(c.mode, PowMode::Fixed);
            QCOMPARE(c.settings.overrideBits, std::optional<int>(9));
            QCOMPARE(c.settings.ceilingBits, 26);
            QCOMPARE(c.audit.size(), std::size_t{2});
            QCOMPARE(n->copy.powChanges(), std::uint64_t{2});
        }
        QCOMPARE(*a.copy.powControls(), *b.copy.powControls());
        QCOMPARE(a.copy.chain(), b.copy.chain());
        // A change that makes no sense with the controls in force is refused and changes
        // nothing: a floor above the ceiling.
        pow::PowChange tooHigh;
        tooHigh.floorBits = 30;
        const auto refused = a.apply(difficulty(kOpening + 2000, "b", "cy", tooHigh));
        QCOMPARE(refused.status.code(), engine::Status::Code::InvalidArgument);
        QCOMPARE(a.copy.powControls()->settings.floorBits, 18);
        QCOMPARE(a.copy.powChanges(), std::uint64_t{2});
        // A retry of the first change (its key): the first outcome, not a change.
        const auto retried = a.apply(first);
        QVERIFY(retried.repeated);
        QCOMPARE(retried.audit.size(), std::size_t{1});
        QCOMPARE(a.copy.powControls()->audit.size(), std::size_t{2});
        QCOMPARE(a.copy.powControls()->settings.overrideBits, std::optional<int>(9));
        // Audit entries are stamped with the room's time, which never goes back: a change
        // written by a node whose clock is behind the last join's.
        LogEntry join;
        join.kind = EntryKind::Join;
        join.now = kOpening + 5000;
        join.origin = "a";
        QVERIFY(b.apply(join).status.isOk());
        const auto late = b.apply(difficulty(kOpening, "b", "dee", bits(10)));
        QVERIFY(late.status.isOk());
        QCOMPARE(late.audit[0].at, kOpening + 5000);
    }

    void aSnapshotKeepsTheControls() {
        Node a;
        const std::string before =
            cluster::ReplicatedRoom::snapshotBody(a.copy.state(), a.room.engine());
        QCOMPARE(static_cast<int>(before[8]), 2); // no controls yet: format 2, as before
        Node old;
        QVERIFY(old.copy.restore(before).isOk());
        QVERIFY(!old.copy.powControls());
        pow::PowChange change;
        change.mode = PowMode::Auto;
        change.floorBits = 6;
        change.quietJoinsPerMinute = 250;
        QVERIFY(a.apply(difficulty(kOpening, "a", "ana", change)).status.isOk());
        const std::string body =
            cluster::ReplicatedRoom::snapshotBody(a.copy.state(), a.room.engine());
        QCOMPARE(static_cast<int>(body[8]), 3);
        Node c;
        QVERIFY(c.copy.restore(body).isOk());
        QVERIFY(c.copy.powControls());
        QCOMPARE(*c.copy.powControls(), *a.copy.powControls());
        QCOMPARE(c.copy.powChanges(), a.copy.powChanges());
        QCOMPARE(c.copy.powControls()->settings.quietJoinsPerMinute, 250.0);
        // A change after the restore goes on from the restored controls.
        QVERIFY(c.apply(difficulty(kOpening + 1000, "a", "bo", bits(12))).status.isOk());
        QCOMPARE(c.copy.powControls()->mode, PowMode::Fixed);
        QCOMPARE(c.copy.powControls()->settings.floorBits, 6);
        QCOMPARE(c.copy.powControls()->audit.size(), std::size_t{6});
        // A snapshot cut inside the controls is refused.
        Node d;
        QVERIFY(!d.copy.restore(body.substr(0, body.size() / 2)).isOk());
    }
};

QTEST_GUILESS_MAIN(TstDifficultyEntry)
#include "tst_difficulty_entry.moc"
