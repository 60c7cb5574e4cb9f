// SPDX-License-Identifier: Apache-2.0
#include "engine_fixtures.h"
#include "room/waiting_room.h"
#include "tokens/admission_token.h"
#include "tokens/base64url.h"
#include "tokens/device_secret.h"
#include "tokens/hmac_sha256.h"

#include <QTest>
#include <string>

using namespace sluice;
using engine::TokenRejection;
using tokens::AdmissionClaims;

namespace {

constexpr std::int64_t kNow = 1'626'692'400; // seconds

tokens::Ed25519KeyPair keyFrom(std::uint8_t fill) {
    tokens::Ed25519Seed seed{};
    seed.fill(fill);
    return tokens::Ed25519KeyPair::fromSeed(seed).value();
}

AdmissionClaims claims() {
    return AdmissionClaims{"https://queue.test", "17",        "vaccine-53-54",
                           "vaccine-53-54:17",   kNow,        kNow,
                           kNow + 600,           std::nullopt};
}

tokens::AdmissionTokenVerifier verifierFor(const tokens::AdmissionTokenIssuer& issuer) {
    return tokens::AdmissionTokenVerifier(
        tokens::Ed25519Verifier::fromPublicKey(issuer.publicKey()).value(), issuer.keyId(),
        "https://queue.test", "vaccine-53-54");
}

std::string segment(const std::string& json) {
    return tokens::base64UrlEncode(std::string_view(json));
}

std::string part(const std::string& token, int index) {
    std::size_t start = 0;
    for (int i = 0; i < index; ++i) {
        start = token.find('.', start) + 1;
    }
    const std::size_t end = token.find('.', start);
    return token.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// A token with exactly this header and these claims, correctly signed with keyFrom(1).
std::string signedToken(const std::string& header, const std::string& claims) {
    const std::string input = segment(header) + "." + segment(claims);
    return input + "." + tokens::base64UrlEncode(keyFrom(1).sign(input));
}

// The header and claims the issuer writes, by hand (claims left open: the test adds "evt").
std::string handHeader() {
    const std::string kid = tokens::AdmissionTokenIssuer(keyFrom(1)).keyId();
    return R"({"alg":"EdDSA","kid":")" + kid + R"(","typ":"JWT"})";
}
std::string handClaimsWithoutEvt() {
    return R"({"iss":"https://queue.test","sub":"17","jti":"j","iat":)" + std::to_string(kNow) +
           R"(,"nbf":)" + std::to_string(kNow) + R"(,"exp":)" + std::to_string(kNow + 600);
}
const std::string kEvt = R"(,"evt":"vaccine-53-54")";

} // namespace

class TstAdmissionToken : public QObject {
    Q_OBJECT
private slots:
    void issuedTokenVerifies();
    void jwksCarriesThePublicKey();
    void rejectsEachReason_data();
    void rejectsEachReason();
    void rejectsHs256SignedWithThePublicKey();
    void rejectsDuplicateKeysEvenWhenSigned_data();
    void rejectsDuplicateKeysEvenWhenSigned();
    void completedSessionTokenIsRevokedAndCounted();
    void boundTokenCarriesTheDeviceHashInCnf();
    void rejectsMalformedCnf_data();
    void rejectsMalformedCnf();
};

void TstAdmissionToken::issuedTokenVerifies() {
    tokens::AdmissionTokenIssuer issuer(keyFrom(1));
    const std::string token = issuer.issue(claims());
    TokenRejection why{};
    auto verified = verifierFor(issuer).verify(token, kNow + 1, why);
    QVERIFY2(verified.isOk(), verified.status().message().c_str());
    QVERIFY(verified.value() == claims());
    // Deterministic: the same claims give the same token.
    QCOMPARE(issuer.issue(claims()), token);
}

void TstAdmissionToken::jwksCarriesThePublicKey() {
    tokens::AdmissionTokenIssuer issuer(keyFrom(1));
    const std::string jwks = issuer.jwks();
    QVERIFY(jwks.find("\"kty\":\"OKP\"") != std::string::npos);
    QVERIFY(jwks.find("\"crv\":\"Ed25519\"") != std::string::npos);
    QVERIFY(jwks.find(tokens::base64UrlEncode(issuer.publicKey())) != std::string::npos);
    QVERIFY(jwks.find(issuer.keyId()) != std::string::npos);
}

void TstAdmissionToken::rejectsEachReason_data() {
    tokens::AdmissionTokenIssuer issuer(keyFrom(1));
    tokens::AdmissionTokenIssuer stranger(keyFrom(2));
    const std::string good = issuer.issue(claims());
    const std::string header = part(good, 0);
    const std::string sig = part(good, 2);

    QTest::addColumn<QString>("token");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<int>("reason");
    auto row = [](const char* name, const std::string& token, std::int64_t now, TokenRejection r) {
        QTest::newRow(name) << QString::fromStdString(token) << static_cast<qint64>(now)
                            << static_cast<int>(r);
    };
    AdmissionClaims c = claims();
    c.sub = "1"; // a better place, same signature
    row("payload changed", header + "." + segment("{\"sub\":\"1\"}") + "." + sig, kNow,
        TokenRejection::BadSignature);
    row("another key", stranger.issue(claims()), kNow, TokenRejection::BadSignature);
    c = claims();
    c.evt = "vaccine-50-52";
    row("another event", issuer.issue(c), kNow, TokenRejection::WrongEvent);
    c = claims();
    c.iss = "https://elsewhere.test";
    row("another issuer", issuer.issue(c), kNow, TokenRejection::WrongEvent);
    row("expired", good, kNow + 600, TokenRejection::Expired);
    c = claims();
    c.nbf = kNow + 60;
    row("not yet valid", issuer.issue(c), kNow, TokenRejection::NotYetValid);
    row("garbage", "not a token", kNow, TokenRejection::Malformed);
    row("two parts", header + "." + part(good, 1), kNow, TokenRejection::Malformed);
    row("four parts", good + ".x", kNow, TokenRejection::Malformed);
    row("header not json", segment("{alg") + "." + part(good, 1) + "." + sig, kNow,
        TokenRejection::Malformed);
    row("short signature", header + "." + part(good, 1) + ".AAAA", kNow, TokenRejection::Malformed);
    row("alg none", segment("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + part(good, 1) + ".", kNow,
        TokenRejection::AlgorithmNotAllowed);
    row("alg missing", segment("{\"typ\":\"JWT\"}") + "." + part(good, 1) + "." + sig, kNow,
        TokenRejection::AlgorithmNotAllowed);
    row("alg Ed25519 spelled otherwise",
        segment("{\"alg\":\"ED25519\"}") + "." + part(good, 1) + "." + sig, kNow,
        TokenRejection::AlgorithmNotAllowed);
    row("alg not a string", segment("{\"alg\":1}") + "." + part(good, 1) + "." + sig, kNow,
        TokenRejection::AlgorithmNotAllowed);
    // A correctly signed token whose claims are missing or of the wrong type.
    tokens::Ed25519KeyPair k = keyFrom(1);
    const std::string h = segment("{\"alg\":\"EdDSA\",\"kid\":\"" + issuer.keyId() + "\"}");
    const std::string p =
        segment("{\"iss\":\"https://queue.test\",\"sub\":\"17\",\"evt\":\"vaccine-53-54\","
                "\"jti\":\"j\",\"iat\":1,\"nbf\":1,\"exp\":\"never\"}");
    const auto s = k.sign(h + "." + p);
    row("exp not a number", h + "." + p + "." + tokens::base64UrlEncode(s), kNow,
        TokenRejection::Malformed);
}

void TstAdmissionToken::rejectsEachReason() {
    QFETCH(QString, token);
    QFETCH(qint64, now);
    QFETCH(int, reason);
    tokens::AdmissionTokenIssuer issuer(keyFrom(1));
    TokenRejection why{};
    auto r = verifierFor(issuer).verify(token.toStdString(), now, why);
    QVERIFY(!r.isOk());
    QCOMPARE(static_cast<int>(why), reason);
    QVERIFY(!r.status().message().empty());
}

// The classic key-confusion attack: sign HS256 with the (public) Ed25519 key as the HMAC
// secret, hoping the verifier lets the token choose the algorithm.
void TstAdmissionToken::rejectsHs256SignedWithThePublicKey() {
    tokens::AdmissionTokenIssuer issuer(keyFrom(1));
    const std::string good = issuer.issue(claims());
    const std::string signingInput =
        segment("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + issuer.keyId() + "\"}") + "." +
        part(good, 1);
    auto mac = tokens::HmacSha256::create(issuer.publicKey()).value();
    const auto d = mac.compute(
        std::span(reinterpret_cast<const std::uint8_t*>(signingInput.data()), signingInput.size()));
    const std::string forged = signingInput + "." + tokens::base64UrlEncode(d);
    TokenRejection why{};
    QVERIFY(!verifierFor(issuer).verify(forged, kNow, why).isOk());
    QCOMPARE(why, TokenRejection::AlgorithmNotAllowed);
}

// A JSON object with a key twice means different things to different parsers (first wins,
// last wins, error). A correctly signed token with two "evt" must not be read as whichever
// one suits the forger: refused as malformed, before its claims are looked at.
void TstAdmissionToken::rejectsDuplicateKeysEvenWhenSigned_data() {
    const std::string kid = tokens::AdmissionTokenIssuer(keyFrom(1)).keyId();
    const std::string header = handHeader();
    const std::string claims = handClaimsWithoutEvt();
    const std::string& evt = kEvt;
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("named"); // what the refusal must name
    auto row = [](const char* name, const std::string& token, const char* named) {
        QTest::newRow(name) << QString::fromStdString(token) << QString(named);
    };
    row("two evt in the claims, ours last",
        signedToken(header, claims + R"(,"evt":"vaccine-50-52")" + evt + "}"),
        "\"evt\" appears twice in the claims");
    row("two evt in the claims, ours first",
        signedToken(header, claims + evt + R"(,"evt":"vaccine-50-52"})"),
        "\"evt\" appears twice in the claims");
    row("two evt in the claims, one spelled with an escape",
        signedToken(header, claims + R"(,"\u0065vt":"vaccine-50-52")" + evt + "}"),
        "\"evt\" appears twice in the claims");
    row("two identical exp", signedToken(header, claims + evt + R"(,"exp":1})"),
        "\"exp\" appears twice in the claims");
    row("a key twice in a nested object",
        signedToken(header, claims + evt + R"(,"x":{"a":1,"a":2}})"),
        "\"a\" appears twice in the claims");
    row("two alg in the header",
        signedToken(R"({"alg":"none","alg":"EdDSA","kid":")" + kid + R"("})", claims + evt + "}"),
        "\"alg\" appears twice in the header");
    row("two kid in the header",
        signedToken(R"({"alg":"EdDSA","kid":"elsewhere","kid":")" + kid + R"("})",
                    claims + evt + "}"),
        "\"kid\" appears twice in the header");
    row("a long key twice is refused without echoing it",
        signedToken(header, claims + evt + R"(,"aaaaaaaaaaaaaaaaaaaaaaaa":1,)" +
                                R"("aaaaaaaaaaaaaaaaaaaaaaaa":2})"),
        "a key appears twice in the claims");
}

void TstAdmissionToken::rejectsDuplicateKeysEvenWhenSigned() {
    QFETCH(QString, token);
    QFETCH(QString, named);
    tokens::AdmissionTokenIssuer issuer(keyFrom(1));
    TokenRejection why{};
    // The same header and claims without the second key pass: the duplicate is what fails.
    QVERIFY(verifierFor(issuer)
                .verify(signedToken(handHeader(), handClaimsWithoutEvt() + kEvt + "}"), kNow, why)
                .isOk());
    auto r = verifierFor(issuer).verify(token.toStdString(), kNow, why);
    QVERIFY(!r.isOk());
    QCOMPARE(why, TokenRejection::Malformed);
    QCOMPARE(QString::fromStdString(r.status().message()), "token: " + named);
}

void TstAdmissionToken::completedSessionTokenIsRevokedAndCounted() {
    tokens::ServerKeys keys{{}, keyFrom(3)};
    keys.ticketKey.fill(9);
    engine::EventConfig config = test::launchNight();
    auto room =
        room::WaitingRoom::create(config, keys, "https://queue.test", test::kOpening).value();
    auto joined = room.join(test::kOpening);
    room.engine().tick(test::kOpening);
    room.engine().tick(test::kOpening + test::kSecond);
    auto claimed = room.claim(test::kOpening + 2 * test::kSecond, joined->ticket);
    QVERIFY(claimed.isOk());
    QVERIFY(room.checkToken(test::kOpening + 3 * test::kSecond, claimed->token).isOk());
    QVERIFY(room.complete(test::kOpening + 4 * test::kSecond, claimed->token).isOk());
    auto after = room.checkToken(test::kOpening + 5 * test::kSecond, claimed->token);
    QVERIFY(!after.isOk());
    QCOMPARE(after.status().code(), engine::Status::Code::PermissionDenied);
    const auto m = room.engine().sampleMetrics(test::kOpening + 6 * test::kSecond);
    QCOMPARE(m.tokenRejections[static_cast<std::size_t>(TokenRejection::Revoked)], 1u);
    // Each reason has its own counter: an expired token counts as expired, not revoked.
    QVERIFY(!room.checkToken(test::kOpening + 10'000 * test::kSecond, claimed->token).isOk());
    QVERIFY(!room.checkToken(test::kOpening, "x.y.z").isOk());
    const auto m2 = room.engine().sampleMetrics(test::kOpening + 10'001 * test::kSecond);
    QCOMPARE(m2.tokenRejections[static_cast<std::size_t>(TokenRejection::Expired)], 1u);
    QCOMPARE(m2.tokenRejections[static_cast<std::size_t>(TokenRejection::Malformed)], 1u);
    QCOMPARE(m2.tokenRejections[static_cast<std::size_t>(TokenRejection::Revoked)], 1u);
}

void TstAdmissionToken::boundTokenCarriesTheDeviceHashInCnf() {
    const tokens::AdmissionTokenIssuer issuer(keyFrom(1));
    AdmissionClaims bound = claims();
    bound.device = tokens::deviceHashOf(tokens::newDeviceSecret());
    const std::string token = issuer.issue(bound);
    const auto payload = tokens::base64UrlDecode(part(token, 1)).value();
    const std::string json(payload.begin(), payload.end());
    const std::string dsh = tokens::base64UrlEncode(*bound.device);
    QVERIFY2(json.find(R"("cnf":{"dsh":")" + dsh + R"("})") != std::string::npos, json.c_str());
    TokenRejection why{};
    auto verified = verifierFor(issuer).verify(token, kNow + 1, why);
    QVERIFY2(verified.isOk(), verified.status().message().c_str());
    QCOMPARE(verified.value(), bound);
    // Unbound tokens carry no cnf at all.
    const std::string unbound = issuer.issue(claims());
    const auto plain = tokens::base64UrlDecode(part(unbound, 1)).value();
    QVERIFY(std::string(plain.begin(), plain.end()).find("cnf") == std::string::npos);
}

void TstAdmissionToken::rejectsMalformedCnf_data() {
    QTest::addColumn<QString>("cnf");
    const std::string dsh =
        tokens::base64UrlEncode(tokens::deviceHashOf(tokens::newDeviceSecret()).value());
    QTest::newRow("not an object") << R"("x")";
    QTest::newRow("no dsh") << R"({})";
    QTest::newRow("dsh not a string") << R"({"dsh":5})";
    QTest::newRow("dsh too short")
        << QString::fromStdString(R"({"dsh":")" + dsh.substr(1) + R"("})");
    QTest::newRow("another method beside dsh")
        << QString::fromStdString(R"({"dsh":")" + dsh + R"(","jkt":"x"})");
}

void TstAdmissionToken::rejectsMalformedCnf() {
    QFETCH(QString, cnf);
    const std::string token = signedToken(handHeader(), handClaimsWithoutEvt() + kEvt +
                                                            R"(,"cnf":)" + cnf.toStdString() + "}");
    const tokens::AdmissionTokenIssuer issuer(keyFrom(1));
    TokenRejection why{};
    auto r = verifierFor(issuer).verify(token, kNow + 1, why);
    QVERIFY(!r.isOk());
    QCOMPARE(why, TokenRejection::Malformed);
}

QTEST_APPLESS_MAIN(TstAdmissionToken)
#include "tst_admission_token.moc"
