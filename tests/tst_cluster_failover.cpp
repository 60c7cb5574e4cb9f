// SPDX-License-Identifier: Apache-2.0
// Three sluiced nodes over Redis with Sentinel (a primary, two replicas, three Sentinels on
// loopback), with clients joining and claiming on every node throughout, while parts fail:
// a replica is killed, a node is stopped for a few seconds, every Redis server is stopped for
// a few seconds (changes get 503 + Retry-After meanwhile), and the primary is killed so that
// the Sentinels fail over. After each: every acknowledged ticket is known to every node with
// the same state and, while admissions are paused, the same place; each client's waiting
// tickets are in the order their joins were acknowledged; no two acknowledged joins share a
// ticket or a place; every acknowledged token passes every node's gate; and nodes at the same
// log position have the same queue (digest and chain). Prints the time from the primary's
// death to the first join acknowledged after it.
#include "http_test_client.h"
#include "redis_sentinel.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>

using namespace sluice::testing;

namespace {

constexpr int kNodes = 3;
constexpr const char* kAdminKey = "failover-test-admin-key-0123456789";
using SteadyClock = std::chrono::steady_clock;

std::string request(const std::string& method, const std::string& target,
                    const std::string& body = {}, const std::string& extra = {}) {
    std::string r = method + " " + target + " HTTP/1.1\r\nHost: t\r\n" + extra;
    if (method == "POST") {
        r += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
             "\r\n";
    }
    return r + "\r\n" + body;
}

// One request on a fresh connection; "" when nothing came back in time (a stopped node).
std::string call(std::uint16_t port, const std::string& wire, int timeoutMs = 2500) {
    Client c(port);
    if (!c.connected()) {
        return {};
    }
    c.send(wire);
    return c.response(timeoutMs);
}

QJsonObject jsonOf(const std::string& response) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(bodyOf(response))).object();
}

std::string admin() {
    return std::string("Authorization: Bearer ") + kAdminKey + "\r\n";
}

bool writeFile(const QString& path, const QByteArray& text) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

// A join some node acknowledged (201).
struct AckedJoin {
    std::string key, ticket;
    int client = 0;
    SteadyClock::time_point sent, acked; // first attempt; the acknowledgement
};

