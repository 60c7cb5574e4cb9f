// SPDX-License-Identifier: Apache-2.0
// The console on two nodes of one cluster (real sluiced nodes over a real Redis): they hold
// one queue, so the console shows it once — not the waiting count twice — takes a change of
// rate whole through one node (not half to each, which the log would apply twice, leaving
// half the rate), merges the shared audit log once, and shows each node's log position and
// which node writes the ticks. A change of the proof of work's difficulty goes to the
// cluster once, is in force on both nodes, and its audit entries show once.
#include "live/live_feed.h"
#include "redis_process.h"
#include "series/sample.h"
#include "sluiced_node.h"

#include <QSignalSpy>
#include <QtTest>
#include <csignal>

using namespace sluice;
using namespace sluice::testing;
using sluice::ui::LiveFeed;
using sluice::ui::NodeClient;

class TstLiveCluster : public QObject {
    Q_OBJECT
    QTemporaryDir m_shared;
    RedisServer m_redis;
    Node m_a, m_b;

private slots:
    void initTestCase() {
        std::signal(SIGPIPE, SIG_IGN);
        QVERIFY(m_redis.start());
        for (Node* n : {&m_a, &m_b}) {
            QVERIFY(n->prepare("one-queue", false));
            n->extraArgs = {"--redis",         m_redis.address(),
                            "--wait-replicas", "0",
                            "--keys-dir",      m_shared.filePath("keys"),
                            "--node-id",       n == &m_a ? "node-a" : "node-b"};
        }
        QVERIFY(m_a.start());
        QVERIFY(m_b.start());
        // Ready once caught up with the log; then three people join through node a.
        for (Node* n : {&m_a, &m_b}) {
            const auto ready = [n] {
                Client c(n->port);
                c.send("GET /readyz HTTP/1.1\r\nHost: t\r\n\r\n");
                return statusOf(c.response());
            };
            QTRY_COMPARE_WITH_TIMEOUT(ready(), 200, 10'000);
        }
        m_a.join(3);
    }

    void aClusterIsOneQueue() {
        LiveFeed feed({m_a.address("node-a"), m_b.address("node-b")});
        QList<series::Sample> samples;
        connect(&feed, &ui::Feed::sampled, this,
                [&samples](const QList<series::Sample>& s) { samples += s; });
        feed.start();
        QTRY_VERIFY_WITH_TIMEOUT(!samples.isEmpty() && samples.last().nodes == 2, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(samples.last().waiting == 3, 10'000); // not 6
        QCOMPARE(samples.last().capacity, 100);                        // not 200
        QCOMPARE(samples.last().admissionRatePerMinute, 600);          // not 1200
        // Node health: each node's log position, and one of them writes the ticks.
        QTRY_VERIFY_WITH_TIMEOUT(feed.health()[0].leadsTicks != feed.health()[1].leadsTicks,
                                 10'000);
        QVERIFY(feed.health()[0].logApplied > 0);
        QVERIFY(feed.health()[0].stateText.contains("log "));
    }

    void aChangeGoesToTheClusterOnceAndWhole() {
        LiveFeed feed({m_a.address("node-a"), m_b.address("node-b")});
        QList<engine::AuditEntry> audit;
        connect(&feed, &ui::Feed::auditAppended, this,
                [&audit](const QList<engine::AuditEntry>& e) { audit += e; });
        QSignalSpy refused(&feed, &ui::Feed::failed);
        feed.start();
        QTRY_VERIFY_WITH_TIMEOUT(feed.node(0).state() == NodeClient::State::Live &&
                                     feed.node(1).state() == NodeClient::State::Live &&
                                     feed.node(0).latest() && feed.node(1).latest(),
                                 10'000);
        engine::ConfigChange change;
        change.admissionRatePerMinute = 1001;
        feed.applyControl("ana", change);
        QTRY_COMPARE_WITH_TIMEOUT(
            m_b.admin(request("GET", "/api/v1/admin/config"))["admissionRatePerMinute"].toInt(),
            1001, 10'000);
        QCOMPARE(
            m_a.admin(request("GET", "/api/v1/admin/config"))["admissionRatePerMinute"].toInt(),
            1001);
        QTRY_VERIFY_WITH_TIMEOUT(!audit.isEmpty(), 10'000);
        QTest::qWait(2500);        // both nodes' audit fetches have come back by now
        QCOMPARE(audit.size(), 1); // one change, one entry: not one per node
        QVERIFY(QString::fromStdString(audit[0].operatorName).contains("cluster:one-queue"));
        QCOMPARE(refused.count(), 0);
    }

    void aDifficultyChangeIsTheClustersAndShowsOnce() {
        LiveFeed feed({m_a.address("node-a"), m_b.address("node-b")});
        QList<engine::AuditEntry> pow;
        connect(&feed, &ui::Feed::auditAppended, this, [&pow](const QList<engine::AuditEntry>& e) {
            for (const engine::AuditEntry& x : e) {
                if (x.field.starts_with("proofOfWork.")) {
                    pow += x;
                }
            }
        });
        QSignalSpy refused(&feed, &ui::Feed::failed);
        feed.start();
        QTRY_VERIFY_WITH_TIMEOUT(feed.node(0).state() == NodeClient::State::Live &&
                                     feed.node(1).state() == NodeClient::State::Live &&
                                     feed.node(0).latest() && feed.node(1).latest(),
                                 10'000);
        QSignalSpy answeredA(&feed.node(0), &NodeClient::difficultyFinished);
        QSignalSpy answeredB(&feed.node(1), &NodeClient::difficultyFinished);
        feed.applyDifficulty("bo", "fixed", 12); // both nodes started without proof of work
        for (Node* n : {&m_a, &m_b}) {
            QTRY_COMPARE_WITH_TIMEOUT(
                n->admin(request("GET", "/api/v1/admin/difficulty"))["fixedBits"].toInt(), 12,
                10'000);
        }
        QTRY_VERIFY_WITH_TIMEOUT(!pow.isEmpty(), 10'000);
        QTest::qWait(2500); // both nodes' audit fetches have come back by now
        // Mode off → fixed and fixed bits none → 12: one entry a field, not one a node.
        QCOMPARE(pow.size(), 2);
        QCOMPARE(answeredA.count() + answeredB.count(),
                 1); // sent to one node: the log does the rest
        for (const engine::AuditEntry& e : pow) {
            QVERIFY(QString::fromStdString(e.operatorName).contains("bo @cluster:one-queue"));
        }
        QCOMPARE(refused.count(), 0);
    }
};

QTEST_MAIN(TstLiveCluster)
#include "tst_live_cluster.moc"
