// SPDX-License-Identifier: Apache-2.0
// The proof of work's replay guard in cluster mode (issue 16): a join's log entry carries its
// challenge id and the device secret; every node's copy refuses a second join with the same
// challenge, whichever node wrote it, and a snapshot keeps what was spent.
#include "cluster/log_entry.h"
#include "cluster/replicated_room.h"
#include "replicated_fixtures.h"
#include "tokens/device_secret.h"

#include <QTest>

using namespace sluice;
using cluster::EntryKind;
using cluster::LogEntry;
using test::kOpening;
using test::kSecond;
using test::Node;

namespace {

LogEntry join(engine::TimeMs now, std::string origin, std::string key,
              std::optional<pow::PowChallenges::ChallengeId> challenge, std::string device = {}) {
    LogEntry e;
    e.kind = EntryKind::Join;
    e.now = now;
    e.origin = std::move(origin);
    e.idempotencyKey = std::move(key);
    e.challenge = challenge;
    e.device = std::move(device);
    return e;
}

} // namespace

class TstReplicatedPow : public QObject {
    Q_OBJECT

private slots:
    void entriesCarryDeviceAndChallenge() {
        const pow::PowChallenges::ChallengeId id{kOpening, {1, 2}};
        const LogEntry e = join(kOpening, "a", "k", id, tokens::newDeviceSecret());
        auto back = cluster::decodeEntry(cluster::encodeEntry(e));
        QVERIFY(back.isOk());
        QCOMPARE(back->device, e.device);
        QVERIFY(back->challenge && *back->challenge == id);
        LogEntry claim;
        claim.kind = EntryKind::Claim;
        claim.credential = "ticket";
        claim.device = e.device;
        auto claimBack = cluster::decodeEntry(cluster::encodeEntry(claim));
        QVERIFY(claimBack.isOk());
        QCOMPARE(claimBack->device, e.device);
        // Format 1 (before this) still reads: no device, no challenge.
        std::string old = cluster::encodeEntry(join(kOpening, "a", "k", std::nullopt));
        old[0] = 1;
        old.resize(old.size() - 1 - 4); // the format-2 tail: empty device text, no challenge
        auto v1 = cluster::decodeEntry(old);
        QVERIFY2(v1.isOk(), v1.isOk() ? "" : v1.status().message().c_str());
        QVERIFY(v1->device.empty() && !v1->challenge);
    }

    void aChallengeBuysOneJoinOnTheWholeCluster() {
        Node a, b;
        const pow::PowChallenges::ChallengeId id{kOpening - 1000, {42, 43}};
        const std::string device = tokens::newDeviceSecret();
        // Node a wrote the first join, node b a second one with the same challenge (another
        // idempotency key: not a retry). Both copies apply both, in log order.
        const LogEntry first = join(kOpening, "a", "key-1", id, device);
        const LogEntry second = join(kOpening + 10, "b", "key-2", id);
        for (Node* n : {&a, &b}) {
            const auto ok = n->apply(first);
            QVERIFY(ok.status.isOk());
            QCOMPARE(ok.joined->ticket.size(), std::size_t{84}); // bound to the device
            const auto refused = n->apply(second);
            QCOMPARE(refused.status.code(), engine::Status::Code::PermissionDenied);
            QCOMPARE(n->copy.reusedChallenges(), std::uint64_t{1});
            QCOMPARE(n->room.engine().waitingCount() + n->room.engine().activeSessions(),
                     std::size_t{1});
        }
        QCOMPARE(a.copy.digest(), b.copy.digest());
        // A retry of the first (same key) is its first outcome, not a refusal.
        QVERIFY(a.apply(first).status.isOk());
        // A fresh challenge joins.
        QVERIFY(a.apply(join(kOpening + 20, "b", "key-3",
                             pow::PowChallenges::ChallengeId{kOpening, {7, 8}}))
                    .status.isOk());
        // The ticket is bound: status without the device secret is refused.
        const std::string ticket = a.apply(first).joined->ticket;
        QVERIFY(room::isDeviceMismatch(a.room.status(kOpening + 30, ticket).status()));
        QVERIFY(a.room.status(kOpening + 30, ticket, device).isOk());
    }

    void aSnapshotKeepsWhatWasSpent() {
        Node a;
        const pow::PowChallenges::ChallengeId id{kOpening - 1000, {5, 6}};
        QVERIFY(a.apply(join(kOpening, "a", "k1", id)).status.isOk());
        const std::string body =
            cluster::ReplicatedRoom::snapshotBody(a.copy.state(), a.room.engine());
        Node c;
        QVERIFY(c.copy.restore(body).isOk());
        QCOMPARE(c.copy.state().spent.size(), std::size_t{1});
        QCOMPARE(c.apply(join(kOpening + 10, "c", "k2", id)).status.code(),
                 engine::Status::Code::PermissionDenied);
        // Five minutes on, the challenge could not verify anyway: the guard forgets it.
        QVERIFY(c.apply(join(kOpening + 10 * 60 * kSecond, "c", "k3",
                             pow::PowChallenges::ChallengeId{kOpening + 10 * 60 * kSecond, {9, 9}}))
                    .status.isOk());
        QCOMPARE(c.copy.state().spent.size(), std::size_t{1});
    }
};

QTEST_GUILESS_MAIN(TstReplicatedPow)
#include "tst_replicated_pow.moc"
