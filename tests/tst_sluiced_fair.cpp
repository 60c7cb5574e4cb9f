// SPDX-License-Identifier: Apache-2.0
// Fair joins against the real sluiced over sockets (issue 16): proof of work on join
// (refusals change nothing; a spent, forged or other challenge's solution is refused), 5,000
// joins from one address with valid solutions all pass while a thousand addresses without
// solutions all fail, device binding at status, claim and the gate, and the operator's
// difficulty control (audited).
#include "http_test_client.h"
#include "pow/pow_challenges.h"
#include "sluiced_process.h"
#include "tokens/big_endian.h"
#include "tokens/sha256.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <array>
#include <chrono>

using namespace sluice::testing;

namespace {

constexpr const char* kAdminKey = "test-admin-key-0123456789";

QJsonObject jsonOf(const std::string& response) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(bodyOf(response))).object();
}

std::string request(const std::string& method, const std::string& target,
                    const std::string& body = {}, const std::string& extra = {}) {
    std::string r = method + " " + target + " HTTP/1.1\r\nHost: t\r\n" + extra;
    if (!body.empty() || method == "POST") {
        r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    return r + "\r\n" + body;
}

// The first counter that solves `challenge` at `bits` (as pow-worker.js does).
std::uint64_t solve(const std::string& challenge, int bits) {
    sluice::tokens::Sha256 sha;
    const std::span<const std::uint8_t> text(
        reinterpret_cast<const std::uint8_t*>(challenge.data()), challenge.size());
    for (std::uint64_t counter = 0;; ++counter) {
        std::array<std::uint8_t, 8> c{};
        sluice::tokens::putBigEndian(c.data(), counter, 8);
        if (sluice::pow::leadingZeroBits(sha.compute(text, c)) >= bits) {
            return counter;
        }
    }
}

std::string powBody(const std::string& challenge, std::uint64_t counter) {
    return "{\"pow\":{\"challenge\":\"" + challenge + "\",\"counter\":" + std::to_string(counter) +
           "}}";
}

// "name=value" of a Set-Cookie header.
std::string cookiePair(const std::string& setCookie) {
    return setCookie.substr(0, setCookie.find(';'));
}

} // namespace