// Clients on their own threads, one per node: each joins (with an Idempotency-Key, asking
// the next node on a 503 or no answer, as a page behind nginx would) and now and then polls
// one of its tickets and claims it once admitted. Records what was acknowledged.
class Workload {
public:
    explicit Workload(std::array<std::uint16_t, kNodes> ports) : m_ports(ports) {}
    ~Workload() { stop(); }
    void start() {
        m_stop = false;
        for (int c = 0; c < kNodes; ++c) {
            m_threads.emplace_back([this, c] { run(c); });
        }
    }
    void stop() {
        m_stop = true;
        for (std::thread& t : m_threads) {
            t.join();
        }
        m_threads.clear();
    }
    std::vector<AckedJoin> joins() const {
        std::lock_guard lock(m_mutex);
        return m_joins;
    }
    std::map<std::string, std::string> tokens() const { // ticket → token
        std::lock_guard lock(m_mutex);
        return m_tokens;
    }
    int refusals() const { return m_refusals; } // 503s and silences, retried
    std::string unexpected() const {            // any other answer, or ""
        std::lock_guard lock(m_mutex);
        return m_unexpected;
    }
    // The first join acknowledged whose first attempt was sent after `t`.
    std::optional<SteadyClock::time_point> firstAckSentAfter(SteadyClock::time_point t) const {
        std::lock_guard lock(m_mutex);
        std::optional<SteadyClock::time_point> first;
        for (const AckedJoin& j : m_joins) {
            if (j.sent > t && (!first || j.acked < *first)) {
                first = j.acked;
            }
        }
        return first;
    }

private:
    // Sends `wire` to node `first`, then the next ones, until an answer other than 503 or
    // silence, for up to 20 s. The final answer ("" if none).
    std::string persist(int first, const std::string& wire) {
        for (int attempt = 0; attempt < 200 && !m_stop; ++attempt) {
            const std::string r =
                call(m_ports[static_cast<std::size_t>((first + attempt) % 3)], wire, 2500);
            if (!r.empty() && statusOf(r) != 503) {
                return r;
            }
            ++m_refusals;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return {};
    }
    void note(const std::string& what, const std::string& answer) {
        std::lock_guard lock(m_mutex);
        if (m_unexpected.empty()) {
            m_unexpected = what + ": " + answer.substr(0, 200);
        }
    }
    void run(int client) {
        std::mt19937 random(static_cast<unsigned>(client));
        std::vector<std::string> mine; // not yet claimed
        for (int n = 0; !m_stop; ++n) {
            const std::string key = "c" + std::to_string(client) + "-" +
                                    std::to_string(m_keys[static_cast<std::size_t>(client)]++);
            const auto sent = SteadyClock::now();
            const std::string joined = persist(
                client, request("POST", "/api/v1/join", "{}", "Idempotency-Key: " + key + "\r\n"));
            if (statusOf(joined) == 201) {
                const std::string ticket = jsonOf(joined)["ticket"].toString().toStdString();
                std::lock_guard lock(m_mutex);
                m_joins.push_back({key, ticket, client, sent, SteadyClock::now()});
                mine.push_back(ticket);
            } else if (!joined.empty()) {
                note("join", joined);
            }
            if (n % 2 == 0 && !mine.empty()) {
                // The front of this client's tickets, often enough one of them at random.
                const std::size_t pick = n % 4 == 0 ? 0 : random() % mine.size();
                const std::string polled =
                    persist(client, request("GET", "/api/v1/status?ticket=" + mine[pick]));
                if (jsonOf(polled)["state"].toString() == "admitted") {
                    claim(client, mine[pick]);
                    mine.erase(mine.begin() + static_cast<std::ptrdiff_t>(pick));
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
        }
    }
    void claim(int client, const std::string& ticket) {
        const std::string claimed =
            persist(client, request("POST", "/api/v1/claim", "{\"ticket\":\"" + ticket + "\"}",
                                    "Idempotency-Key: claim-" + ticket + "\r\n"));
        if (statusOf(claimed) == 200) {
            std::lock_guard lock(m_mutex);
            m_tokens[ticket] = jsonOf(claimed)["token"].toString().toStdString();
        } else if (!claimed.empty()) {
            note("claim", claimed);
        }
    }

    std::array<std::uint16_t, kNodes> m_ports;
    std::vector<std::thread> m_threads;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_refusals{0};
    std::array<int, kNodes> m_keys{}; // each client's next key (its thread's alone)
    mutable std::mutex m_mutex;
    std::vector<AckedJoin> m_joins;              // guarded by m_mutex
    std::map<std::string, std::string> m_tokens; // guarded by m_mutex
    std::string m_unexpected;                    // guarded by m_mutex
};

} // namespace

class TstClusterFailover : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    RedisWithSentinels m_redis;
    std::array<QProcess, kNodes> m_nodes;
    std::array<std::uint16_t, kNodes> m_ports{};
    std::unique_ptr<Workload> m_load;

    QProcess& node(int i) { return m_nodes[static_cast<std::size_t>(i)]; }
    std::uint16_t port(int i) const { return m_ports[static_cast<std::size_t>(i)]; }

    bool startNode(int i) {
        const QString d = m_dir.path();
        QProcess& p = node(i);
        p.setProgram(SLUICED_PATH);
        p.setArguments({"--data-dir",
                        d + "/node" + QString::number(i),
                        "--event",
                        d + "/event.json",
                        "--keys-dir",
                        d + "/keys",
                        "--admin-key-file",
                        d + "/admin.key",
                        "--sentinel",
                        m_redis.sentinelList(),
                        "--master-name",
                        RedisWithSentinels::kMasterName,
                        "--redis-password-file",
                        d + "/redis.password",
                        "--node-id",
                        "node" + QString::number(i),
                        "--issuer",
                        "http://queue.failover.test",
                        "--joins-per-minute",
                        "0",
                        "--listen",
                        "127.0.0.1:" + QString::number(port(i))});
        // Everything it says goes to its log: an undrained pipe would block it once full.
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.setStandardOutputFile(d + "/node" + QString::number(i) + ".log", QIODevice::Append);
        p.start();
        if (!p.waitForStarted(5000)) {
            return false;
        }
        for (int t = 0; t < 500; ++t) {
            if (statusOf(call(port(i), request("GET", "/readyz"))) == 200) {
                return true;
            }
            QTest::qWait(20);
        }
        qWarning("node %d never became ready", i);
        return false;
    }
    // Every node still running; otherwise the reason, with the end of its log.
    QString deadNodes() {
        QString why;
        for (int i = 0; i < kNodes; ++i) {
            if (node(i).state() != QProcess::Running) {
                QFile log(m_dir.path() + "/node" + QString::number(i) + ".log");
                log.open(QIODevice::ReadOnly);
                why += QString("node%1 exited (%2): %3\n")
                           .arg(i)
                           .arg(node(i).exitCode())
                           .arg(QString::fromUtf8(log.readAll().right(600)));
            }
        }
        return why;
    }
    QJsonObject clusterState(int i) {
        return jsonOf(call(port(i), request("GET", "/api/v1/admin/cluster", {}, admin())));
    }
    // A control change, on whichever node takes it first.
    // One key for all attempts: an attempt that timed out may still reach the log (after a
    // failover, even after a later change), and must then count as this change, not a new
    // one (an old "paused": false applied during the checks would move every place).
    int m_controlChanges = 0;
    bool controls(const std::string& body) {
        const std::string key =
            "Idempotency-Key: test-controls-" + std::to_string(++m_controlChanges) + "\r\n";
        for (int attempt = 0; attempt < 100; ++attempt) {
            const std::string r =
                call(port(attempt % kNodes),
                     request("POST", "/api/v1/admin/controls", body, admin() + key), 3000);
            if (statusOf(r) == 200) {
                return true;
            }
            QTest::qWait(100);
        }
        return false;
    }
    // What systemd does with the shipped unit (Restart=on-failure), checked every 250 ms: a
    // node that stopped because its copy held entries a failover took back is started again
    // and replays the log. Those entries were never acknowledged (the invariants check every
    // acknowledged one). Any other exit stays an exit (deadNodes reports it).
    QTimer m_supervisor;
    bool m_restarting = false;
    int m_restarts = 0;
    void restartDivergedNodes() {
        if (m_restarting) {
            return; // startNode waits with the event loop running
        }
        m_restarting = true;
        for (int i = 0; i < kNodes; ++i) {
            if (node(i).state() != QProcess::NotRunning) {
                continue;
            }
            QFile log(m_dir.path() + "/node" + QString::number(i) + ".log");
            log.open(QIODevice::ReadOnly);
            if (log.readAll().right(400).contains("diverged from the log")) {
                qInfo("node%d stopped on entries a failover took back; started again", i);
                ++m_restarts;
                if (!startNode(i)) {
                    qWarning("node%d did not start again", i);
                }
            }
        }
        m_restarting = false;
    }
    // On a failure: what each node says of the cluster, and its log kept for reading.
    void keepEvidence() {
        for (int i = 0; i < kNodes; ++i) {
            qWarning("node%d: %s", i,
                     QJsonDocument(clusterState(i)).toJson(QJsonDocument::Compact).constData());
        }
        m_dir.setAutoRemove(false);
        qWarning("logs kept in %s", qPrintable(m_dir.path()));
    }
    // Ticks keep coming: catch the nodes at one log position and compare their queues there.
    bool sameQueues() {
        for (int t = 0; t < 400; ++t) {
            std::vector<QJsonObject> s;
            for (int i = 0; i < kNodes; ++i) {
                s.push_back(clusterState(i));
            }
            const bool together = std::all_of(s.begin(), s.end(), [&s](const QJsonObject& o) {
                return !o["lastId"].toString().isEmpty() && o["lastId"] == s[0]["lastId"];
            });
            if (together) {
                for (const QJsonObject& o : s) {
                    if (o["digest"] != s[0]["digest"] || o["chain"] != s[0]["chain"]) {
                        qWarning("nodes differ at %s: %s / %s", qPrintable(o["lastId"].toString()),
                                 QJsonDocument(o).toJson(QJsonDocument::Compact).constData(),
                                 QJsonDocument(s[0]).toJson(QJsonDocument::Compact).constData());
                        return false;
                    }
                }
                return true;
            }
            QTest::qWait(10);
        }
        qWarning("the nodes were never at one log position");
        return false;
    }

    // Stops the clients, pauses admissions and checks every invariant in the header; then
    // lets admissions and clients go on. QVERIFY fails the calling test.
    void checkInvariants(const char* after) {
        m_load->stop();
        QVERIFY2(m_load->unexpected().empty(), m_load->unexpected().c_str());
        restartDivergedNodes();
        QVERIFY2(deadNodes().isEmpty(), qPrintable(deadNodes()));
        const bool paused = controls(R"({"operator": "test", "paused": true})");
        if (!paused) {
            keepEvidence();
        }
        QVERIFY2(paused, "no node took the pause");
        QVERIFY(sameQueues()); // also: every node applied the pause and every join
        const std::vector<AckedJoin> joins = m_load->joins();
        std::set<std::string> tickets;
        std::map<long long, const AckedJoin*> places;
        std::array<long long, kNodes> lastPlaceOfClient{};
        int waiting = 0;
        for (const AckedJoin& j : joins) {
            QVERIFY2(tickets.insert(j.ticket).second, "two acknowledged joins share a ticket");
            QJsonObject first;
            for (int i = 0; i < kNodes; ++i) {
                const std::string r =
                    call(port(i), request("GET", "/api/v1/status?ticket=" + j.ticket));
                QVERIFY2(
                    statusOf(r) == 200,
                    (j.key + " on node" + std::to_string(i) + ": " + r.substr(0, 120)).c_str());
                const QJsonObject s = jsonOf(r);
                if (i == 0) {
                    first = s;
                    continue;
                }
                QCOMPARE(s["state"].toString(), first["state"].toString());
                QCOMPARE(s["position"].toInteger(), first["position"].toInteger());
            }
            if (first["state"].toString() == "waiting") {
                ++waiting;
                const long long place = first["position"].toInteger();
                if (const auto [at, fresh] = places.emplace(place, &j); !fresh) {
                    qWarning("place %lld: %s (client %d) and %s (client %d); %s", place,
                             at->second->key.c_str(), at->second->client, j.key.c_str(), j.client,
                             QJsonDocument(first).toJson(QJsonDocument::Compact).constData());
                    keepEvidence();
                }
                QVERIFY2(places.count(place) == 1 && places[place] == &j,
                         "two acknowledged joins share a place");
                long long& last = lastPlaceOfClient[static_cast<std::size_t>(j.client)];
                QVERIFY2(place > last, "a client's later join is ahead of its earlier one");
                last = place;
            }
        }
        const auto tokens = m_load->tokens();
        for (const auto& [ticket, token] : tokens) {
            for (int i = 0; i < kNodes; ++i) {
                const std::string gate =
                    call(port(i), request("GET", "/api/v1/gate/check", {},
                                          "Authorization: Bearer " + token + "\r\n"));
                QVERIFY2(statusOf(gate) == 204,
                         ("token " + token + " on node" + std::to_string(i) + ": " + gate).c_str());
            }
        }
        qInfo("after %s: %zu acknowledged joins (%d waiting), %zu tokens, %d refusals retried",
              after, joins.size(), waiting, tokens.size(), m_load->refusals());
        QVERIFY(joins.size() > 20);
        QVERIFY(controls(R"({"operator": "test", "paused": false})"));
        m_load->start();
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const QString d = m_dir.path();
        QVERIFY(m_redis.start(d));
        QVERIFY(writeFile(d + "/event.json",
                          R"({"eventId": "failover-test", "opensAt": "2021-07-19T11:00:00Z",
                              "admissionRatePerMinute": 1500, "capacity": 100000,
                              "idleTimeoutSeconds": 3600, "claimGraceSeconds": 600,
                              "sessionTtlSeconds": 3600})"));
        QVERIFY(writeFile(d + "/admin.key", kAdminKey));
        QVERIFY(writeFile(d + "/redis.password", RedisWithSentinels::kPassword));
        for (int i = 0; i < kNodes; ++i) {
            m_ports[static_cast<std::size_t>(i)] = freeLoopbackPort();
            QVERIFY(startNode(i));
        }
        connect(&m_supervisor, &QTimer::timeout, this, [this] { restartDivergedNodes(); });
        m_supervisor.start(250);
        m_load = std::make_unique<Workload>(m_ports);
        m_load->start();
        QTest::qWait(1500);
        checkInvariants("the start");
    }
    // Each case below fails on any broken invariant (checkInvariants fails the case).

    void aReplicaKilled() {
        const int primary = m_redis.primary();
        QVERIFY(primary >= 0);
        const int replica = (primary + 1) % RedisWithSentinels::kServers;
        m_redis.kill(replica);
        QTest::qWait(3000);
        checkInvariants("a replica was killed");
        QVERIFY(m_redis.restartAsReplica(replica));
    }

    void aNodeStopped() {
        ::kill(static_cast<pid_t>(node(2).processId()), SIGSTOP);
        QTest::qWait(3000);
        ::kill(static_cast<pid_t>(node(2).processId()), SIGCONT);
        QTest::qWait(1000);
        checkInvariants("node2 was stopped for 3 s");
    }

    void redisStoppedChangesWait() {
        for (int s = 0; s < RedisWithSentinels::kServers; ++s) {
            m_redis.pause(s, true);
        }
        QTest::qWait(2500); // the nodes notice (I/O time-out 1 s, stale after 2 s)
        const std::string change = call(port(0), request("POST", "/api/v1/join", "{}"), 5000);
        for (int s = 0; s < RedisWithSentinels::kServers; ++s) {
            m_redis.pause(s, false);
        }
        QCOMPARE(statusOf(change), 503);
        QVERIFY(!headerOf(change, "Retry-After").empty());
        // The Sentinels may have started a failover while every server was silent; the next
        // case starts once it is over.
        QVERIFY2(m_redis.awaitSettled(RedisWithSentinels::kServers - 1, 30'000) >= 0,
                 "the Sentinels did not settle on one primary with every replica online");
        checkInvariants("Redis was stopped for 2.5 s");
    }

    void thePrimaryKilledSentinelFailsOver() {
        // One fault: from a cluster whose replicas both stream from the primary (a replica
        // still syncing after the last case would make this a double fault).
        const int was = m_redis.awaitSettled(RedisWithSentinels::kServers - 1, 30'000);
        QVERIFY2(was >= 0, "the Sentinels did not settle on one primary with every replica online");
        const auto killedAt = SteadyClock::now();
        m_redis.kill(was);
        QVERIFY2(m_redis.awaitNewPrimary(was, 15'000) >= 0, "the Sentinels did not fail over");
        std::optional<SteadyClock::time_point> first;
        for (int t = 0; t < 600 && !first; ++t) { // 30 s: the goal (5 s) is the benchmark's
            first = m_load->firstAckSentAfter(killedAt);
            QTest::qWait(50);
        }
        if (!first) {
            keepEvidence();
        }
        QVERIFY2(first.has_value(), "no join was acknowledged after the failover");
        qInfo(
            "Redis primary killed: first acknowledged join after %lld ms",
            static_cast<long long>(
                std::chrono::duration_cast<std::chrono::milliseconds>(*first - killedAt).count()));
        QTest::qWait(1000);
        checkInvariants("the primary was killed");
    }

    void cleanupTestCase() {
        m_supervisor.stop();
        qInfo("nodes started again after a failover took entries back: %d", m_restarts);
        if (m_load) {
            m_load->stop();
        }
        for (QProcess& p : m_nodes) {
            ::kill(static_cast<pid_t>(p.processId()), SIGCONT);
            p.kill();
            p.waitForFinished(5000);
        }
    }
};

QTEST_GUILESS_MAIN(TstClusterFailover)
#include "tst_cluster_failover.moc"
