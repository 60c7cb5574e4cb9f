// SPDX-License-Identifier: Apache-2.0
// The operator's proof-of-work difficulty in a cluster (issue 16): two real sluiced nodes over
// Debian's redis-server (a primary and a replica on loopback), both started with
// --proof-of-work 4. A change made on node 0 goes through the log: node 1 then issues its
// challenges at the new difficulty and refuses solutions of easier ones; a retry with the same
// Idempotency-Key is answered with the first outcome; every node's audit shows each change
// once. Node 1 keeps the difficulty across SIGKILL restarts, from its snapshot and the log
// after it, and from the whole log without a snapshot, though its flags say otherwise. With
// Redis stopped a change gets 503 + Retry-After and no node changes.
#include "http_test_client.h"
#include "pow/pow_challenges.h"
#include "redis_process.h"
#include "sluiced_process.h"
#include "tokens/big_endian.h"
#include "tokens/sha256.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <array>
#include <utility>

using namespace sluice::testing;

namespace {

constexpr const char* kAdminKey = "cluster-pow-test-admin-key-0123";

std::string request(const std::string& method, const std::string& target,
                    const std::string& body = {}, const std::string& extra = {}) {
    std::string r = method + " " + target + " HTTP/1.1\r\nHost: t\r\n" + extra;
    if (method == "POST") {
        r += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
             "\r\n";
    }
    return r + "\r\n" + body;
}

std::string admin(const std::string& extra = {}) {
    return std::string("Authorization: Bearer ") + kAdminKey + "\r\n" + extra;
}

QJsonObject jsonOf(const std::string& response) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(bodyOf(response))).object();
}

bool writeFile(const QString& path, const QByteArray& text) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
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

// A join body carrying `challenge` ({"challenge", "difficulty"}) solved at its difficulty.
std::string solvedBody(const QJsonObject& challenge) {
    const std::string text = challenge["challenge"].toString().toStdString();
    return "{\"pow\":{\"challenge\":\"" + text +
           "\",\"counter\":" + std::to_string(solve(text, challenge["difficulty"].toInt())) + "}}";
}

// A log id "MS-SEQ" as a pair that orders as the log does.
std::pair<long long, long long> idOf(const QString& id) {
    return {id.section('-', 0, 0).toLongLong(), id.section('-', 1, 1).toLongLong()};
}

} // namespace

