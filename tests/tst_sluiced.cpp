// SPDX-License-Identifier: Apache-2.0
// The real sluiced process over real sockets: a person joins, is admitted, claims a token
// and passes the gate until the session completes; forged and "alg: none" tokens, forged
// tickets, bad JSON and unknown fields get clear 4xx answers and change nothing; every route
// serves its methods only; the admin API needs its key and records who changed what (the
// controls' answer lists the entries it made); joins are rate-limited per address;
// /metrics counts it all; SIGTERM stops the server cleanly.
#include "http_test_client.h"
#include "room/waiting_room.h"
#include "series/audit_json.h"
#include "series/series_csv.h"
#include "sim/sim_output.h"
#include "sluiced_process.h"
#include "tls_test_client.h"
#include "tokens/key_store.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace sluice::testing;

namespace {

constexpr const char* kAdminKey = "test-admin-key-0123456789";

// An admission token made outside the server: with `keys`, for `eventId`, claimed at `at`
// with a session of `ttlSeconds`.
std::string tokenFrom(const sluice::tokens::ServerKeys& keys, const std::string& issuer,
                      const std::string& eventId, sluice::engine::TimeMs at, int ttlSeconds) {
    sluice::engine::EventConfig c;
    c.eventId = eventId;
    c.opensAt = at - 60'000;
    c.admissionRatePerMinute = 6000;
    c.capacity = 5;
    c.sessionTtlSeconds = ttlSeconds;
    auto room = sluice::room::WaitingRoom::create(c, keys, issuer, at - 120'000);
    if (!room.isOk()) {
        qFatal("%s", room.status().message().c_str());
    }
    auto joined = room.value().join(at);
    room.value().engine().tick(at);
    room.value().engine().tick(at + 1000);
    auto claimed = room.value().claim(at + 1000, joined.value().ticket);
    if (!claimed.isOk()) {
        qFatal("%s", claimed.status().message().c_str());
    }
    return claimed.value().token;
}

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

} // namespace

class TstSluiced : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcess m_server;
    std::uint16_t m_port = 0;
    std::string m_ticket; // the first person's

