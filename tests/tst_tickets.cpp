// SPDX-License-Identifier: Apache-2.0
#include "engine_fixtures.h"
#include "tokens/base64url.h"
#include "tokens/device_secret.h"
#include "tokens/hmac_sha256.h"
#include "tokens/ticket_codec.h"

#include <QTest>
#include <array>
#include <string>
#include <vector>

using namespace sluice::tokens;
using sluice::engine::TokenRejection;

namespace {
std::array<std::uint8_t, 32> key(std::uint8_t fill) {
    std::array<std::uint8_t, 32> k{};
    k.fill(fill);
    return k;
}
std::span<const std::uint8_t> bytesOf(const std::string& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
} // namespace

class TstTickets : public QObject {
    Q_OBJECT
private slots:
    void base64UrlRoundTrips_data();
    void base64UrlRoundTrips();
    void base64UrlRejectsNonCanonicalInput_data();
    void base64UrlRejectsNonCanonicalInput();
    void hmacMatchesRfc4231AndRestartsCleanly();
    void signedTicketVerifiesToItsClaims();
    void rejectsForgedTicket();
    void rejectsTicketOfAnotherEvent();
    void rejectsMalformedTicket_data();
    void rejectsMalformedTicket();
    void boundTicketCarriesItsDeviceHash();
    void boundTicketCannotBeMadeUnbound();
};

void TstTickets::base64UrlRoundTrips_data() {
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("encoded");
    QTest::newRow("empty") << QByteArray() << "";
    QTest::newRow("f") << QByteArray("f") << "Zg";
    QTest::newRow("fo") << QByteArray("fo") << "Zm8";
    QTest::newRow("foo") << QByteArray("foo") << "Zm9v";
    QTest::newRow("url alphabet") << QByteArray("\xfb\xff\xbf", 3) << "-_-_";
}

void TstTickets::base64UrlRoundTrips() {
    QFETCH(QByteArray, raw);
    QFETCH(QString, encoded);
    const std::string text = raw.toStdString();
    QCOMPARE(QString::fromStdString(base64UrlEncode(std::string_view(text))), encoded);
    const auto back = base64UrlDecode(encoded.toStdString());
    QVERIFY(back.has_value());
    QCOMPARE(
        QByteArray(reinterpret_cast<const char*>(back->data()), static_cast<int>(back->size())),
        raw);
}

void TstTickets::base64UrlRejectsNonCanonicalInput_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("padding") << "Zg==";
    QTest::newRow("standard alphabet +") << "+/+/";
    QTest::newRow("impossible length") << "Zm9vY";
    QTest::newRow("non-zero trailing bits") << "Zh";
    QTest::newRow("space") << "Zm9 v";
}

void TstTickets::base64UrlRejectsNonCanonicalInput() {
    QFETCH(QString, text);
    QVERIFY(!base64UrlDecode(text.toStdString()).has_value());
}

void TstTickets::hmacMatchesRfc4231AndRestartsCleanly() {
    const std::string k = "Jefe";
    const std::string data = "what do ya want for nothing?";
    auto mac = HmacSha256::create(bytesOf(k));
    QVERIFY(mac.has_value());
    const QByteArray expected =
        QByteArray::fromHex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    for (int i = 0; i < 3; ++i) { // the keyed context restarts cleanly each time
        const auto d = mac->compute(bytesOf(data));
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(d.data()), 32), expected);
        mac->compute(bytesOf(std::string("something else")));
    }
    HmacSha256 copy = *mac; // an independent context with the same key
    mac->compute(bytesOf(std::string("the original moves on")));
    const auto d = copy.compute(bytesOf(data));
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(d.data()), 32), expected);
}

void TstTickets::signedTicketVerifiesToItsClaims() {
    auto codec = TicketCodec::create(key(7), "vaccine-53-54");
    QVERIFY(codec.isOk());
    const std::string t = codec.value().sign(123456, 1'626'692'400'123);
    QCOMPARE(t.size(), TicketCodec::kEncodedLength);
    TokenRejection why{};
    auto claims = codec.value().verify(t, why);
    QVERIFY(claims.isOk());
    QCOMPARE(claims->seq, 123456u);
    QCOMPARE(claims->issuedAt, 1'626'692'400'123);
}

