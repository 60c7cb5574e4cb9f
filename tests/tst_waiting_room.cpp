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
        r.join(kOpening + i);
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
    const auto digest = r.engine().digest();
    std::string forged = mine->ticket;
    forged[10] = forged[10] == 'A' ? 'B' : 'A';
    QVERIFY(!r.status(kOpening + 1, forged).isOk());
    QVERIFY(!r.claim(kOpening + 1, forged).isOk());
    QVERIFY(!r.leave(kOpening + 1, forged).isOk());
    QCOMPARE(r.engine().sampleMetrics(kOpening + 2).ticketRejections, 3u);
    QCOMPARE(r.engine().state(mine->view.seq), engine::TicketState::Waiting);
    Q_UNUSED(digest);
}

void TstWaitingRoom::claimTwiceGivesTheSameToken() {
    room::WaitingRoom r = makeRoom();
    auto mine = r.join(kOpening);
    r.engine().tick(kOpening);
    r.engine().tick(kOpening + kSecond);
    auto first = r.claim(kOpening + 2 * kSecond, mine->ticket);
    auto second = r.claim(kOpening + 9 * kSecond, mine->ticket);
    QVERIFY(first.isOk() && second.isOk());
    QCOMPARE(second->token, first->token);
    QCOMPARE(r.engine().activeSessions(), 1u);
}

void TstWaitingRoom::tokenOpensTheGateUntilCompleted() {
    room::WaitingRoom r = makeRoom();
    auto mine = r.join(kOpening);
    r.engine().tick(kOpening);
    r.engine().tick(kOpening + kSecond);
    auto claimed = r.claim(kOpening + 2 * kSecond, mine->ticket);
    auto gate = r.checkToken(kOpening + 3 * kSecond, claimed->token);
    QVERIFY2(gate.isOk(), gate.status().message().c_str());
    QCOMPARE(gate->sub, std::to_string(mine->view.seq));
    QCOMPARE(gate->exp - gate->iat, 600);
    QVERIFY(r.complete(kOpening + 4 * kSecond, claimed->token).isOk());
    QVERIFY(!r.checkToken(kOpening + 5 * kSecond, claimed->token).isOk());
    QCOMPARE(r.engine().activeSessions(), 0u);
    // A second completion of the same token is refused (the token is revoked).
    QVERIFY(!r.complete(kOpening + 6 * kSecond, claimed->token).isOk());
}

void TstWaitingRoom::tokenFromAnotherRoomIsRefused() {
    room::WaitingRoom a = makeRoom(1);
    room::WaitingRoom b = makeRoom(2);
    auto mine = a.join(kOpening);
    a.engine().tick(kOpening);
    a.engine().tick(kOpening + kSecond);
    auto claimed = a.claim(kOpening + 2 * kSecond, mine->ticket);
    b.join(kOpening); // b has a ticket 0 too
    QVERIFY(!b.checkToken(kOpening + 3 * kSecond, claimed->token).isOk());
    QVERIFY(!b.status(kOpening + 3 * kSecond, mine->ticket).isOk());
}

QTEST_APPLESS_MAIN(TstWaitingRoom)
#include "tst_waiting_room.moc"
