// SPDX-License-Identifier: Apache-2.0
#include "engine_fixtures.h"
#include "room/waiting_room.h"

#include <QTest>

using namespace sluice;
using test::kOpening;
using test::kSecond;

namespace {
tokens::ServerKeys testKeys(std::uint8_t fill) {
    tokens::Ed25519Seed seed{};
    seed.fill(fill);
    tokens::ServerKeys keys{{}, tokens::Ed25519KeyPair::fromSeed(seed).value()};
    keys.ticketKey.fill(fill);
    return keys;
}
room::WaitingRoom makeRoom(std::uint8_t keyFill = 1) {
    return room::WaitingRoom::create(test::launchNight(), testKeys(keyFill), "https://queue.test",
                                     kOpening - 3600 * kSecond)
        .value();
}

// Joins at the opening, is admitted by the first full tick and claims at +2 s.
struct Admission {
    room::JoinResult joined;
    room::ClaimResult claimed;
};
Admission joinAndClaim(room::WaitingRoom& r) {
    auto joined = r.join(kOpening);
    r.engine().tick(kOpening);
    r.engine().tick(kOpening + kSecond);
    auto claimed = r.claim(kOpening + 2 * kSecond, joined->ticket);
    if (!claimed.isOk()) {
        qFatal("claim failed: %s", claimed.status().message().c_str());
    }
    return {joined.value(), claimed.value()};
}
} // namespace

class TstWaitingRoom : public QObject {
    Q_OBJECT
private slots:
    void reconnectWithTheTicketKeepsThePlace();
    void forgedTicketIsRefusedCountedAndChangesNothing();
    void claimTwiceGivesTheSameToken();
    void tokenOpensTheGateUntilCompleted();
    void tokenFromAnotherRoomIsRefused();
};

void TstWaitingRoom::reconnectWithTheTicketKeepsThePlace() {
    room::WaitingRoom r = makeRoom();
    for (int i = 0; i < 10; ++i) {
        QVERIFY(r.join(kOpening + i).isOk());
    }
    auto mine = r.join(kOpening + 20);
    QCOMPARE(mine->view.position, 11u);
    for (int i = 0; i < 5; ++i) { // five reloads, each presents the stored ticket
        auto again = r.status(kOpening + 30 * kSecond + i, mine->ticket);
        QVERIFY(again.isOk());
        QCOMPARE(again->seq, mine->view.seq);
        QCOMPARE(again->position, 11u);
    }
    QCOMPARE(r.engine().ticketCount(), 11u); // no new place was made
}

void TstWaitingRoom::forgedTicketIsRefusedCountedAndChangesNothing() {
    room::WaitingRoom r = makeRoom();
    auto mine = r.join(kOpening);
    std::string forged = mine->ticket;
    forged[10] = forged[10] == 'A' ? 'B' : 'A';
    QVERIFY(!r.status(kOpening + 1, forged).isOk());
    QVERIFY(!r.claim(kOpening + 1, forged).isOk());
    QVERIFY(!r.leave(kOpening + 1, forged).isOk());
    QCOMPARE(r.engine().sampleMetrics(kOpening + 2).ticketRejections, 3u);
    QCOMPARE(r.engine().state(mine->view.seq), engine::TicketState::Waiting);
}

void TstWaitingRoom::claimTwiceGivesTheSameToken() {
    room::WaitingRoom r = makeRoom();
    const Admission first = joinAndClaim(r);
    auto second = r.claim(kOpening + 9 * kSecond, first.joined.ticket);
    QVERIFY(second.isOk());
    QCOMPARE(second->token, first.claimed.token);
    QCOMPARE(r.engine().activeSessions(), 1u);
}

void TstWaitingRoom::tokenOpensTheGateUntilCompleted() {
    room::WaitingRoom r = makeRoom();
    const Admission mine = joinAndClaim(r);
    const std::string& token = mine.claimed.token;
    auto gate = r.checkToken(kOpening + 3 * kSecond, token);
    QVERIFY2(gate.isOk(), gate.status().message().c_str());
    QCOMPARE(gate->sub, std::to_string(mine.joined.view.seq));
    QCOMPARE(gate->exp - gate->iat, 600);
    QVERIFY(r.complete(kOpening + 4 * kSecond, token).isOk());
    QVERIFY(!r.checkToken(kOpening + 5 * kSecond, token).isOk());
    QCOMPARE(r.engine().activeSessions(), 0u);
    // A second completion of the same token is refused (the token is revoked).
    QVERIFY(!r.complete(kOpening + 6 * kSecond, token).isOk());
}

void TstWaitingRoom::tokenFromAnotherRoomIsRefused() {
    room::WaitingRoom a = makeRoom(1);
    room::WaitingRoom b = makeRoom(2);
    const Admission mine = joinAndClaim(a);
    QVERIFY(b.join(kOpening).isOk()); // b has a ticket 0 too
    QVERIFY(!b.checkToken(kOpening + 3 * kSecond, mine.claimed.token).isOk());
    QVERIFY(!b.status(kOpening + 3 * kSecond, mine.joined.ticket).isOk());
}

QTEST_APPLESS_MAIN(TstWaitingRoom)
#include "tst_waiting_room.moc"
