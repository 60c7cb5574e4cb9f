// SPDX-License-Identifier: Apache-2.0
// Device binding: a ticket or token bound at join works only with its browser's device
// secret (the HttpOnly cookie). A copy presented without it, or with another browser's, is
// refused at status, leave, claim and the gate, counted as device_mismatch, and changes
// nothing. Unbound tickets (old callers, old tickets) go on as before.
#include "engine_fixtures.h"
#include "room/waiting_room.h"
#include "tokens/device_secret.h"

#include <QTest>

using namespace sluice;
using engine::Status;
using engine::TokenRejection;
using test::kOpening;
using test::kSecond;

namespace {

tokens::ServerKeys testKeys() {
    tokens::Ed25519Seed seed{};
    seed.fill(3);
    tokens::ServerKeys keys{{}, tokens::Ed25519KeyPair::fromSeed(seed).value()};
    keys.ticketKey.fill(3);
    return keys;
}

room::WaitingRoom makeRoom() {
    return room::WaitingRoom::create(test::launchNight(), testKeys(), "https://queue.test",
                                     kOpening - 3600 * kSecond)
        .value();
}

std::uint64_t mismatches(const room::WaitingRoom& r) {
    return r.engine().tokenRejections()[static_cast<std::size_t>(TokenRejection::DeviceMismatch)];
}

// Joins bound to `device` at the opening; admitted by the next full tick.
room::JoinResult joinAdmitted(room::WaitingRoom& r, const std::string& device) {
    auto joined = r.join(kOpening, std::nullopt, device);
    if (!joined.isOk()) {
        qFatal("join failed: %s", joined.status().message().c_str());
    }
    r.engine().tick(kOpening);
    r.engine().tick(kOpening + kSecond);
    return joined.value();
}

} // namespace

class TstDeviceBinding : public QObject {
    Q_OBJECT
private slots:
    void deviceSecretsAreRandomAndStrictlyParsed();
    void boundTicketWorksOnlyWithItsSecret();
    void boundClaimIsRefusedElsewhereAndTheSameTokenComesBack();
    void boundTokenPassesTheGateOnlyWithItsSecret();
    void malformedSecretAtJoinIsRefused();
    void unboundTicketNeedsNoSecret();
};

void TstDeviceBinding::deviceSecretsAreRandomAndStrictlyParsed() {
    const std::string a = tokens::newDeviceSecret();
    const std::string b = tokens::newDeviceSecret();
    QCOMPARE(a.size(), tokens::kDeviceSecretLength);
    QVERIFY(a != b);
    QVERIFY(tokens::deviceHashOf(a).has_value());
    QVERIFY(tokens::deviceHashOf(a) != tokens::deviceHashOf(b));
    QVERIFY(!tokens::deviceHashOf("").has_value());
    QVERIFY(!tokens::deviceHashOf(a.substr(1)).has_value());
    QVERIFY(!tokens::deviceHashOf(a + "A").has_value());
    QVERIFY(!tokens::deviceHashOf(std::string(42, 'A') + "!").has_value());
}

void TstDeviceBinding::boundTicketWorksOnlyWithItsSecret() {
    room::WaitingRoom r = makeRoom();
    const std::string mine = tokens::newDeviceSecret();
    const std::string theirs = tokens::newDeviceSecret();
    auto joined = r.join(kOpening + 5, std::nullopt, mine);
    QVERIFY(joined.isOk());
    const std::string& ticket = joined->ticket;
    QCOMPARE(ticket.size(), tokens::TicketCodec::kBoundEncodedLength);

    auto seen = r.status(kOpening + kSecond, ticket, mine);
    QVERIFY2(seen.isOk(), seen.status().message().c_str());
    QCOMPARE(seen->seq, joined->view.seq);

    // The ticket copied into another browser: no cookie, or that browser's own cookie.
    for (const std::string& presented : {std::string(), theirs, std::string("not-a-secret")}) {
        auto copy = r.status(kOpening + kSecond, ticket, presented);
        QCOMPARE(copy.status().code(), Status::Code::PermissionDenied);
        QVERIFY(copy.status().message().find("another browser") != std::string::npos);
        QCOMPARE(r.leave(kOpening + kSecond, ticket, presented).status().code(),
                 Status::Code::PermissionDenied);
    }
    QCOMPARE(mismatches(r), 6u);
    QCOMPARE(r.engine().sampleMetrics(kOpening + kSecond).ticketRejections, 0u); // not forgeries
    QCOMPARE(r.engine().state(joined->view.seq), engine::TicketState::Waiting);  // still there

    auto left = r.leave(kOpening + 2 * kSecond, ticket, mine);
    QVERIFY(left.isOk());
    QCOMPARE(r.engine().state(joined->view.seq), engine::TicketState::Left);
}

