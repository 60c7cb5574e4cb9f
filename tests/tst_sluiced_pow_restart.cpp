// SPDX-License-Identifier: Apache-2.0
// Fair joins across a restart of the real, standalone sluiced (issue 16): a solved challenge
// spent before a SIGKILL is not accepted again after it (nor one issued before it: the
// replay guard lived in the dead process), the refusal carries a fresh challenge that joins;
// and the operator's difficulty changes (settings and audit entries) survive SIGKILL
// restarts, winning over the flags, while a damaged saved file stops the start.
#include "http_test_client.h"
#include "pow/pow_challenges.h"
#include "sluiced_process.h"
#include "tokens/big_endian.h"
#include "tokens/sha256.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <array>
#include <memory>

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

// A join body carrying `challenge` ({"challenge", "difficulty"}) solved.
std::string solvedBody(const QJsonObject& challenge) {
    const std::string text = challenge["challenge"].toString().toStdString();
    return "{\"pow\":{\"challenge\":\"" + text +
           "\",\"counter\":" + std::to_string(solve(text, challenge["difficulty"].toInt())) + "}}";
}

QString reasonOf(const std::string& response) {
    return jsonOf(response)["error"].toObject()["reason"].toString();
}

} // namespace

class TstSluicedPowRestart : public QObject {
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir; // a fresh one for each test
    QProcess m_server;
    std::uint16_t m_port = 0;