void TstTickets::rejectsForgedTicket() {
    auto codec = TicketCodec::create(key(7), "vaccine-53-54");
    std::string t = codec.value().sign(5, 1000);
    // Claim a better place: change the sequence number inside the ticket.
    auto raw = base64UrlDecode(t).value();
    raw[8] = 1;
    const std::string forged = base64UrlEncode(raw);
    TokenRejection why{};
    QVERIFY(!codec.value().verify(forged, why).isOk());
    QCOMPARE(why, TokenRejection::BadSignature);
    // A ticket signed with another key.
    auto stranger = TicketCodec::create(key(8), "vaccine-53-54");
    why = {};
    auto r = codec.value().verify(stranger.value().sign(5, 1000), why);
    QCOMPARE(r.status().code(), sluice::engine::Status::Code::PermissionDenied);
    QCOMPARE(why, TokenRejection::BadSignature);
}

void TstTickets::rejectsTicketOfAnotherEvent() {
    auto here = TicketCodec::create(key(7), "vaccine-53-54");
    auto there = TicketCodec::create(key(7), "vaccine-50-52");
    TokenRejection why{};
    QVERIFY(!here.value().verify(there.value().sign(5, 1000), why).isOk());
    QCOMPARE(why, TokenRejection::WrongEvent);
}

void TstTickets::rejectsMalformedTicket_data() {
    QTest::addColumn<QString>("ticket");
    QTest::newRow("empty") << "";
    QTest::newRow("short") << "AAAA";
    QTest::newRow("long") << QString(43, 'A');
    QTest::newRow("bad characters") << QString(41, 'A') + "!";
    QTest::newRow("wrong version") << QString(42, 'A');
    QTest::newRow("bound length, wrong version") << QString(84, 'A');
    QTest::newRow("between the two lengths") << QString(63, 'A');
}

void TstTickets::rejectsMalformedTicket() {
    QFETCH(QString, ticket);
    auto codec = TicketCodec::create(key(7), "e");
    TokenRejection why{};
    auto r = codec.value().verify(ticket.toStdString(), why);
    QVERIFY(!r.isOk());
    QCOMPARE(why, TokenRejection::Malformed);
    QCOMPARE(r.status().code(), sluice::engine::Status::Code::InvalidArgument);
}

void TstTickets::boundTicketCarriesItsDeviceHash() {
    auto codec = TicketCodec::create(key(7), "vaccine-53-54");
    const std::optional<DeviceHash> device = deviceHashOf(newDeviceSecret());
    QVERIFY(device.has_value());
    const std::string t = codec.value().sign(42, 1'626'692'400'123, device);
    QCOMPARE(t.size(), TicketCodec::kBoundEncodedLength);
    TokenRejection why{};
    auto claims = codec.value().verify(t, why);
    QVERIFY(claims.isOk());
    QCOMPARE(claims->seq, 42u);
    QCOMPARE(claims->issuedAt, 1'626'692'400'123);
    QCOMPARE(claims->device, device);
    // Unbound tickets (version 1, as issued before binding) still verify, with no device.
    auto unbound = codec.value().verify(codec.value().sign(43, 1000), why);
    QVERIFY(unbound.isOk());
    QVERIFY(!unbound->device.has_value());
}

void TstTickets::boundTicketCannotBeMadeUnbound() {
    auto codec = TicketCodec::create(key(7), "vaccine-53-54");
    const std::string t = codec.value().sign(42, 1000, deviceHashOf(newDeviceSecret()));
    auto raw = base64UrlDecode(t).value();
    // Drop the device hash and call it version 1: the MAC covered both.
    std::vector<std::uint8_t> stripped(31);
    std::copy_n(raw.begin(), 15, stripped.begin());
    std::copy_n(raw.end() - 16, 16, stripped.begin() + 15);
    stripped[0] = 1;
    TokenRejection why{};
    QVERIFY(!codec.value().verify(base64UrlEncode(stripped), why).isOk());
    QCOMPARE(why, TokenRejection::BadSignature);
    // Swap in another device's hash.
    const auto other = deviceHashOf(newDeviceSecret()).value();
    std::copy(other.begin(), other.end(), raw.begin() + 15);
    QVERIFY(!codec.value().verify(base64UrlEncode(raw), why).isOk());
    QCOMPARE(why, TokenRejection::BadSignature);
}

QTEST_APPLESS_MAIN(TstTickets)
#include "tst_tickets.moc"