void TstDeviceBinding::boundClaimIsRefusedElsewhereAndTheSameTokenComesBack() {
    room::WaitingRoom r = makeRoom();
    const std::string mine = tokens::newDeviceSecret();
    const room::JoinResult joined = joinAdmitted(r, mine);

    auto stolen = r.claim(kOpening + 2 * kSecond, joined.ticket);
    QCOMPARE(stolen.status().code(), Status::Code::PermissionDenied);
    QCOMPARE(mismatches(r), 1u);
    QCOMPARE(r.engine().activeSessions(), 0u); // the copy claimed nothing

    auto claimed = r.claim(kOpening + 3 * kSecond, joined.ticket, mine);
    QVERIFY2(claimed.isOk(), claimed.status().message().c_str());
    auto reload = r.claim(kOpening + 4 * kSecond, joined.ticket, mine);
    QVERIFY(reload.isOk());
    QCOMPARE(reload->token, claimed->token); // deterministic, binding included
    QVERIFY(!reload->firstClaim);
    // And a copy cannot fetch the token after the owner claimed it.
    QCOMPARE(
        r.claim(kOpening + 5 * kSecond, joined.ticket, tokens::newDeviceSecret()).status().code(),
        Status::Code::PermissionDenied);
}

void TstDeviceBinding::boundTokenPassesTheGateOnlyWithItsSecret() {
    room::WaitingRoom r = makeRoom();
    const std::string mine = tokens::newDeviceSecret();
    const room::JoinResult joined = joinAdmitted(r, mine);
    auto claimed = r.claim(kOpening + 2 * kSecond, joined.ticket, mine);
    QVERIFY(claimed.isOk());
    const std::string& token = claimed->token;

    auto gate = r.checkToken(kOpening + 3 * kSecond, token, mine);
    QVERIFY2(gate.isOk(), gate.status().message().c_str());
    QCOMPARE(gate->device, tokens::deviceHashOf(mine));

    // The token copied into six fresh browser contexts (the outside review's test).
    for (int i = 0; i < 6; ++i) {
        const std::string presented = i == 0 ? std::string() : tokens::newDeviceSecret();
        auto copy = r.checkToken(kOpening + 3 * kSecond, token, presented);
        QCOMPARE(copy.status().code(), Status::Code::PermissionDenied);
    }
    QCOMPARE(mismatches(r), 6u);
    // A copy cannot end the owner's session either.
    QCOMPARE(r.complete(kOpening + 4 * kSecond, token).status().code(),
             Status::Code::PermissionDenied);
    QCOMPARE(r.engine().activeSessions(), 1u);
    QVERIFY(r.complete(kOpening + 5 * kSecond, token, mine).isOk());
    QCOMPARE(r.engine().activeSessions(), 0u);
}

void TstDeviceBinding::malformedSecretAtJoinIsRefused() {
    room::WaitingRoom r = makeRoom();
    auto joined = r.join(kOpening, std::nullopt, "short");
    QCOMPARE(joined.status().code(), Status::Code::InvalidArgument);
    QCOMPARE(r.engine().ticketCount(), 0u);
}

void TstDeviceBinding::unboundTicketNeedsNoSecret() {
    room::WaitingRoom r = makeRoom();
    auto joined = r.join(kOpening);
    QVERIFY(joined.isOk());
    QCOMPARE(joined->ticket.size(), tokens::TicketCodec::kEncodedLength);
    r.engine().tick(kOpening);
    r.engine().tick(kOpening + kSecond);
    // Any presented secret is ignored for an unbound ticket or token: nothing to match.
    QVERIFY(r.status(kOpening + kSecond, joined->ticket, tokens::newDeviceSecret()).isOk());
    auto claimed = r.claim(kOpening + 2 * kSecond, joined->ticket);
    QVERIFY(claimed.isOk());
    auto gate = r.checkToken(kOpening + 3 * kSecond, claimed->token);
    QVERIFY(gate.isOk());
    QVERIFY(!gate->device.has_value());
    QVERIFY(claimed->token.find(".") != std::string::npos);
    QCOMPARE(mismatches(r), 0u);
}

QTEST_APPLESS_MAIN(TstDeviceBinding)
#include "tst_device_binding.moc"