    std::string call(const std::string& wire) { return roundTrip(m_port, wire); }
    std::string admin(const std::string& method, const std::string& path,
                      const std::string& body = {}) {
        return call(request(method, path, body,
                            "Authorization: Bearer " + std::string(kAdminKey) + "\r\n"));
    }
    QJsonObject challenge() { return jsonOf(call(request("GET", "/api/v1/join/challenge"))); }
    QStringList flags() const {
        return {"--data-dir",       m_dir->path(),
                "--event",          m_dir->filePath("event.json"),
                "--admin-key-file", m_dir->filePath("admin.key"),
                "--proof-of-work",  "8"};
    }
    // SIGKILL (no shutdown snapshot, nothing flushed on the way out), then the same command.
    bool killAndRestart() {
        m_server.kill();
        m_server.waitForFinished(5000);
        m_port = startSluiced(m_server, flags());
        return m_port != 0;
    }
    // The audit entries of the proof of work, as "operator field old→new".
    QStringList powAudit() {
        QStringList out;
        const QJsonArray all =
            QJsonDocument::fromJson(
                QByteArray::fromStdString(bodyOf(admin("GET", "/api/v1/admin/audit"))))
                .array();
        for (const auto& v : all) {
            const QJsonObject e = v.toObject();
            if (e["field"].toString().startsWith("proofOfWork.")) {
                out << e["operator"].toString() + " " + e["field"].toString() + " " +
                           e["old"].toString() + "→" + e["new"].toString();
            }
        }
        return out;
    }

private slots:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QFile event(m_dir->filePath("event.json"));
        QVERIFY(event.open(QIODevice::WriteOnly));
        event.write("{\"eventId\": \"restart-night\", \"opensAt\": \"2021-07-19T11:00:00Z\",\n"
                    " \"admissionRatePerMinute\": 600, \"capacity\": 100}");
        event.close();
        QFile key(m_dir->filePath("admin.key"));
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.write(kAdminKey);
        key.close();
        m_port = startSluiced(m_server, flags());
        QVERIFY2(m_port != 0, "sluiced did not start");
    }

    void cleanup() {
        m_server.terminate();
        m_server.waitForFinished(5000);
        m_dir.reset();
    }

    void solutionSpentBeforeARestartIsRefusedAfterIt() {
        const QJsonObject spent = challenge();
        QCOMPARE(spent["difficulty"].toInt(), 8);
        QCOMPARE(statusOf(call(request("POST", "/api/v1/join", solvedBody(spent)))), 201);
        std::string r = call(request("POST", "/api/v1/join", solvedBody(spent)));
        QCOMPARE(statusOf(r), 403);
        QCOMPARE(reasonOf(r), QString("pow_reused"));
        const QJsonObject unspent = challenge(); // being solved while the server restarts
        QVERIFY(killAndRestart());
        // The new process's replay guard is empty: the spent challenge must not join again.
        r = call(request("POST", "/api/v1/join", solvedBody(spent)));
        QCOMPARE(statusOf(r), 409);
        QCOMPARE(reasonOf(r), QString("pow_expired"));
        QVERIFY(jsonOf(r)["error"].toObject()["message"].toString().contains("restarted"));
        // One issued before the restart and never spent costs one more solve ...
        r = call(request("POST", "/api/v1/join", solvedBody(unspent)));
        QCOMPARE(statusOf(r), 409);
        QCOMPARE(reasonOf(r), QString("pow_expired"));
        // ... of the fresh challenge the refusal carries (what the waiting page solves next).
        const QJsonObject fresh = jsonOf(r)["challenge"].toObject();
        QCOMPARE(fresh["challenge"].toString().size(), 64);
        QCOMPARE(statusOf(call(request("POST", "/api/v1/join", solvedBody(fresh)))), 201);
        QCOMPARE(reasonOf(call(request("POST", "/api/v1/join", solvedBody(fresh)))),
                 QString("pow_reused"));
        QTest::qWait(1200); // the next 1-second sample
        const std::string m = bodyOf(call(request("GET", "/metrics")));
        QVERIFY(m.find("sluice_pow_refusals_total{reason=\"expired\"} 2") != std::string::npos);
        QVERIFY(m.find("\nsluice_joins_total 2\n") != std::string::npos);
    }

    void difficultyChangesSurviveSigkillRestarts() {
        std::string r =
            admin("POST", "/api/v1/admin/difficulty", "{\"operator\":\"ana\",\"bits\":10}");
        QCOMPARE(statusOf(r), 200);
        QVERIFY(killAndRestart());
        // The saved settings win over the flags (--proof-of-work 8).
        QJsonObject settings = jsonOf(admin("GET", "/api/v1/admin/difficulty"));
        QCOMPARE(settings["mode"].toString(), QString("fixed"));
        QCOMPARE(settings["bits"].toInt(), 10);
        QCOMPARE(challenge()["difficulty"].toInt(), 10);
        QCOMPARE(powAudit(), QStringList{"ana proofOfWork.fixedBits 8→10"});
        r = admin("POST", "/api/v1/admin/difficulty",
                  "{\"operator\":\"bo\",\"mode\":\"auto\",\"floor\":12,\"ceiling\":20,"
                  "\"quietJoinsPerMinute\":300}");
        QCOMPARE(statusOf(r), 200);
        QVERIFY(killAndRestart());
        settings = jsonOf(admin("GET", "/api/v1/admin/difficulty"));
        QCOMPARE(settings["mode"].toString(), QString("auto"));
        QCOMPARE(settings["floor"].toInt(), 12);
        QCOMPARE(settings["ceiling"].toInt(), 20);
        QCOMPARE(settings["quietJoinsPerMinute"].toDouble(), 300.0);
        QCOMPARE(settings["minimumAccepted"].toInt(), 12);
        QVERIFY(!settings.contains("fixedBits"));
        QCOMPARE(challenge()["difficulty"].toInt(), 12);
        const QStringList expected{
            "ana proofOfWork.fixedBits 8→10",   "bo proofOfWork.mode fixed→auto",
            "bo proofOfWork.fixedBits 10→none", "bo proofOfWork.floor 18→12",
            "bo proofOfWork.ceiling 22→20",     "bo proofOfWork.quietJoinsPerMinute 600.0→300.0"};
        QCOMPARE(powAudit(), expected);
    }

    void damagedSavedSettingsStopTheStart() {
        QCOMPARE(statusOf(admin("POST", "/api/v1/admin/difficulty",
                                "{\"operator\":\"ana\",\"bits\":11}")),
                 200);
        m_server.kill();
        m_server.waitForFinished(5000);
        QFile saved(m_dir->filePath("state/proof-of-work.json"));
        QVERIFY(saved.exists());
        QVERIFY(saved.open(QIODevice::WriteOnly | QIODevice::Truncate));
        saved.write("{\"format\": 1, \"mode\": \"fixed\"");
        saved.close();
        // Not silently back at the flags' 8 bits: the operator is told which file to fix.
        QCOMPARE(startSluiced(m_server, flags()), std::uint16_t{0});
        m_server.waitForFinished(5000);
        QVERIFY(m_server.exitCode() != 0);
        QVERIFY(m_server.readAllStandardError().contains("proof-of-work.json"));
        QVERIFY(saved.remove()); // removed: the flags' settings again
        m_port = startSluiced(m_server, flags());
        QVERIFY(m_port != 0);
        QCOMPARE(challenge()["difficulty"].toInt(), 8);
    }
};

QTEST_GUILESS_MAIN(TstSluicedPowRestart)
#include "tst_sluiced_pow_restart.moc"
