// SPDX-License-Identifier: Apache-2.0
// sluiced killed with SIGKILL at random moments under load, again and again. Three client
// threads join, poll and claim on real sockets the whole time; the test keeps only what
// the server acknowledged (a whole 201 join or 200 claim). After every restart and at the
// end: every acknowledged ticket is known and keeps its place (nobody acknowledged after it
// is ahead of it, and it is no further back than when it joined), every acknowledged token
// passes the gate and a claim again returns that same token, and no ticket number was ever
// handed out twice. Each restart's time to answer again is printed.
#include "http_test_client.h"
#include "sluiced_process.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

using namespace sluice::testing;

namespace {

constexpr int kKills = 22;

std::string request(const std::string& method, const std::string& target,
                    const std::string& body = {}, const std::string& extra = {}) {
    std::string r = method + " " + target + " HTTP/1.1\r\nHost: t\r\n" + extra;
    if (method == "POST") {
        r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    return r + "\r\n" + body;
}

QJsonObject jsonOf(const std::string& response) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(bodyOf(response))).object();
}

// The place number inside a ticket (docs/formats.md: version, event tag, then the
// big-endian sequence number).
std::uint32_t seqOf(const std::string& ticket) {
    const QByteArray raw =
        QByteArray::fromBase64(QByteArray::fromStdString(ticket),
                               QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    std::uint32_t seq = 0;
    for (int i = 5; i < 9 && i < raw.size(); ++i) {
        seq = (seq << 8) | static_cast<std::uint8_t>(raw[i]);
    }
    return seq;
}

struct Acknowledged {
    std::string ticket;
    std::uint64_t positionAtJoin = 0;
};

// What the server acknowledged, across all client threads.
struct Ledger {
    std::mutex mutex;
    std::vector<Acknowledged> joins;
    std::map<std::string, std::string> tokens; // ticket → token
    std::uint64_t requests = 0, failures = 0;
};

// One client: joins, now and then polls one of its tickets and claims it once admitted.
void clientLoop(const std::atomic<std::uint16_t>& port, const std::atomic<bool>& stop,
                Ledger& ledger, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<std::string> mine;
    std::set<std::string> claimed;
    while (!stop.load()) {
        const std::uint16_t p = port.load();
        if (p == 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
        }
        Client c(p);
        if (!c.connected()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
        }
        std::string answer;
        if (!mine.empty() && rng() % 3 == 0) {
            const std::string& ticket = mine[rng() % mine.size()];
            if (claimed.contains(ticket)) {
                continue;
            }
            c.send(request("GET", "/api/v1/status?ticket=" + ticket));
            answer = c.response(3000);
            if (statusOf(answer) == 200 && jsonOf(answer)["state"] == "admitted") {
                Client again(p);
                again.send(request("POST", "/api/v1/claim", "{\"ticket\":\"" + ticket + "\"}"));
                const std::string claim = again.response(3000);
                if (statusOf(claim) == 200) {
                    claimed.insert(ticket);
                    std::lock_guard lock(ledger.mutex);
                    ledger.tokens[ticket] = jsonOf(claim)["token"].toString().toStdString();
                }
            }
        } else {
            c.send(request("POST", "/api/v1/join"));
            answer = c.response(3000);
            if (statusOf(answer) == 201) {
                const QJsonObject j = jsonOf(answer);
                const std::string ticket = j["ticket"].toString().toStdString();
                mine.push_back(ticket);
                std::lock_guard lock(ledger.mutex);
                ledger.joins.push_back(
                    {ticket, static_cast<std::uint64_t>(j["position"].toInteger())});
            }
        }
        std::lock_guard lock(ledger.mutex);
        ++ledger.requests;
        ledger.failures += answer.empty() ? 1U : 0U;
    }
}

} // namespace