    std::string call(const std::string& wire) { return roundTrip(m_port, wire); }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QFile event(m_dir.filePath("event.json"));
        QVERIFY(event.open(QIODevice::WriteOnly));
        event.write(R"({"eventId": "test-night", "opensAt": "2021-07-19T11:00:00Z",
                        "admissionRatePerMinute": 6000, "capacity": 5, "message": "hello"})");
        event.close();
        QFile key(m_dir.filePath("admin.key"));
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.write(QByteArray(kAdminKey) + "\n");
        key.close();
        m_port =
            startSluiced(m_server, {"--data-dir", m_dir.path(), "--admin-key-file",
                                    m_dir.filePath("admin.key"), "--protected-url", "/booking/",
                                    "--joins-per-minute", "60", "--join-burst", "3"});
        QVERIFY2(m_port != 0, "sluiced did not start");
        // Keys were created with owner-only permissions.
        const QFileInfo keyFile(m_dir.filePath("keys/admission-ed25519.key"));
        QVERIFY(keyFile.exists());
        QCOMPARE(keyFile.permissions() & (QFile::ReadGroup | QFile::ReadOther),
                 QFile::Permissions());
    }

    void joinAdmitClaimGateComplete() {
        const std::string joined = call(request("POST", "/api/v1/join"));
        QCOMPARE(statusOf(joined), 201);
        const QJsonObject j = jsonOf(joined);
        const std::string ticket = j["ticket"].toString().toStdString();
        QVERIFY(!ticket.empty());
        m_ticket = ticket;
        QCOMPARE(j["state"].toString(), QString("waiting"));
        QCOMPARE(j["message"].toString(), QString("hello"));
        // The engine ticks four times a second; the ticket is admitted soon.
        QJsonObject s;
        QTRY_VERIFY_WITH_TIMEOUT(
            (s = jsonOf(call(request("GET", "/api/v1/status?ticket=" + ticket))))["state"] ==
                "admitted",
            5'000);
        QCOMPARE(s["next"].toString(), QString("/api/v1/claim"));
        const std::string claimed =
            call(request("POST", "/api/v1/claim", "{\"ticket\":\"" + ticket + "\"}"));
        QCOMPARE(statusOf(claimed), 200);
        const std::string token = jsonOf(claimed)["token"].toString().toStdString();
        QCOMPARE(jsonOf(claimed)["redirect"].toString(), QString("/booking/"));
        QVERIFY(headerOf(claimed, "Set-Cookie").starts_with("sluice_token=" + token + ";"));
        QVERIFY(headerOf(claimed, "Set-Cookie").find("HttpOnly") != std::string::npos);
        // A reload claims again and gets the same token.
        QCOMPARE(jsonOf(call(
                     request("POST", "/api/v1/claim", "{\"ticket\":\"" + ticket + "\"}")))["token"]
                     .toString()
                     .toStdString(),
                 token);

        // The gate: cookie or bearer.
        QCOMPARE(statusOf(call(request("GET", "/api/v1/gate/check"))), 401);
        QCOMPARE(statusOf(call(request("GET", "/api/v1/gate/check", {},
                                       "Cookie: a=b; sluice_token=" + token + "\r\n"))),
                 204);
        QCOMPARE(statusOf(call(request("GET", "/api/v1/gate/check", {},
                                       "Authorization: Bearer " + token + "\r\n"))),
                 204);
        // Forged: one character of the signature changed.
        std::string forged = token;
        forged[forged.size() - 3] = forged[forged.size() - 3] == 'A' ? 'B' : 'A';
        QCOMPARE(statusOf(call(request("GET", "/api/v1/gate/check", {},
                                       "Authorization: Bearer " + forged + "\r\n"))),
                 401);
        // alg: none, with the real payload and no signature.
        const std::string payload =
            token.substr(token.find('.') + 1, token.rfind('.') - token.find('.') - 1);
        const std::string none =
            QByteArray(R"({"alg":"none","typ":"JWT"})")
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
                .toStdString() +
            "." + payload + ".";
        const std::string refused = call(
            request("GET", "/api/v1/gate/check", {}, "Authorization: Bearer " + none + "\r\n"));
        QCOMPARE(statusOf(refused), 401);

        // Completing the session revokes the token.
        const std::string done = call(request("POST", "/api/v1/gate/complete", {},
                                              "Authorization: Bearer " + token + "\r\n"));
        QCOMPARE(statusOf(done), 204);
        QVERIFY(headerOf(done, "Set-Cookie").find("Max-Age=0") != std::string::npos);
        QCOMPARE(statusOf(call(request("GET", "/api/v1/gate/check", {},
                                       "Authorization: Bearer " + token + "\r\n"))),
                 401);
    }

    void badInputGetsClearRefusals() {
        const auto expect = [this](const std::string& wire, int status, const QString& says) {
            const std::string answer = call(wire);
            QCOMPARE(statusOf(answer), status);
            const QString message = jsonOf(answer)["error"].toObject()["message"].toString();
            QVERIFY2(message.contains(says), qPrintable(message));
        };
        expect(request("POST", "/api/v1/join", "{not json"), 400, "not valid JSON");
        expect(request("POST", "/api/v1/join", R"({"birthDate":"1968-01-01","vip":true})"), 400,
               "vip");
        expect(request("GET", "/api/v1/status"), 400, "ticket");
        expect(request("GET", "/api/v1/status?ticket=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
               400, "malformed");
        std::string forged = m_ticket; // a real ticket with its MAC altered
        forged[35] = forged[35] == 'A' ? 'B' : 'A';
        expect(request("GET", "/api/v1/status?ticket=" + forged), 403, "signature");
        expect(request("POST", "/api/v1/claim", R"({"ticket": 5})"), 400, "ticket");
        expect(request("GET", "/api/v1/join"), 405, "POST");
        expect(request("GET", "/nowhere"), 404, "no such endpoint");
        expect("GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400,
               "Content-Length");
        // The server is still up and nothing was joined by any of that (metrics are
        // sampled once a second).
        QString metrics;
        QTRY_VERIFY_WITH_TIMEOUT(
            (metrics = QString::fromStdString(bodyOf(call(request("GET", "/metrics")))))
                .contains("\nsluice_ticket_rejections_total 2\n"),
            5'000);
        QVERIFY2(metrics.contains("\nsluice_joins_total 1\n"), qPrintable(metrics));
        QVERIFY(
            metrics.contains(R"(sluice_token_rejections_total{reason="algorithm_not_allowed"} 1)"));
        QVERIFY(metrics.contains(R"(sluice_token_rejections_total{reason="bad_signature"} 1)"));

        // Prometheus's own linter accepts the exposition (promtool from Debian's prometheus).
        const QString promtool = QStandardPaths::findExecutable("promtool");
        QVERIFY2(!promtool.isEmpty(), "promtool is missing (scripts/setup-deps.sh installs it)");
        QProcess check;
        check.start(promtool, {"check", "metrics"});
        QVERIFY(check.waitForStarted(5000));
        check.write(metrics.toUtf8());
        check.closeWriteChannel();
        QVERIFY(check.waitForFinished(20'000));
        const QByteArray said = check.readAllStandardOutput() + check.readAllStandardError();
        QVERIFY2(check.exitCode() == 0 && said.trimmed().isEmpty(), said.constData());
    }

    // Tokens that are well formed but not good here: signed with another key, for another
    // event, or long expired (made with this server's own key and issuer name).
    void foreignWrongEventAndExpiredTokensAreRefused() {
        const auto now = QDateTime::currentMSecsSinceEpoch();
        auto own = sluice::tokens::loadOrCreateServerKeys(
            std::filesystem::path(m_dir.filePath("keys").toStdString()));
        QVERIFY(own.isOk());
        sluice::tokens::Ed25519Seed seed{};
        seed.fill(7);
        const sluice::tokens::ServerKeys other{
            {}, sluice::tokens::Ed25519KeyPair::fromSeed(seed).value()};
        const auto gate = [this](const std::string& token) {
            const std::string answer = call(request("GET", "/api/v1/gate/check", {},
                                                    "Authorization: Bearer " + token + "\r\n"));
            return std::pair{statusOf(answer),
                             jsonOf(answer)["error"].toObject()["message"].toString()};
        };
        const std::string issuer = "http://127.0.0.1:" + std::to_string(m_port); // the server's
        const auto [foreign, whyForeign] = gate(tokenFrom(other, issuer, "test-night", now, 900));
        QCOMPARE(foreign, 401);
        QVERIFY2(whyForeign.contains("signature") || whyForeign.contains("key"),
                 qPrintable(whyForeign));
        const auto [elsewhere, whyElsewhere] =
            gate(tokenFrom(own.value(), issuer, "other-night", now, 900));
        QCOMPARE(elsewhere, 401);
        QVERIFY2(whyElsewhere.contains("event"), qPrintable(whyElsewhere));
        const auto [expired, whyExpired] =
            gate(tokenFrom(own.value(), issuer, "test-night", now - 7'200'000, 60));
        QCOMPARE(expired, 401);
        QVERIFY2(whyExpired.contains("expired"), qPrintable(whyExpired));
    }

    void adminNeedsItsKeyAndIsAudited() {
        const std::string change =
            R"({"operator":"ana","admissionRatePerMinute":120,"message":"back soon"})";
        QCOMPARE(statusOf(call(request("POST", "/api/v1/admin/controls", change))), 401);
        QCOMPARE(statusOf(call(request("POST", "/api/v1/admin/controls", change,
                                       "Authorization: Bearer wrong-key-0123456789\r\n"))),
                 401);
        const std::string auth = std::string("Authorization: Bearer ") + kAdminKey + "\r\n";
        QCOMPARE(statusOf(call(request("POST", "/api/v1/admin/controls",
                                       R"({"operator":"ana","capacity":-3})", auth))),
                 400);
        const std::string applied = call(request("POST", "/api/v1/admin/controls", change, auth));
        QCOMPARE(statusOf(applied), 200);
        const QJsonObject config = jsonOf(call(request("GET", "/api/v1/admin/config", {}, auth)));
        QCOMPARE(config["admissionRatePerMinute"].toInt(), 120);
        QCOMPARE(config["capacity"].toInt(), 5); // the refused change changed nothing
        const auto auditLog = [&] {
            return QJsonDocument::fromJson(QByteArray::fromStdString(bodyOf(call(
                                               request("GET", "/api/v1/admin/audit", {}, auth)))))
                .array();
        };
        const QJsonArray audit = auditLog();
        QCOMPARE(audit.size(), 2);
        QCOMPARE(audit[0].toObject()["operator"].toString(), QString("ana"));
        QCOMPARE(audit[0].toObject()["field"].toString(), QString("admissionRatePerMinute"));
        QCOMPARE(audit[0].toObject()["old"].toString(), QString("6000"));
        QCOMPARE(audit[0].toObject()["new"].toString(), QString("120"));
        // The answer lists exactly the entries the change made, as the audit log has them,
        // and the log's length after them.
        QCOMPARE(jsonOf(applied)["applied"].toBool(), true);
        QCOMPARE(jsonOf(applied)["audit"].toArray(), audit);
        QCOMPARE(jsonOf(applied)["auditEntries"].toInt(), 2);
        // Fields given at the value they have make no entry: rate and capacity given, only
        // the rate changed.
        const QJsonObject second = jsonOf(
            call(request("POST", "/api/v1/admin/controls",
                         R"({"operator":"bo","admissionRatePerMinute":90,"capacity":5})", auth)));
        const QJsonArray made = second["audit"].toArray();
        QCOMPARE(made.size(), 1);
        QCOMPARE(made[0].toObject()["operator"].toString(), QString("bo"));
        QCOMPARE(made[0].toObject()["field"].toString(), QString("admissionRatePerMinute"));
        QCOMPARE(made[0].toObject()["old"].toString(), QString("120"));
        QCOMPARE(made[0].toObject()["new"].toString(), QString("90"));
        QCOMPARE(second["auditEntries"].toInt(), 3);
        QCOMPARE(auditLog().last(), made[0]);
        QVERIFY(
            jsonOf(call(request("GET", "/api/v1/admin/snapshot", {}, auth))).contains("waiting"));
        QVERIFY(bodyOf(call(request("GET", "/.well-known/jwks.json"))).find("\"OKP\"") !=
                std::string::npos);
    }

    // The route table: a route serves its methods only (405 names the one to use); HEAD is
    // a GET without the body; admin routes check the key before the method; CSV and
    // Prometheus text go out as what they are.
    void routesServeTheirMethodsOnly() {
        for (const char* path : {"/api/v1/status", "/api/v1/gate/check", "/.well-known/jwks.json",
                                 "/healthz", "/readyz", "/metrics", "/queue/"}) {
            const std::string refused = call(request("POST", path, "{}"));
            QCOMPARE(statusOf(refused), 405);
            QCOMPARE(headerOf(refused, "Allow"), std::string("GET"));
            const std::string get = call(request("GET", path));
            Client c(m_port); // HEAD then GET on one connection: nothing is left between them
            c.send(request("HEAD", path) + request("GET", path));
            const std::string head = c.headResponse();
            QCOMPARE(statusOf(head), statusOf(get));
            QCOMPARE(headerOf(head, "Content-Type"), headerOf(get, "Content-Type"));
            QVERIFY(bodyOf(head).empty());
            QCOMPARE(statusOf(c.response()), statusOf(get));
        }
        for (const char* path :
             {"/api/v1/join", "/api/v1/claim", "/api/v1/leave", "/api/v1/gate/complete"}) {
            const std::string refused = call(request("GET", path));
            QCOMPARE(statusOf(refused), 405);
            QCOMPARE(headerOf(refused, "Allow"), std::string("POST"));
        }
        const std::string auth = std::string("Authorization: Bearer ") + kAdminKey + "\r\n";
        for (const char* path :
             {"/api/v1/admin/config", "/api/v1/admin/snapshot", "/api/v1/admin/history",
              "/api/v1/admin/audit", "/api/v1/admin/controls", "/api/v1/admin/stream",
              "/api/v1/admin/nothing"}) {
            QCOMPARE(statusOf(call(request("PUT", path, "{}"))), 401);
        }
        const std::string put = call(request("PUT", "/api/v1/admin/config", "{}", auth));
        QCOMPARE(statusOf(put), 405);
        QCOMPARE(headerOf(put, "Allow"), std::string("GET"));
        QCOMPARE(headerOf(call(request("GET", "/api/v1/admin/controls", {}, auth)), "Allow"),
                 std::string("POST"));
        QCOMPARE(statusOf(call(request("GET", "/api/v1/admin/nothing", {}, auth))), 404);
        QCOMPARE(headerOf(call(request("GET", "/metrics")), "Content-Type"),
                 std::string("text/plain; version=0.0.4; charset=utf-8"));
        QCOMPARE(headerOf(call(request("GET", "/api/v1/admin/history", {}, auth)), "Content-Type"),
                 std::string("text/csv; charset=utf-8"));
    }

    // The node's history: a sample a second as series.csv rows (the simulator's format),
    // on disk in DATA_DIR/history with the audit log beside it.
    void historyIsRecorded() {
        const std::string auth = std::string("Authorization: Bearer ") + kAdminKey + "\r\n";
        std::string csv;
        const auto rowsNow = [&] {
            csv = bodyOf(call(request("GET", "/api/v1/admin/history", {}, auth)));
            return std::count(csv.begin(), csv.end(), '\n');
        };
        QTRY_VERIFY_WITH_TIMEOUT(rowsNow() >= 3, 10'000);
        auto samples = sluice::series::readSeriesCsv(csv);
        QVERIFY2(samples.isOk(), samples.status().message().c_str());
        const auto& rows = samples.value();
        QVERIFY(rows.back().at - rows.front().at >= 1000);
        QCOMPARE(rows.back().nodes, 1);
        QVERIFY(rows.back().bookedTotal >= 1); // the first test's session completed
        // ?after= gives only what came later.
        const std::string later = bodyOf(call(request(
            "GET", "/api/v1/admin/history?after=" + std::to_string(rows.back().at), {}, auth)));
        auto newer = sluice::series::readSeriesCsv(later);
        QVERIFY(newer.isOk());
        for (const auto& s : newer.value()) {
            QVERIFY(s.at > rows.back().at);
        }
        QCOMPARE(statusOf(call(request("GET", "/api/v1/admin/history?after=soon", {}, auth))), 400);
        QCOMPARE(statusOf(call(request("GET", "/api/v1/admin/history"))), 401);
        // On disk.
        QFile series(m_dir.filePath("history/series.csv"));
        QVERIFY(series.open(QIODevice::ReadOnly));
        QVERIFY(sluice::series::readSeriesCsv(series.readAll().toStdString()).isOk());
        QFile audit(m_dir.filePath("history/audit.json"));
        QTRY_VERIFY_WITH_TIMEOUT(audit.exists(), 5'000);
        QVERIFY(audit.open(QIODevice::ReadOnly));
        auto entries = sluice::series::readAuditJson(audit.readAll().toStdString());
        QVERIFY(entries.isOk());
        QVERIFY(!entries.value().empty());
    }

    void adminSnapshotStream() {
        Client denied(m_port);
        denied.send(request("GET", "/api/v1/admin/stream"));
        QCOMPARE(statusOf(denied.response()), 401);

        Client c(m_port);
        c.send(request("GET", "/api/v1/admin/stream", {},
                       std::string("Authorization: Bearer ") + kAdminKey + "\r\n"));
        // The latest snapshot at once, then one a second.
        const std::string& got = c.receivedUntil("event: snapshot\n", 3, 5000);
        QCOMPARE(statusOf(got), 200);
        QCOMPARE(headerOf(got, "Content-Type"), std::string("text/event-stream"));
        QVERIFY(headerOf(got, "Content-Length").empty());
        const std::size_t last = got.rfind("data: ");
        QVERIFY(last != std::string::npos);
        const std::string data = got.substr(last + 6, got.find('\n', last) - last - 6);
        const QJsonObject snap = QJsonDocument::fromJson(QByteArray::fromStdString(data)).object();
        QVERIFY2(snap.contains("waiting") && snap.contains("auditEntries"), data.c_str());
        QCOMPARE(snap["capacity"].toInt(), 5);

        // Issue 15: HEAD streamed the body. It gets the head alone and the connection ends.
        Client head(m_port);
        head.send(request("HEAD", "/api/v1/admin/stream", {},
                          std::string("Authorization: Bearer ") + kAdminKey + "\r\n"));
        QVERIFY(head.closedByServer());
        const std::string& headOnly = head.receivedUntil("\r\n\r\n", 1, 0);
        QCOMPARE(statusOf(headOnly), 200);
        QCOMPARE(headerOf(headOnly, "Content-Type"), std::string("text/event-stream"));
        QVERIFY2(headOnly.find("\r\n\r\n") == headOnly.size() - 4, headOnly.c_str());
    }

    // The journal's two gauges the alerting rules watch (docs/metrics.md): 0 on a healthy
    // node. They were documented and used by an alert, but not exposed.
    void journalGaugesAreExposed() {
        const std::string metrics = bodyOf(call(request("GET", "/metrics")));
        QVERIFY2(metrics.find("\n# TYPE sluice_journal_behind gauge\nsluice_journal_behind 0\n") !=
                     std::string::npos,
                 metrics.c_str());
        QVERIFY2(metrics.find("\n# TYPE sluice_journal_failed gauge\nsluice_journal_failed 0\n") !=
                     std::string::npos,
                 metrics.c_str());
    }

    void waitingPageIsServedFromMemory() {
        const std::string page = call(request("GET", "/queue/"));
        QCOMPARE(statusOf(page), 200);
        QVERIFY(headerOf(page, "Content-Type").starts_with("text/html"));
        QVERIFY(headerOf(page, "Content-Security-Policy").find("script-src 'self'") !=
                std::string::npos);
        QVERIFY(bodyOf(page).find("waiting.js") != std::string::npos);
        QCOMPARE(statusOf(call(request("GET", "/queue/waiting.js"))), 200);
        QCOMPARE(headerOf(call(request("GET", "/queue")), "Location"), std::string("/queue/"));
        // Only the files loaded at start exist: nothing reaches the file system.
        QCOMPARE(statusOf(call(request("GET", "/queue/../keys/ticket-hmac.key"))), 404);
        QCOMPARE(statusOf(call(request("GET", "/queue/%2e%2e/event.json"))), 404);
    }

    void joinsAreRateLimitedPerAddress() {
        // Burst 3 at 60 a minute, per address (bad attempts count too): a quick run of joins
        // from this address meets 429 by the fourth, then one passes a second later.
        std::string limited;
        int attempts = 0;
        while (attempts < 4 && statusOf(limited) != 429) {
            limited = call(request("POST", "/api/v1/join"));
            ++attempts;
        }
        QCOMPARE(statusOf(limited), 429);
        QCOMPARE(headerOf(limited, "Retry-After"), std::string("1"));
        QTest::qWait(1100);
        QCOMPARE(statusOf(call(request("POST", "/api/v1/join"))), 201);
        QCOMPARE(statusOf(call(request("POST", "/api/v1/join"))), 429);
    }

    // The admin API over TLS only (--admin-listen); one sluiced per data directory; the
    // data directory belongs to one event; state survives a clean restart.
    void adminOverTlsAndRestarts() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(makeTestCertificate(dir.path()));
        QFile::copy(m_dir.filePath("event.json"), dir.filePath("event.json"));
        const QStringList args{"--data-dir",       dir.path(),
                               "--admin-key-file", m_dir.filePath("admin.key"),
                               "--admin-listen",   "127.0.0.1:0",
                               "--tls-cert",       dir.filePath("cert.pem"),
                               "--tls-key",        dir.filePath("key.pem"),
                               "--issuer",         "http://queue.test"};
        QProcess server;
        server.setProgram(SLUICED_PATH);
        server.setArguments(QStringList(args) << "--listen"
                                              << "127.0.0.1:0");
        server.start();
        QVERIFY(server.waitForReadyRead(10'000));
        const QString line = QString::fromUtf8(server.readLine());
        const auto m = QRegularExpression("listening on 127\\.0\\.0\\.1:(\\d+), event test-night, "
                                          "admin API over TLS on 127\\.0\\.0\\.1:(\\d+)")
                           .match(line);
        QVERIFY2(m.hasMatch(), qPrintable(line));
        const auto port = static_cast<std::uint16_t>(m.captured(1).toUInt());
        const auto adminPort = static_cast<std::uint16_t>(m.captured(2).toUInt());
        const std::string auth = std::string("Authorization: Bearer ") + kAdminKey + "\r\n";
        {
            TlsClient admin(adminPort, dir.filePath("cert.pem").toStdString());
            QVERIFY2(admin.connected(), "TLS handshake with sluiced failed");
            admin.send(request("GET", "/api/v1/admin/config", {}, auth));
            const std::string config = admin.response();
            QCOMPARE(statusOf(config), 200);
            QCOMPARE(jsonOf(config)["eventId"].toString(), QString("test-night"));
            admin.send(request("POST", "/api/v1/admin/controls",
                               R"({"operator":"tls-ops","paused":true})", auth));
            QCOMPARE(statusOf(admin.response()), 200);
        }
        // The plain port refuses the admin API even with the key, and serves the rest.
        const std::string plain = roundTrip(port, request("GET", "/api/v1/admin/config", {}, auth));
        QCOMPARE(statusOf(plain), 403);
        QVERIFY(bodyOf(plain).find("TLS") != std::string::npos);
        const std::string joined = roundTrip(port, request("POST", "/api/v1/join"));
        QCOMPARE(statusOf(joined), 201);
        const std::string ticket = jsonOf(joined)["ticket"].toString().toStdString();

        // A second sluiced on the same directory is refused; the first goes on.
        QProcess second;
        second.start(SLUICED_PATH, QStringList(args) << "--listen"
                                                     << "127.0.0.1:0");
        QVERIFY(second.waitForFinished(10'000));
        QCOMPARE(second.exitCode(), 2);
        QVERIFY(second.readAllStandardError().contains("in use by another sluiced"));

        server.terminate();
        QVERIFY(server.waitForFinished(10'000));
        QCOMPARE(server.exitCode(), 0);
        // Another event's file on this directory: refused, nothing touched.
        QFile other(dir.filePath("other.json"));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write(R"({"eventId": "another-night", "opensAt": "2021-07-19T11:00:00Z",
                        "admissionRatePerMinute": 60, "capacity": 5})");
        other.close();
        QProcess wrong;
        wrong.start(SLUICED_PATH, QStringList(args) << "--listen"
                                                    << "127.0.0.1:0"
                                                    << "--event" << dir.filePath("other.json"));
        QVERIFY(wrong.waitForFinished(10'000));
        QCOMPARE(wrong.exitCode(), 2);
        QVERIFY(wrong.readAllStandardError().contains("holds the state of event"));

        // Back up: the ticket, its place and the operator's change are all still there.
        QProcess again;
        const std::uint16_t againPort = startSluiced(again, args);
        QVERIFY(againPort != 0);
        const std::string status =
            roundTrip(againPort, request("GET", "/api/v1/status?ticket=" + ticket));
        QCOMPARE(statusOf(status), 200);
        QCOMPARE(jsonOf(status)["state"].toString(), QString("waiting"));
        QCOMPARE(jsonOf(status)["position"].toInt(), jsonOf(joined)["position"].toInt());
        again.terminate();
        QVERIFY(again.waitForFinished(10'000));
        QVERIFY(
            QString::fromUtf8(again.readAllStandardError()).contains("recovered event test-night"));
    }

    // An event with cohort windows: the config lists them; a move names its window (the bare
    // opening, an unknown window are refused, changing nothing); the move outlives a crash.
    void aCohortWindowsOpeningMovesAndOutlivesACrash() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile event(dir.filePath("event.json"));
        QVERIFY(event.open(QIODevice::WriteOnly));
        event.write(R"({"eventId": "cohort-night", "opensAt": "2099-07-19T11:00:00Z",
                        "admissionRatePerMinute": 60, "capacity": 5,
                        "cohorts": [{"name": "53-54", "bornFrom": "1967-01-01",
                                     "bornTo": "1968-12-31", "opensAt": "2099-07-19T11:00:00Z"},
                                    {"name": "50-52", "bornFrom": "1969-01-01",
                                     "bornTo": "1971-12-31", "opensAt": "2099-07-20T11:00:00Z"}]})");
        event.close();
        const QStringList args{"--data-dir", dir.path(), "--admin-key-file",
                               m_dir.filePath("admin.key")};
        const std::string auth = std::string("Authorization: Bearer ") + kAdminKey + "\r\n";
        QProcess server;
        std::uint16_t port = startSluiced(server, args);
        QVERIFY(port != 0);
        auto config = [&] {
            return jsonOf(roundTrip(port, request("GET", "/api/v1/admin/config", {}, auth)));
        };
        const QJsonArray listed = config()["cohorts"].toArray();
        QCOMPARE(listed.size(), 2);
        QCOMPARE(listed[1].toObject()["name"].toString(), QString("50-52"));
        QCOMPARE(listed[1].toObject()["opensAt"].toString(), QString("2099-07-20T11:00:00.000Z"));
        auto controls = [&](const char* body) {
            return roundTrip(port, request("POST", "/api/v1/admin/controls", body, auth));
        };
        const std::string bare = controls(R"({"operator":"ana","opensAt":"2099-07-20T10:00:00Z"})");
        QCOMPARE(statusOf(bare), 400);
        QVERIFY2(bodyOf(bare).find("cohort") != std::string::npos, bodyOf(bare).c_str());
        QCOMPARE(statusOf(controls(
                     R"({"operator":"ana","cohort":"40-49","opensAt":"2099-07-20T10:00:00Z"})")),
                 400);
        QCOMPARE(statusOf(controls(R"({"operator":"ana","cohort":"50-52"})")), 400);
        const std::string moved =
            controls(R"({"operator":"ana","cohort":"50-52","opensAt":"2099-07-20T10:00:00Z"})");
        QCOMPARE(statusOf(moved), 200);
        const QJsonObject entry = jsonOf(moved)["audit"].toArray().at(0).toObject();
        QCOMPARE(entry["field"].toString(), QString("opensAt[50-52]"));
        QCOMPARE(entry["new"].toString(), QString("2099-07-20T10:00:00.000Z"));

        server.kill(); // no clean shutdown: the journal brings the move back
        QVERIFY(server.waitForFinished(10'000));
        port = startSluiced(server, args);
        QVERIFY(port != 0);
        const QJsonArray after = config()["cohorts"].toArray();
        QCOMPARE(after[0].toObject()["opensAt"].toString(), QString("2099-07-19T11:00:00.000Z"));
        QCOMPARE(after[1].toObject()["opensAt"].toString(), QString("2099-07-20T10:00:00.000Z"));
        server.terminate();
        QVERIFY(server.waitForFinished(10'000));
    }

    void cleanupTestCase() {
        m_server.terminate(); // SIGTERM
        QVERIFY(m_server.waitForFinished(5000));
        QCOMPARE(m_server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_server.exitCode(), 0);
        QVERIFY(!m_server.readAllStandardError().contains(kAdminKey)); // never logged
    }
};

QTEST_GUILESS_MAIN(TstSluiced)
#include "tst_sluiced.moc"
