// SPDX-License-Identifier: Apache-2.0
// Three sluiced nodes of one event over a real Redis primary and replica (Debian's
// redis-server on loopback). Joins spread over the nodes come out in one order every node
// agrees on: each node gives each ticket the same place, and at equal log positions the
// nodes' queues are equal (state digests). A retried join (same Idempotency-Key, another
// node) gets the first join's ticket. A ticket admitted and claimed through one node passes
// every node's gate. One node leads the ticks; when it is killed another takes over and
// admissions go on; restarted, it starts from its own snapshot and serves the same queue. A new
// node added while people keep joining starts from a peer's snapshot (the log was trimmed) and
// answers every ticket acknowledged meanwhile with the same state and place. With
// Redis gone, changes get 503 + Retry-After while polls are still answered — as paused, not with a
// made-up estimate.
#include "http_test_client.h"
#include "redis_process.h"
#include "sluiced_process.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <array>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <utility>
#include <vector>

using namespace sluice::testing;

namespace {

constexpr const char* kAdminKey = "cluster-test-admin-key-0123456789";

std::string request(const std::string& method, const std::string& target,
                    const std::string& body = {}, const std::string& extra = {}) {
    std::string r = method + " " + target + " HTTP/1.1\r\nHost: t\r\n" + extra;
    if (method == "POST") {
        r += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
             "\r\n";
    }
    return r + "\r\n" + body;
}

std::string admin() {
    return std::string("Authorization: Bearer ") + kAdminKey + "\r\n";
}

QJsonObject jsonOf(const std::string& response) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(bodyOf(response))).object();
}

// People joining through some nodes from a thread of its own while the test does something
// else: every acknowledged ticket is kept, every other answer counted.
class JoinLoad {
public:
    explicit JoinLoad(std::vector<std::uint16_t> ports)
        : m_thread([this, ports = std::move(ports)] {
              for (std::size_t n = 0; !m_stop; ++n) {
                  const std::string r =
                      roundTrip(ports[n % ports.size()], request("POST", "/api/v1/join", "{}"));
                  const std::lock_guard<std::mutex> hold(m_lock);
                  if (statusOf(r) == 201) {
                      m_tickets.push_back(jsonOf(r)["ticket"].toString().toStdString());
                  } else {
                      ++m_refused;
                  }
              }
          }) {}
    ~JoinLoad() { stop(); }
    JoinLoad(const JoinLoad&) = delete;
    JoinLoad& operator=(const JoinLoad&) = delete;
    std::size_t acknowledged() {
        const std::lock_guard<std::mutex> hold(m_lock);
        return m_tickets.size();
    }
    int refused() {
        const std::lock_guard<std::mutex> hold(m_lock);
        return m_refused;
    }
    std::vector<std::string> stop() {
        m_stop = true;
        if (m_thread.joinable()) {
            m_thread.join();
        }
        return m_tickets;
    }

private:
    std::atomic<bool> m_stop{false};
    std::mutex m_lock;
    std::vector<std::string> m_tickets;
    int m_refused = 0;
    std::thread m_thread; // last: starts once the members it uses exist
};

bool writeFile(const QString& path, const QByteArray& text) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

} // namespace