class TstClusterPow : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    RedisServer m_primary, m_replica;
    std::array<QProcess, 2> m_nodes;
    std::array<std::uint16_t, 2> m_ports{};

    bool startNode(int i) {
        const QString d = m_dir.path();
        const auto n = static_cast<std::size_t>(i);
        m_ports[n] = startSluiced(m_nodes[n],
                                  {"--data-dir", d + "/node" + QString::number(i), "--event",
                                   d + "/event.json", "--keys-dir", d + "/keys", "--admin-key-file",
                                   d + "/admin.key", "--redis", m_primary.address(), "--node-id",
                                   "node" + QString::number(i), "--joins-per-minute", "0",
                                   "--issuer", "http://queue.cluster.test", "--proof-of-work", "4",
                                   "--cluster-snapshot-every", "20",
                                   // Never trimmed: a node without a snapshot of
                                   // its own replays the whole log.
                                   "--log-trim-every", "86400"});
        if (m_ports[n] == 0) {
            qWarning("node %d did not start: %s", i, m_nodes[n].readAllStandardError().constData());
            return false;
        }
        for (int t = 0; t < 500; ++t) {
            if (statusOf(roundTrip(port(i), request("GET", "/readyz"))) == 200) {
                return true;
            }
            QTest::qWait(20);
        }
        qWarning("node %d never became ready", i);
        return false;
    }
    void killNode(int i) {
        m_nodes[static_cast<std::size_t>(i)].kill(); // SIGKILL
        m_nodes[static_cast<std::size_t>(i)].waitForFinished(5000);
    }
    std::uint16_t port(int i) const { return m_ports[static_cast<std::size_t>(i)]; }

    std::string changeDifficulty(int i, const std::string& body, const std::string& key = {}) {
        return roundTrip(port(i), request("POST", "/api/v1/admin/difficulty", body,
                                          admin(key.empty() ? std::string()
                                                            : "Idempotency-Key: " + key + "\r\n")));
    }
    QJsonObject difficulty(int i) {
        return jsonOf(roundTrip(port(i), request("GET", "/api/v1/admin/difficulty", {}, admin())));
    }
    QJsonObject challenge(int i) {
        return jsonOf(roundTrip(port(i), request("GET", "/api/v1/join/challenge")));
    }
    QJsonObject clusterState(int i) {
        return jsonOf(roundTrip(port(i), request("GET", "/api/v1/admin/cluster", {}, admin())));
    }
    // The node's audit entries about the proof of work, in its order.
    QJsonArray powAudit(int i) {
        const QJsonArray all =
            QJsonDocument::fromJson(
                QByteArray::fromStdString(
                    bodyOf(roundTrip(port(i), request("GET", "/api/v1/admin/audit", {}, admin())))))
                .array();
        QJsonArray pow;
        for (const QJsonValue& e : all) {
            if (e.toObject().value("field").toString().startsWith("proofOfWork.")) {
                pow.append(e);
            }
        }
        return pow;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const QString d = m_dir.path();
        QVERIFY(m_primary.start());
        QVERIFY(m_replica.start(m_primary.port()));
        for (int t = 0; t < 100 && !m_primary.cli({"INFO", "replication"}).contains("state=online");
             ++t) {
            QTest::qWait(50);
        }
        QVERIFY(writeFile(d + "/event.json",
                          R"({"eventId": "cluster-pow", "opensAt": "2021-07-19T11:00:00Z",
                              "admissionRatePerMinute": 600, "capacity": 1000,
                              "idleTimeoutSeconds": 600})"));
        QVERIFY(writeFile(d + "/admin.key", kAdminKey));
        QVERIFY(startNode(0));
        QVERIFY(startNode(1));
        QCOMPARE(challenge(1)["difficulty"].toInt(), 4); // the flags'
    }

    void aChangeOnOneNodeIsInForceOnEveryNode() {
        const QJsonObject easy = challenge(1); // issued at 4 bits, before the change
        const std::string changed =
            changeDifficulty(0, R"({"operator": "ana", "bits": 9})", "pow-change-1");
        QCOMPARE(statusOf(changed), 200);
        const QJsonArray made = jsonOf(changed)["audit"].toArray();
        QCOMPARE(made.size(), 1);
        QCOMPARE(made[0]["field"].toString(), QString("proofOfWork.fixedBits"));
        QCOMPARE(made[0]["old"].toString(), QString("4"));
        QCOMPARE(made[0]["new"].toString(), QString("9"));
        QCOMPARE(jsonOf(changed)["settings"].toObject()["bits"].toInt(), 9);
        // Answered once applied here: node 0's challenges ask for 9 bits at once.
        QCOMPARE(challenge(0)["difficulty"].toInt(), 9);
        // Node 1 applies it as it reads the log (within moments).
        QTRY_COMPARE_WITH_TIMEOUT(challenge(1)["difficulty"].toInt(), 9, 5000);
        const QJsonObject settings = difficulty(1);
        QCOMPARE(settings["mode"].toString(), QString("fixed"));
        QCOMPARE(settings["fixedBits"].toInt(), 9);
        QCOMPARE(settings["minimumAccepted"].toInt(), 9);
        // A solution of a challenge from before the change is worth nothing on node 1 now; one
        // of a fresh challenge joins.
        const std::string refused =
            roundTrip(port(1), request("POST", "/api/v1/join", solvedBody(easy)));
        QCOMPARE(jsonOf(refused)["error"].toObject()["reason"].toString(), QString("pow_too_easy"));
        QCOMPARE(
            statusOf(roundTrip(port(1), request("POST", "/api/v1/join", solvedBody(challenge(1))))),
            201);
        // One audit entry for the change, the same on both nodes.
        QCOMPARE(powAudit(0).size(), 1);
        QCOMPARE(powAudit(1), powAudit(0));
        QCOMPARE(powAudit(1)[0].toObject().value("operator").toString(), QString("ana"));
        // A retry with the same key, on the other node: the first outcome, not a second change.
        const std::string again =
            changeDifficulty(1, R"({"operator": "ana", "bits": 9})", "pow-change-1");
        QCOMPARE(statusOf(again), 200);
        QCOMPARE(jsonOf(again)["audit"], jsonOf(changed)["audit"]);
        QTRY_VERIFY_WITH_TIMEOUT(clusterState(0)["repeatedKeys"].toInteger() >= 1, 5000);
        QCOMPARE(powAudit(0).size(), 1);
        QCOMPARE(powAudit(1).size(), 1);
        // Nonsense is refused whole (floor above the ceiling) and changes nothing anywhere.
        QCOMPARE(statusOf(changeDifficulty(0, R"({"operator": "ana", "floor": 30})")), 400);
        QCOMPARE(statusOf(changeDifficulty(0, R"({"operator": "ana", "bits": 40})")), 400);
        QCOMPARE(difficulty(0)["floor"].toInt(), 18);
        QCOMPARE(powAudit(0).size(), 1);
    }

    void aRestartedNodeKeepsTheDifficulty() {
        // Node 1's snapshot holds the change (one every 20 entries; ticks come 4 a second).
        const QString applied = clusterState(1)["lastId"].toString();
        QTRY_VERIFY_WITH_TIMEOUT(!clusterState(1)["lastSnapshot"].toString().isEmpty() &&
                                     idOf(clusterState(1)["lastSnapshot"].toString()) >=
                                         idOf(applied),
                                 20000);
        // A second change, in the log after that snapshot; node 1 is killed at once.
        const std::string changed = changeDifficulty(
            0, R"({"operator": "bo", "mode": "auto", "floor": 6, "ceiling": 12})", "pow-change-2");
        QCOMPARE(statusOf(changed), 200);
        QCOMPARE(jsonOf(changed)["audit"].toArray().size(), 4); // mode, fixed bits, floor, ceiling
        killNode(1);
        // Restarted with the same flags (fixed at 4 bits): the snapshot and the log win.
        QVERIFY(startNode(1));
        QVERIFY(!clusterState(1)["restoredFrom"].toString().isEmpty());
        QJsonObject settings = difficulty(1);
        QCOMPARE(settings["mode"].toString(), QString("auto"));
        QCOMPARE(settings["floor"].toInt(), 6);
        QCOMPARE(settings["ceiling"].toInt(), 12);
        QCOMPARE(challenge(1)["difficulty"].toInt(), 6); // a quiet room: the floor
        QCOMPARE(powAudit(1).size(), 5);
        QCOMPARE(powAudit(1), powAudit(0));
        // A new machine in node 1's place (no snapshot of its own, the log not trimmed): the
        // whole log replayed gives the same.
        killNode(1);
        QVERIFY(QDir(m_dir.path() + "/node1/cluster").removeRecursively());
        QVERIFY(startNode(1));
        QVERIFY(clusterState(1)["restoredFrom"].toString().isEmpty());
        settings = difficulty(1);
        QCOMPARE(settings["mode"].toString(), QString("auto"));
        QCOMPARE(settings["floor"].toInt(), 6);
        QCOMPARE(challenge(1)["difficulty"].toInt(), 6);
        QCOMPARE(powAudit(1), powAudit(0));
    }

    void withoutRedisAChangeIsRefusedAndNoNodeChanges() {
        m_primary.kill();
        m_replica.kill();
        // At once (the append fails), and once the nodes know the log is gone (stale, 2 s).
        const std::string first = changeDifficulty(0, R"({"operator": "cy", "bits": 12})", "c-1");
        QCOMPARE(statusOf(first), 503);
        QVERIFY(!headerOf(first, "Retry-After").empty());
        QTest::qWait(2500);
        const std::string second = changeDifficulty(1, R"({"operator": "cy", "bits": 12})", "c-2");
        QCOMPARE(statusOf(second), 503);
        QVERIFY(!headerOf(second, "Retry-After").empty());
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(difficulty(i)["mode"].toString(), QString("auto"));
            QCOMPARE(challenge(i)["difficulty"].toInt(), 6);
            QCOMPARE(powAudit(i).size(), 5);
        }
    }

    void cleanupTestCase() {
        for (QProcess& p : m_nodes) {
            p.kill();
            p.waitForFinished(5000);
        }
    }
};

QTEST_MAIN(TstClusterPow)
#include "tst_cluster_pow.moc"
