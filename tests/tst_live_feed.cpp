// SPDX-License-Identifier: Apache-2.0
// The console's live feed against real sluiced processes (no mock): two nodes, one over
// TLS with its own certificate. Snapshots arrive and add up; a throttle from the console
// splits across the nodes, changes their rates and comes back through their audit logs; a
// node killed and restarted is marked, left out and reconnected, and when no node is live
// no sample is made (a gap); a wrong admin key is a clear error, not an empty dashboard; a
// what-if projects forward from the live state.
#include "live/live_feed.h"
#include "series/sample.h"
#include "sluiced_node.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

using namespace sluice;
using namespace sluice::testing;
using sluice::ui::LiveFeed;
using sluice::ui::NodeAddress;
using sluice::ui::NodeClient;

class TstLiveFeed : public QObject {
    Q_OBJECT
    Node m_a, m_b;

private slots:
    void initTestCase() {
        std::signal(SIGPIPE, SIG_IGN);
        QVERIFY(m_a.prepare("night", false));
        QVERIFY(m_b.prepare("night", true));
        QVERIFY(m_a.start());
        QVERIFY(m_b.start());
        m_a.join(3);
        m_b.join(2);
    }

    void snapshotsAddUpAcrossNodes() {
        LiveFeed feed({m_a.address("node-a"), m_b.address("node-b")});
        QList<series::Sample> samples;
        connect(&feed, &ui::Feed::sampled, this,
                [&samples](const QList<series::Sample>& s) { samples += s; });
        feed.start();
        // A node's first snapshot may be from just before the joins: wait for the next.
        QTRY_VERIFY_WITH_TIMEOUT(
            !samples.isEmpty() && samples.last().nodes == 2 && samples.last().waiting == 5, 10'000);
        const series::Sample& s = samples.last();
        QCOMPARE(s.capacity, 200);
        QCOMPARE(s.admissionRatePerMinute, 1200);
        QVERIFY(s.paused);
        const auto health = feed.health();
        QCOMPARE(health.size(), 2);
        QCOMPARE(health[1].stateText, QString("live"));
        QVERIFY(!health[1].url.contains(kKey));
        QCOMPARE(health[1].waiting, quint64{2});
    }

    void aThrottleSplitsAcrossNodesAndComesBackAudited() {
        LiveFeed feed({m_a.address("node-a"), m_b.address("node-b")});
        QList<engine::AuditEntry> audit;
        connect(&feed, &ui::Feed::auditAppended, this,
                [&audit](const QList<engine::AuditEntry>& e) { audit += e; });
        QSignalSpy refused(&feed, &ui::Feed::failed);
        feed.start();
        QTRY_VERIFY_WITH_TIMEOUT(feed.node(0).state() == NodeClient::State::Live &&
                                     feed.node(1).state() == NodeClient::State::Live,
                                 10'000);
        engine::ConfigChange change;
        change.admissionRatePerMinute = 1001;
        feed.applyControl("ana", change);
        QTRY_VERIFY_WITH_TIMEOUT(audit.size() >= 2, 10'000);
        QCOMPARE(
            m_a.admin(request("GET", "/api/v1/admin/config"))["admissionRatePerMinute"].toInt(),
            501);
        QCOMPARE(
            m_b.admin(request("GET", "/api/v1/admin/config"))["admissionRatePerMinute"].toInt(),
            500);
        QStringList who;
        for (const auto& e : audit) {
            who << QString::fromStdString(e.operatorName + " " + e.field + " " + e.newValue);
        }
        who.sort();
        QCOMPARE(who, QStringList({"ana @node-a admissionRatePerMinute 501",
                                   "ana @node-b admissionRatePerMinute 500"}));
        // A change made elsewhere (another console) shows too.
        m_a.admin(request("POST", "/api/v1/admin/controls",
                          R"({"operator":"bo","message":"hello from bo"})"));
        QTRY_VERIFY_WITH_TIMEOUT(audit.size() == 3, 10'000);
        QCOMPARE(audit.last().operatorName, std::string("bo @node-a"));
        // A refusal comes back with the node's reason.
        change.admissionRatePerMinute = std::nullopt;
        change.opensAt = 1; // 1970: refused by the engine
        feed.applyControl("ana", change);
        QTRY_VERIFY_WITH_TIMEOUT(!refused.isEmpty(), 10'000);
        QVERIFY(refused.last().at(0).toString().contains("node-"));
    }

    void aKilledNodeIsMarkedLeftOutAndReconnected() {
        LiveFeed feed({m_a.address("node-a"), m_b.address("node-b")});
        QList<series::Sample> samples;
        connect(&feed, &ui::Feed::sampled, this,
                [&samples](const QList<series::Sample>& s) { samples += s; });
        feed.start();
        QTRY_VERIFY_WITH_TIMEOUT(!samples.isEmpty() && samples.last().nodes == 2, 10'000);
        m_a.kill();
        // Node a is left out (stale, then reconnecting): the sum is node b's alone.
        QTRY_VERIFY_WITH_TIMEOUT(feed.node(0).state() == NodeClient::State::Reconnecting ||
                                     feed.node(0).state() == NodeClient::State::Stale,
                                 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(samples.last().nodes == 1, 10'000);
        QCOMPARE(samples.last().waiting, std::uint64_t{2});
        // No node live: no samples at all — a gap, not a flat line of old numbers.
        m_b.kill();
        QTRY_VERIFY_WITH_TIMEOUT(feed.node(1).state() != NodeClient::State::Live, 10'000);
        const qsizetype before = feed.samplesMade();
        QTest::qWait(3000);
        QCOMPARE(feed.samplesMade(), before);
        const engine::TimeMs lastBefore = samples.last().at;
        // Both come back on their addresses (their state from the journal): reconnected.
        QVERIFY(m_a.start());
        QVERIFY(m_b.start());
        QTRY_VERIFY_WITH_TIMEOUT(!samples.isEmpty() && samples.last().nodes == 2, 40'000);
        QCOMPARE(samples.last().waiting, std::uint64_t{5}); // nobody lost
        QVERIFY(samples.last().at - lastBefore >= 3000);    // the gap is in the samples' times
    }

    void aWrongKeyIsAClearError() {
        LiveFeed feed({m_a.address("node-a", "not-the-key-0123456789")});
        QSignalSpy failed(&feed, &ui::Feed::failed);
        feed.start();
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 10'000);
        QVERIFY2(failed.first().at(0).toString().contains("wrong admin key"),
                 qPrintable(failed.first().at(0).toString()));
        QCOMPARE(feed.node(0).state(), NodeClient::State::Refused);
        QTest::qWait(1500);
        QCOMPARE(feed.samplesMade(), 0); // nothing made up
        QVERIFY(feed.health().first().stateText.contains("wrong admin key"));
    }

    void whatIfFromLive() {
        // Resume node a so the projection has something to admit.
        m_a.admin(request("POST", "/api/v1/admin/controls",
                          R"({"operator":"ana","paused":false,"admissionRatePerMinute":60})"));
        m_a.join(200);
        QTest::qWait(2500); // the burst of joins is in the past: the feed sees none join now
        LiveFeed feed({m_a.address("node-a")});
        feed.start();
        QTRY_VERIFY_WITH_TIMEOUT(feed.node(0).state() == NodeClient::State::Live &&
                                     feed.node(0).latest()->sample.waiting > 150,
                                 10'000);
        QSignalSpy projected(&feed, &ui::Feed::projected);
        ui::WhatIfRequest r;
        r.change.admissionRatePerMinute = 600; // ten times faster
        r.horizonSeconds = 3600;
        static_cast<ui::Feed&>(feed).project(r); // through the interface the window uses
        QTRY_VERIFY_WITH_TIMEOUT(!projected.isEmpty(), 30'000);
        const auto result = projected.first().at(0).value<ui::WhatIfResult>();
        QVERIFY(result.samples.size() >= 3000);
        QCOMPARE(result.samples.first().admissionRatePerMinute, 600);
        // ~200 waiting at 10 a second: the line is empty within the hour.
        QVERIFY(result.emptyAt.has_value());
        QVERIFY(result.peakWaiting >= 150);
    }
};

QTEST_GUILESS_MAIN(TstLiveFeed)
#include "tst_live_feed.moc"