class TstSluicedFair : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcess m_server;
    std::uint16_t m_port = 0;

    std::string call(const std::string& wire) { return roundTrip(m_port, wire); }
    std::string admin(const std::string& method, const std::string& path,
                      const std::string& body = {}) {
        return call(request(method, path, body,
                            "Authorization: Bearer " + std::string(kAdminKey) + "\r\n"));
    }
    // A fresh challenge: its text and difficulty.
    std::pair<std::string, int> challenge() {
        const QJsonObject c = jsonOf(call(request("GET", "/api/v1/join/challenge")));
        return {c["challenge"].toString().toStdString(), c["difficulty"].toInt()};
    }
    // A metric's value from /metrics, after the next 1-second sample.
    double metric(const std::string& line) {
        QTest::qWait(1200);
        const std::string body = bodyOf(call(request("GET", "/metrics")));
        const std::size_t at = body.find("\n" + line + " ");
        return at == std::string::npos ? -1 : std::stod(body.substr(at + line.size() + 2));
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QFile event(m_dir.filePath("event.json"));
        QVERIFY(event.open(QIODevice::WriteOnly));
        event.write(
            "{\"eventId\": \"fair-night\", \"opensAt\": \"2021-07-19T11:00:00Z\",\n"
            "                        \"admissionRatePerMinute\": 600000, \"capacity\": 100000}");
        event.close();
        QFile key(m_dir.filePath("admin.key"));
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.write(kAdminKey);
        key.close();
        m_port = startSluiced(m_server,
                              {"--data-dir", m_dir.path(), "--event", m_dir.filePath("event.json"),
                               "--admin-key-file", m_dir.filePath("admin.key"), "--proof-of-work",
                               "8", "--device-binding", "on", "--trust-proxy", "127.0.0.1"});
        QVERIFY2(m_port != 0, "sluiced did not start");
    }

    void cleanupTestCase() {
        m_server.terminate();
        m_server.waitForFinished(5000);
    }

    void refusedSolutionsChangeNothing() {
        const double before = metric("sluice_joins_total");
        QVERIFY(before >= 0);
        // No solution at all.
        std::string r = call(request("POST", "/api/v1/join", "{}"));
        QCOMPARE(statusOf(r), 400);
        QCOMPARE(jsonOf(r)["error"].toObject()["reason"].toString(), QString("pow_no_solution"));
        QVERIFY(jsonOf(r)["challenge"].toObject()["challenge"].toString().size() == 64);
        // An unsolved counter (found by trying: one that does not solve it).
        auto [a, bits] = challenge();
        QCOMPARE(bits, 8);
        const std::uint64_t good = solve(a, bits);
        r = call(
            request("POST", "/api/v1/join", powBody(a, good + 1 == solve(a, bits) ? 0 : good + 1)));
        // good + 1 may solve it too (1 in 256); then the join passes and is counted below.
        const bool extraJoin = statusOf(r) == 201;
        if (!extraJoin) {
            QCOMPARE(statusOf(r), 403);
            QCOMPARE(jsonOf(r)["error"].toObject()["reason"].toString(),
                     QString("pow_wrong_answer"));
        }
        // Another challenge's solution.
        auto [b, bitsB] = challenge();
        const std::uint64_t forA = solve(a, bits);
        if (solve(b, bitsB) != forA) {
            r = call(request("POST", "/api/v1/join", powBody(b, forA)));
            QCOMPARE(statusOf(r), 403);
            QCOMPARE(jsonOf(r)["error"].toObject()["reason"].toString(),
                     QString("pow_wrong_answer"));
        }
        // A forged challenge (one character changed).
        std::string forged = b;
        forged[20] = forged[20] == 'A' ? 'B' : 'A';
        r = call(request("POST", "/api/v1/join", powBody(forged, solve(forged, 8))));
        QCOMPARE(statusOf(r), 403);
        QCOMPARE(jsonOf(r)["error"].toObject()["reason"].toString(), QString("pow_forged"));
        // Malformed.
        r = call(request("POST", "/api/v1/join", "{\"pow\":{\"challenge\":\"x\",\"counter\":-1}}"));
        QCOMPARE(statusOf(r), 400);
        QCOMPARE(jsonOf(r)["error"].toObject()["reason"].toString(), QString("pow_malformed"));
        QCOMPARE(metric("sluice_joins_total"), before + (extraJoin ? 1 : 0));
        // A solved one joins once; the same again is refused and changes nothing.
        r = call(request("POST", "/api/v1/join", powBody(b, solve(b, bitsB))));
        QCOMPARE(statusOf(r), 201);
        r = call(request("POST", "/api/v1/join", powBody(b, solve(b, bitsB))));
        QCOMPARE(statusOf(r), 403);
        QCOMPARE(jsonOf(r)["error"].toObject()["reason"].toString(), QString("pow_reused"));
        QCOMPARE(metric("sluice_joins_total"), before + (extraJoin ? 2 : 1));
        const std::string m = bodyOf(call(request("GET", "/metrics")));
        QVERIFY(m.find("sluice_pow_refusals_total{reason=\"reused\"} 1") != std::string::npos);
    }

    void ticketsAndTokensStayWithTheirDevice() {
        auto [c, bits] = challenge();
        std::string r = call(request("POST", "/api/v1/join", powBody(c, solve(c, bits))));
        QCOMPARE(statusOf(r), 201);
        const std::string ticket = jsonOf(r)["ticket"].toString().toStdString();
        QCOMPARE(ticket.size(), std::size_t{84}); // bound: format v2
        const std::string setCookie = headerOf(r, "Set-Cookie");
        QVERIFY(setCookie.starts_with("sluice_device="));
        QVERIFY(setCookie.find("HttpOnly") != std::string::npos);
        QVERIFY(setCookie.find("SameSite=Strict") != std::string::npos);
        const std::string device = "Cookie: " + cookiePair(setCookie) + "\r\n";
        const std::string otherDevice =
            "Cookie: sluice_device=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n";
        // Status: the copy without the cookie (or with another browser's) is refused.
        r = call(request("GET", "/api/v1/status?ticket=" + ticket));
        QCOMPARE(statusOf(r), 403);
        QCOMPARE(jsonOf(r)["error"].toObject()["reason"].toString(), QString("device_mismatch"));
        QCOMPARE(statusOf(call(request("GET", "/api/v1/status?ticket=" + ticket, {}, otherDevice))),
                 403);
        // Admitted within a heartbeat or two (600,000 a minute).
        QString state;
        for (int i = 0; i < 40 && state != "admitted"; ++i) {
            QTest::qWait(100);
            r = call(request("GET", "/api/v1/status?ticket=" + ticket, {}, device));
            QCOMPARE(statusOf(r), 200);
            state = jsonOf(r)["state"].toString();
        }
        QCOMPARE(state, QString("admitted"));
        const std::string body = "{\"ticket\":\"" + ticket + "\"}";
        r = call(request("POST", "/api/v1/claim", body));
        QCOMPARE(statusOf(r), 403);
        QCOMPARE(jsonOf(r)["error"].toObject()["reason"].toString(), QString("device_mismatch"));
        r = call(request("POST", "/api/v1/claim", body, device));
        QCOMPARE(statusOf(r), 200);
        const std::string token = jsonOf(r)["token"].toString().toStdString();
        // The gate: the token alone (copied into another browser) is refused.
        r = call(
            request("GET", "/api/v1/gate/check", {}, "Cookie: sluice_token=" + token + "\r\n"));
        QCOMPARE(statusOf(r), 401);
        QCOMPARE(jsonOf(r)["error"].toObject()["reason"].toString(), QString("device_mismatch"));
        r = call(request("GET", "/api/v1/gate/check", {},
                         "Authorization: Bearer " + token + "\r\n" + otherDevice));
        QCOMPARE(statusOf(r), 401);
        // With its cookie it passes; used from a second address it is counted.
        const std::string both =
            "Cookie: sluice_token=" + token + "; " + cookiePair(setCookie) + "\r\n";
        QCOMPARE(statusOf(call(
                     request("GET", "/api/v1/gate/check", {}, both + "X-Real-IP: 192.0.2.1\r\n"))),
                 204);
        QCOMPARE(statusOf(call(
                     request("GET", "/api/v1/gate/check", {}, both + "X-Real-IP: 192.0.2.2\r\n"))),
                 204);
        QCOMPARE(metric("sluice_gate_token_foreign_address_checks_total"), 1.0);
        QCOMPARE(metric("sluice_gate_tokens_shared"), 1.0);
        // Complete without the cookie is refused too; with it the session ends.
        QCOMPARE(statusOf(call(request("POST", "/api/v1/gate/complete", {},
                                       "Authorization: Bearer " + token + "\r\n"))),
                 401);
        QCOMPARE(statusOf(call(request("POST", "/api/v1/gate/complete", {}, both))), 204);
    }

    void sharedAddressPaysOnlyWork() {
        const double before = metric("sluice_joins_total");
        const auto started = std::chrono::steady_clock::now();
        // 5,000 people behind one carrier-grade NAT address, each with a solved challenge.
        const std::string cgnat = "X-Real-IP: 100.64.0.1\r\n";
        int joined = 0;
        for (int i = 0; i < 5000; ++i) {
            auto [c, bits] = challenge();
            const std::string r =
                call(request("POST", "/api/v1/join", powBody(c, solve(c, bits)), cgnat));
            joined += statusOf(r) == 201 ? 1 : 0;
            if (statusOf(r) != 201) {
                qWarning("join %d: %s", i, r.c_str());
                break;
            }
        }
        QCOMPARE(joined, 5000);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        qInfo("5000 joins with proof of work from one address in %.1f s", seconds);
        // A bot farm: a thousand addresses, no work done.
        int refused = 0;
        for (int i = 0; i < 1000; ++i) {
            const std::string addr = "X-Real-IP: 198.18." + std::to_string(i / 250) + "." +
                                     std::to_string(i % 250 + 1) + "\r\n";
            const std::string r = call(request("POST", "/api/v1/join", "{}", addr));
            refused += statusOf(r) == 400 ? 1 : 0;
        }
        QCOMPARE(refused, 1000);
        QCOMPARE(metric("sluice_joins_total"), before + 5000);
    }

    void listedAddressesSkipTheJoinLimit() {
        // Proof of work off, a limit of one join: listed addresses are never limited.
        QProcess other;
        QTemporaryDir dir;
        const std::uint16_t port = startSluiced(
            other, {"--data-dir", dir.path(), "--event", m_dir.filePath("event.json"),
                    "--joins-per-minute", "1", "--join-burst", "1", "--trust-proxy", "127.0.0.1",
                    "--join-limit-exempt", "100.64.0.0/10, 2001:db8::/32"});
        QVERIFY(port != 0);
        const auto joinFrom = [port](const std::string& address) {
            return statusOf(roundTrip(
                port, request("POST", "/api/v1/join", {}, "X-Real-IP: " + address + "\r\n")));
        };
        for (const char* listed : {"100.64.0.1", "100.127.255.254", "2001:db8::7"}) {
            QCOMPARE(joinFrom(listed), 201);
            QCOMPARE(joinFrom(listed), 201);
        }
        for (const char* other_ : {"100.128.0.1", "192.0.2.1", "2001:db9::1"}) {
            QCOMPARE(joinFrom(other_), 201);
            QCOMPARE(joinFrom(other_), 429);
        }
        other.terminate();
        other.waitForFinished(5000);
        QProcess bad;
        QTemporaryDir badDir;
        QCOMPARE(
            startSluiced(bad, {"--data-dir", badDir.path(), "--event", m_dir.filePath("event.json"),
                               "--join-limit-exempt", "10.0.0.0/33"}),
            std::uint16_t{0});
        bad.waitForFinished(5000);
        QVERIFY(bad.readAllStandardError().contains("--join-limit-exempt"));
    }

    void operatorControlsTheDifficulty() {
        std::string r = admin("GET", "/api/v1/admin/difficulty");
        QCOMPARE(statusOf(r), 200);
        QCOMPARE(jsonOf(r)["mode"].toString(), QString("fixed"));
        QCOMPARE(jsonOf(r)["bits"].toInt(), 8);
        QCOMPARE(statusOf(call(request("GET", "/api/v1/admin/difficulty"))), 401);
        auto [easy, easyBits] = challenge();
        r = admin("POST", "/api/v1/admin/difficulty", "{\"operator\":\"ana\",\"bits\":10}");
        QCOMPARE(statusOf(r), 200);
        QCOMPARE(jsonOf(r)["settings"].toObject()["bits"].toInt(), 10);
        QCOMPARE(statusOf(admin("POST", "/api/v1/admin/difficulty",
                                "{\"operator\":\"ana\",\"bits\":99}")),
                 400);
        QCOMPARE(challenge().second, 10);
        // A challenge issued at the old, easier difficulty is worth nothing now.
        r = call(request("POST", "/api/v1/join", powBody(easy, solve(easy, easyBits))));
        QCOMPARE(statusOf(r), 409);
        QCOMPARE(jsonOf(r)["error"].toObject()["reason"].toString(), QString("pow_too_easy"));
        const QJsonArray audit =
            QJsonDocument::fromJson(
                QByteArray::fromStdString(bodyOf(admin("GET", "/api/v1/admin/audit"))))
                .array();
        bool found = false;
        for (const auto& e : audit) {
            found = found || (e.toObject()["field"].toString() == "proofOfWork.fixedBits" &&
                              e.toObject()["new"].toString() == "10");
        }
        QVERIFY2(found, "the difficulty change is in the audit log");
        // Switched off: no challenge, joins as before.
        r = admin("POST", "/api/v1/admin/difficulty", "{\"operator\":\"ana\",\"mode\":\"off\"}");
        QCOMPARE(statusOf(r), 200);
        QCOMPARE(statusOf(call(request("GET", "/api/v1/join/challenge"))), 204);
        QCOMPARE(statusOf(call(request("POST", "/api/v1/join", "{}"))), 201);
        // What a console shows of it: the admin snapshot's fairJoins, after the next second.
        QTest::qWait(1200);
        const QJsonObject fair = jsonOf(admin("GET", "/api/v1/admin/snapshot"))["fairJoins"].toObject();
        QCOMPARE(fair["proofOfWork"].toObject()["mode"].toString(), QString("off"));
        QCOMPARE(fair["tokensShared"].toInt(), 1); // the token used from two addresses above
        QCOMPARE(fair["foreignAddressChecks"].toInt(), 1);
        QCOMPARE(fair["revokeSharedAbove"].toInt(), 0);
        QCOMPARE(fair["deviceBinding"].toBool(), true);
    }

    // The operator's rule: a token seen from more than 2 addresses is revoked at the gate,
    // from then on everywhere (its first address too); counted in /metrics and the snapshot.
    void copiedTokensAreRevokedByTheOperatorsRule() {
        QProcess server;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::uint16_t port = startSluiced(
            server, {"--data-dir", dir.path(), "--event",
                     m_dir.filePath("event.json"), "--admin-key-file", m_dir.filePath("admin.key"),
                     "--trust-proxy", "127.0.0.1", "--revoke-shared-tokens", "2"});
        QVERIFY2(port != 0, "sluiced did not start");
        std::string r = roundTrip(port, request("POST", "/api/v1/join", "{}"));
        QCOMPARE(statusOf(r), 201);
        const std::string ticket = jsonOf(r)["ticket"].toString().toStdString();
        std::string token;
        for (int i = 0; i < 40 && token.empty(); ++i) {
            QTest::qWait(100);
            r = roundTrip(port, request("POST", "/api/v1/claim", "{\"ticket\":\"" + ticket + "\"}"));
            if (statusOf(r) == 200) {
                token = jsonOf(r)["token"].toString().toStdString();
            }
        }
        QVERIFY2(!token.empty(), "admitted and claimed");
        const auto gateFrom = [&](const std::string& address) {
            return roundTrip(port, request("GET", "/api/v1/gate/check", {},
                                           "Authorization: Bearer " + token +
                                               "\r\nX-Real-IP: " + address + "\r\n"));
        };
        QCOMPARE(statusOf(gateFrom("192.0.2.1")), 204);
        QCOMPARE(statusOf(gateFrom("192.0.2.1")), 204);
        QCOMPARE(statusOf(gateFrom("198.51.100.7")), 204); // Wi-Fi to mobile: still allowed
        r = gateFrom("203.0.113.9");                          // a third place: revoked
        QCOMPARE(statusOf(r), 401);
        QCOMPARE(jsonOf(r)["error"].toObject()["reason"].toString(), QString("token_revoked"));
        r = gateFrom("192.0.2.1"); // and refused at its first address from then on
        QCOMPARE(statusOf(r), 401);
        QCOMPARE(jsonOf(r)["error"].toObject()["reason"].toString(), QString("token_revoked"));
        QTest::qWait(1200);
        const std::string m = bodyOf(roundTrip(port, request("GET", "/metrics")));
        QVERIFY(m.find("\nsluice_gate_tokens_revoked_total 1\n") != std::string::npos);
        const QJsonObject fair =
            jsonOf(roundTrip(port, request("GET", "/api/v1/admin/snapshot", {},
                                           "Authorization: Bearer " + std::string(kAdminKey) +
                                               "\r\n")))["fairJoins"]
                .toObject();
        QCOMPARE(fair["tokensRevoked"].toInt(), 1);
        QCOMPARE(fair["revokeSharedAbove"].toInt(), 2);
        server.terminate();
        server.waitForFinished(5000);
        // A rule of one address would lock out every phone that changes network: refused.
        QProcess bad;
        QCOMPARE(startSluiced(bad, {"--data-dir", dir.path(), "--event",
                                    m_dir.filePath("event.json"), "--revoke-shared-tokens", "1"}),
                 std::uint16_t{0});
        bad.waitForFinished(5000);
        QVERIFY(bad.readAllStandardError().contains("--revoke-shared-tokens"));
    }
};

QTEST_GUILESS_MAIN(TstSluicedFair)
#include "tst_sluiced_fair.moc"