class TstClusterNodes : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    RedisServer m_primary, m_replica;
    std::array<QProcess, 3> m_nodes;
    std::array<std::uint16_t, 3> m_ports{};

    bool startNode(int i) {
        const QString d = m_dir.path();
        m_ports[static_cast<std::size_t>(i)] =
            startSluiced(m_nodes[static_cast<std::size_t>(i)], {"--data-dir",
                                                                d + "/node" + QString::number(i),
                                                                "--event",
                                                                d + "/event.json",
                                                                "--keys-dir",
                                                                d + "/keys",
                                                                "--admin-key-file",
                                                                d + "/admin.key",
                                                                "--redis",
                                                                m_primary.address(),
                                                                "--node-id",
                                                                "node" + QString::number(i),
                                                                "--joins-per-minute",
                                                                "0",
                                                                "--issuer",
                                                                "http://queue.cluster.test",
                                                                "--cluster-snapshot-every",
                                                                "40",
                                                                "--log-trim-every",
                                                                "1"});
        if (m_ports[static_cast<std::size_t>(i)] == 0) {
            qWarning("node %d did not start: %s", i,
                     m_nodes[static_cast<std::size_t>(i)].readAllStandardError().constData());
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
    std::uint16_t port(int i) const { return m_ports[static_cast<std::size_t>(i)]; }

    QJsonObject clusterState(int i) {
        return jsonOf(roundTrip(port(i), request("GET", "/api/v1/admin/cluster", {}, admin())));
    }
    std::string controls(int i, const std::string& body) {
        return roundTrip(port(i), request("POST", "/api/v1/admin/controls", body, admin()));
    }
    QJsonObject status(int i, const std::string& ticket) {
        return jsonOf(roundTrip(port(i), request("GET", "/api/v1/status?ticket=" + ticket)));
    }
    // The leader's node, once every live node names the same one (-1 if none within 10 s).
    int leader(const std::set<int>& live) {
        for (int t = 0; t < 200; ++t) {
            std::set<QString> named;
            int self = -1;
            for (int i : live) {
                const QJsonObject s = clusterState(i);
                named.insert(s["leader"].toString());
                if (s["isLeader"].toBool()) {
                    self = i;
                }
            }
            if (named.size() == 1 && !named.begin()->isEmpty() && self >= 0) {
                return self;
            }
            QTest::qWait(50);
        }
        return -1;
    }

    // Ticks keep coming (four a second): catch the nodes at one log position and compare
    // their queues there, three times. False if they are never at one position.
    bool sameQueues(const std::vector<int>& nodes) {
        int compared = 0;
        for (int t = 0; t < 300 && compared < 3; ++t) {
            std::vector<QJsonObject> s;
            for (int i : nodes) {
                s.push_back(clusterState(i));
            }
            const bool together = std::all_of(s.begin(), s.end(), [&s](const QJsonObject& o) {
                return o["lastId"] == s[0]["lastId"];
            });
            if (together) {
                for (const QJsonObject& o : s) {
                    if (o["digest"] != s[0]["digest"] || o["chain"] != s[0]["chain"]) {
                        qWarning("at %s: %s", qPrintable(o["lastId"].toString()),
                                 QJsonDocument(o).toJson().constData());
                        return false;
                    }
                }
                ++compared;
            }
            QTest::qWait(15);
        }
        return compared > 0;
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
                          R"({"eventId": "cluster-test", "opensAt": "2021-07-19T11:00:00Z",
                              "admissionRatePerMinute": 600, "capacity": 1000,
                              "idleTimeoutSeconds": 600})"));
        QVERIFY(writeFile(d + "/admin.key", kAdminKey));
        for (int i = 0; i < 3; ++i) {
            QVERIFY(startNode(i));
        }
    }

    void joinsSpreadOverNodesGetOnePlaceEverywhere() {
        // No admissions while places are compared: positions hold still.
        QCOMPARE(statusOf(controls(1, R"({"operator": "test", "paused": true})")), 200);
        std::vector<std::string> tickets;
        std::set<long long> seqs;
        for (int n = 0; n < 60; ++n) {
            const std::string r = roundTrip(port(n % 3), request("POST", "/api/v1/join", "{}"));
            QCOMPARE(statusOf(r), 201);
            tickets.push_back(jsonOf(r)["ticket"].toString().toStdString());
            seqs.insert(jsonOf(r)["position"].toInteger());
        }
        QCOMPARE(seqs.size(), std::size_t{60}); // each join its own place, as answered
        for (const std::string& t : tickets) {
            const auto here = status(0, t);
            QCOMPARE(here["state"].toString(), QString("waiting"));
            QCOMPARE(status(1, t)["position"].toInteger(), here["position"].toInteger());
            QCOMPARE(status(2, t)["position"].toInteger(), here["position"].toInteger());
        }
        // The i-th acknowledged join holds place i+1 (they were made one after another).
        QCOMPARE(status(2, tickets.front())["position"].toInteger(), 1);
        QCOMPARE(status(0, tickets.back())["position"].toInteger(), 60);
    }

    void equalLogPositionsHaveEqualQueues() { QVERIFY(sameQueues({0, 1, 2})); }

    void metricsSayWhoLeads() {
        QVERIFY(leader({0, 1, 2}) >= 0); // the lease is taken within a second or two of the start
        int leaders = 0;
        for (int i = 0; i < 3; ++i) {
            const std::string m = bodyOf(roundTrip(port(i), request("GET", "/metrics")));
            QVERIFY(m.find("sluice_cluster_applied_entries_total ") != std::string::npos);
            leaders += m.find("sluice_cluster_leader 1\n") != std::string::npos ? 1 : 0;
        }
        QCOMPARE(leaders, 1);
    }

    void aRetriedJoinGetsTheFirstTicket() {
        const std::string key = "Idempotency-Key: retry-1\r\n";
        const std::string first = roundTrip(port(0), request("POST", "/api/v1/join", "{}", key));
        QCOMPARE(statusOf(first), 201);
        const std::string again = roundTrip(port(2), request("POST", "/api/v1/join", "{}", key));
        QCOMPARE(statusOf(again), 201);
        QCOMPARE(jsonOf(again)["ticket"], jsonOf(first)["ticket"]);
        QCOMPARE(jsonOf(again)["position"], jsonOf(first)["position"]);
        // Node 1 counts the repeat when it applies the log entry, which may be a moment later.
        QTRY_VERIFY_WITH_TIMEOUT(clusterState(1)["repeatedKeys"].toInteger() >= 1, 5000);
        const std::string bad = roundTrip(
            port(1), request("POST", "/api/v1/join", "{}", "Idempotency-Key: has space\r\n"));
        QCOMPARE(statusOf(bad), 400);
    }

    void aTokenClaimedOnOneNodePassesEveryGate() {
        const std::string joined = roundTrip(port(1), request("POST", "/api/v1/join", "{}"));
        const std::string ticket = jsonOf(joined)["ticket"].toString().toStdString();
        QCOMPARE(statusOf(controls(2, R"({"operator": "test", "paused": false,
                                          "admissionRatePerMinute": 60000})")),
                 200);
        QString state;
        for (int t = 0; t < 300 && state != "admitted"; ++t) {
            state = status(0, ticket)["state"].toString();
            QTest::qWait(20);
        }
        QCOMPARE(state, QString("admitted"));
        const std::string claimed =
            roundTrip(port(2), request("POST", "/api/v1/claim", "{\"ticket\":\"" + ticket + "\"}"));
        QCOMPARE(statusOf(claimed), 200);
        const std::string token = jsonOf(claimed)["token"].toString().toStdString();
        for (int i = 0; i < 3; ++i) {
            // Applied on every node before the next poll there: wait for it to arrive.
            int gate = 0;
            for (int t = 0; t < 100 && gate != 204; ++t) {
                gate = statusOf(
                    roundTrip(port(i), request("GET", "/api/v1/gate/check", {},
                                               "Authorization: Bearer " + token + "\r\n")));
                QTest::qWait(gate == 204 ? 0 : 20);
            }
            QCOMPARE(gate, 204);
        }
        QCOMPARE(statusOf(roundTrip(port(0), request("GET", "/api/v1/gate/check", {},
                                                     "Authorization: Bearer forged\r\n"))),
                 401);
    }

    void anotherNodeTakesOverTheTicks() {
        const int was = leader({0, 1, 2});
        QVERIFY(was >= 0);
        // People waiting, admissions slow enough to see them resume.
        QCOMPARE(statusOf(controls(was, R"({"operator": "test", "admissionRatePerMinute": 120})")),
                 200);
        const int survivor = (was + 1) % 3;
        std::vector<std::string> tickets;
        for (int n = 0; n < 20; ++n) {
            const std::string r = roundTrip(port(survivor), request("POST", "/api/v1/join", "{}"));
            tickets.push_back(jsonOf(r)["ticket"].toString().toStdString());
        }
        m_nodes[static_cast<std::size_t>(was)].kill();
        m_nodes[static_cast<std::size_t>(was)].waitForFinished(5000);
        QElapsedTimer clock;
        clock.start();
        std::set<int> live{0, 1, 2};
        live.erase(was);
        const int next = leader(live);
        QVERIFY2(next >= 0 && next != was, "no node took over the ticks");
        // Admissions go on: the last joined moves up within a few seconds of the takeover.
        const long long before = status(survivor, tickets.back())["position"].toInteger();
        long long now = before;
        for (int t = 0; t < 250 && now >= before; ++t) {
            now = status(survivor, tickets.back())["position"].toInteger();
            QTest::qWait(20);
        }
        QVERIFY2(now < before, "admissions did not resume after the leader was killed");
        qInfo("leader killed: ticks resumed from node%d after %lld ms", next, clock.elapsed());
        // A restarted node starts from its own snapshot, reads the log after it, and serves
        // the same queue; the log was trimmed behind the nodes' snapshots meanwhile.
        QVERIFY(startNode(was));
        QVERIFY(!clusterState(was)["restoredFrom"].toString().isEmpty());
        QVERIFY(sameQueues({was, survivor}));
        // Trimmed behind the snapshots (written and announced in the background, so it may
        // take a moment after the restart), not emptied.
        int length = 0;
        int added = 0;
        QString info;
        for (int t = 0; t < 100 && !(added > length && length > 0); ++t) {
            if (t > 0) {
                QTest::qWait(100);
            }
            // Both from one answer: an XLEN before it would let a join added in between
            // pass for a trim.
            info = m_primary.cli({"XINFO", "STREAM", "sluice:{cluster-test}:log"});
            length = info.section("length\n", 1).section('\n', 0, 0).toInt();
            added = info.section("entries-added\n", 1).section('\n', 0, 0).toInt();
        }
        QVERIFY2(added > length && length > 0, qPrintable(info));
        // Trimmed in slices of whole stream nodes, never past what a node would read after
        // its snapshot: the log's first entry is at or before every node's snapshot.
        const auto idOf = [](const QString& text) {
            return std::pair{text.section('-', 0, 0).toULongLong(),
                             text.section('-', 1, 1).toULongLong()};
        };
        const auto first = idOf(info.section("first-entry\n", 1).section('\n', 0, 0));
        const QStringList snapshots =
            m_primary.cli({"HGETALL", "sluice:{cluster-test}:snapshots"}).split('\n');
        int compared = 0;
        for (int i = 1; i < snapshots.size(); i += 2) {
            const auto at = idOf(snapshots[i].section(' ', 0, 0));
            QVERIFY2(first <= at, qPrintable(info + "\n" + snapshots.join(' ')));
            ++compared;
        }
        QVERIFY2(compared >= 2, qPrintable(snapshots.join(' ')));
        QCOMPARE(status(was, tickets.front())["state"].toString(),
                 status(survivor, tickets.front())["state"].toString());
    }

    void aNewNodeAfterTrimmingStartsFromAPeersSnapshot() {
        // The log was trimmed (above): replaying it from the start is no longer possible.
        m_nodes[0].kill(); // node 0 is replaced by a new machine under the same name
        m_nodes[0].waitForFinished(5000);
        QDir(m_dir.path() + "/node0").removeRecursively(); // a new machine: nothing of its own
        // Added under load: people keep joining through the other two nodes all along.
        JoinLoad load({port(1), port(2)});
        QTRY_VERIFY_WITH_TIMEOUT(load.acknowledged() >= 20, 10'000);
        const std::size_t before = load.acknowledged();
        QVERIFY(startNode(0));
        const std::size_t whileStarting = load.acknowledged() - before;
        QTRY_VERIFY_WITH_TIMEOUT(load.acknowledged() >= before + whileStarting + 20, 10'000);
        const std::vector<std::string> joined = load.stop();
        qInfo("node0 added under load: %zu joins acknowledged while it started, %zu in all",
              whileStarting, joined.size());
        QVERIFY2(whileStarting > 0, "no join was acknowledged while the new node started");
        QCOMPARE(load.refused(), 0);
        const QJsonObject state = clusterState(0);
        QVERIFY2(!state["restoredFrom"].toString().isEmpty(),
                 qPrintable(QJsonDocument(state).toJson() + "\nnode0 said:\n" +
                            m_nodes[0].readAllStandardError()));
        QVERIFY(sameQueues({0, 1, 2}));
        // The same answers: every ticket acknowledged under load has the same state and place
        // on the new node as on the one that took it (asked again if a tick fell between).
        for (std::size_t n = 0; n < joined.size(); ++n) {
            const int other = 1 + static_cast<int>(n % 2);
            QJsonObject mine, theirs;
            for (int t = 0; t < 5; ++t) {
                mine = status(0, joined[n]);
                theirs = status(other, joined[n]);
                if (mine["state"] == theirs["state"] && mine["position"] == theirs["position"]) {
                    break;
                }
            }
            QVERIFY2(mine["state"].toString() == "waiting" ||
                         mine["state"].toString() == "admitted",
                     qPrintable(QString::fromStdString(joined[n]) + ": " +
                                QJsonDocument(mine).toJson()));
            QCOMPARE(mine["state"], theirs["state"]);
            QCOMPARE(mine["position"], theirs["position"]);
        }
    }

    void withoutRedisChangesWaitAndPollsSayPaused() {
        const std::string joined = roundTrip(port(0), request("POST", "/api/v1/join", "{}"));
        const std::string ticket = jsonOf(joined)["ticket"].toString().toStdString();
        m_primary.kill();
        m_replica.kill();
        QTest::qWait(2500); // the nodes notice (stale after 2 s without the log)
        const std::string change = roundTrip(port(1), request("POST", "/api/v1/join", "{}"));
        QCOMPARE(statusOf(change), 503);
        QVERIFY(!headerOf(change, "Retry-After").empty());
        const QJsonObject polled = status(2, ticket);
        QCOMPARE(polled["state"].toString(), QString("waiting"));
        QCOMPARE(polled["paused"].toBool(), true);
        QCOMPARE(polled["estimate"].toObject()["known"].toBool(), false);
        QCOMPARE(statusOf(roundTrip(port(0), request("GET", "/readyz"))), 503);
    }

    void cleanupTestCase() {
        for (QProcess& p : m_nodes) {
            p.kill();
            p.waitForFinished(5000);
        }
    }
};

QTEST_MAIN(TstClusterNodes)
#include "tst_cluster_nodes.moc"