class TstSluicedCrash : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcess m_server;
    std::atomic<std::uint16_t> m_port{0};

    // Starts sluiced on the same data directory (a new port each time, the same issuer, so
    // tokens stay valid); the time until it answers /readyz.
    qint64 start() {
        QElapsedTimer clock;
        clock.start();
        const std::uint16_t port = startSluiced(
            m_server, {"--data-dir", m_dir.path(), "--joins-per-minute", "0", "--snapshot-every",
                       "3000", "--max-connections", "1000", "--issuer", "http://queue.crash.test"});
        if (port == 0) {
            qWarning("sluiced did not start: %s", m_server.readAllStandardError().constData());
            return -1;
        }
        for (int i = 0; i < 300; ++i) {
            if (statusOf(roundTrip(port, request("GET", "/readyz"))) == 200) {
                m_port = port;
                return clock.elapsed();
            }
            QTest::qWait(10);
        }
        return -1;
    }

    // Every acknowledged ticket and token, checked on the running server.
    void verify(Ledger& ledger) {
        std::lock_guard lock(ledger.mutex);
        Client c(m_port.load());
        QVERIFY(c.connected());
        std::set<std::string> tickets;
        std::set<std::uint32_t> seqs;
        std::vector<std::pair<std::uint32_t, std::uint64_t>> waiting; // seq, position now
        // Latest joins first: admissions go on while this runs and only move places forward,
        // so an earlier ticket asked later must still be ahead of a later one asked before.
        std::vector<Acknowledged> joins = ledger.joins;
        std::sort(joins.begin(), joins.end(), [](const Acknowledged& x, const Acknowledged& y) {
            return seqOf(x.ticket) > seqOf(y.ticket);
        });
        for (const Acknowledged& a : joins) {
            QVERIFY2(tickets.insert(a.ticket).second, "a ticket was handed out twice");
            QVERIFY2(seqs.insert(seqOf(a.ticket)).second, "a place was handed out twice");
            c.send(request("GET", "/api/v1/status?ticket=" + a.ticket));
            const std::string answer = c.response();
            QVERIFY2(statusOf(answer) == 200, answer.c_str());
            const QJsonObject j = jsonOf(answer);
            const QString state = j["state"].toString();
            QVERIFY2(state == "waiting" || state == "admitted" || state == "active",
                     qPrintable(state));
            if (state == "waiting") {
                const auto position = static_cast<std::uint64_t>(j["position"].toInteger());
                QVERIFY2(position <= a.positionAtJoin, "an acknowledged ticket lost ground");
                waiting.emplace_back(seqOf(a.ticket), position);
            }
        }
        // Waiting places keep their join order (first come, first served after the opening).
        std::sort(waiting.begin(), waiting.end());
        for (std::size_t i = 1; i < waiting.size(); ++i) {
            QVERIFY2(waiting[i].second > waiting[i - 1].second, "places out of join order");
        }
        std::set<std::string> tokens;
        int reclaimed = 0;
        for (const auto& [ticket, token] : ledger.tokens) {
            QVERIFY2(tokens.insert(token).second, "one token for two tickets");
            c.send(request("GET", "/api/v1/gate/check", {},
                           "Authorization: Bearer " + token + "\r\n"));
            QCOMPARE(statusOf(c.response()), 204);
            if (reclaimed++ < 50) { // the same claim again: the same token, not a second one
                c.send(request("POST", "/api/v1/claim", "{\"ticket\":\"" + ticket + "\"}"));
                QCOMPARE(jsonOf(c.response())["token"].toString().toStdString(), token);
            }
        }
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QFile event(m_dir.filePath("event.json"));
        QVERIFY(event.open(QIODevice::WriteOnly));
        // Open since 2021, first come first served; nobody goes idle or expires during
        // the test, so every acknowledged ticket must still be there.
        event.write(R"({"eventId": "crash-night", "opensAt": "2021-07-19T11:00:00Z",
                        "preQueuePolicy": "fifo", "admissionRatePerMinute": 3000,
                        "capacity": 1000000, "sessionTtlSeconds": 86400,
                        "claimGraceSeconds": 86400, "idleTimeoutSeconds": 86400})");
    }

    void acknowledgedWorkSurvivesSigkillUnderLoad() {
        QVERIFY(start() >= 0);
        Ledger ledger;
        std::atomic<bool> stop{false};
        std::vector<std::thread> clients;
        for (unsigned i = 0; i < 3; ++i) {
            clients.emplace_back(clientLoop, std::cref(m_port), std::cref(stop), std::ref(ledger),
                                 i + 1);
        }
        std::mt19937 rng(20210719);
        std::vector<qint64> restarts;
        for (int kill = 0; kill < kKills; ++kill) {
            QTest::qWait(150 + static_cast<int>(rng() % 600)); // a random moment under load
            m_port = 0;
            m_server.kill(); // SIGKILL
            QVERIFY(m_server.waitForFinished(5000));
            const qint64 took = start();
            QVERIFY2(took >= 0, "sluiced did not come back");
            restarts.push_back(took);
            if (kill % 7 == 6) {
                verify(ledger); // also while the load goes on
                if (QTest::currentTestFailed()) {
                    stop = true;
                    for (std::thread& t : clients) {
                        t.join();
                    }
                    return;
                }
            }
        }
        QTest::qWait(300);
        stop = true;
        for (std::thread& t : clients) {
            t.join();
        }
        verify(ledger);
        if (QTest::currentTestFailed()) {
            return;
        }
        std::sort(restarts.begin(), restarts.end());
        qInfo("%d kills; %zu joins and %zu claims acknowledged, %llu requests (%llu cut off "
              "by kills); back in median %lld ms, slowest %lld ms",
              kKills, ledger.joins.size(), ledger.tokens.size(),
              static_cast<unsigned long long>(ledger.requests),
              static_cast<unsigned long long>(ledger.failures), restarts[restarts.size() / 2],
              restarts.back());
        QVERIFY2(ledger.joins.size() > 1000, "the load must be real");
        QVERIFY2(ledger.tokens.size() > 50, "claims must happen between the kills");
        QVERIFY2(ledger.failures > 0, "kills must land while requests are in flight");
    }

    void cleanupTestCase() {
        if (m_server.state() != QProcess::NotRunning) {
            m_server.terminate();
            m_server.waitForFinished(5000);
        }
    }
};

QTEST_GUILESS_MAIN(TstSluicedCrash)
#include "tst_sluiced_crash.moc"
