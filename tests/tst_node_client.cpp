// SPDX-License-Identifier: Apache-2.0
// The console's client of one live node (a real sluiced, no mock): a control's answer
// carries the audit entries the change made, and the client shows them with the log it
// knew — before it reports the control applied, and without fetching the log again; when
// the log grew elsewhere in between, it fetches the whole log and ends with the node's.
#include "live/node_client.h"
#include "series/audit_json.h"
#include "sim/sim_output.h"
#include "sluiced_node.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QtTest>
#include <csignal>

using namespace sluice;
using namespace sluice::testing;
using sluice::ui::NodeClient;

namespace {

// What the node's audit log holds now (GET /api/v1/admin/audit).
std::vector<engine::AuditEntry> auditOf(const Node& node) {
    Client c(node.port);
    c.send(request("GET", "/api/v1/admin/audit"));
    auto read = series::readAuditJson(bodyOf(c.response()));
    return read.isOk() ? read.value() : std::vector<engine::AuditEntry>();
}

QStringList linesOf(const QList<engine::AuditEntry>& entries) {
    QStringList out;
    for (const engine::AuditEntry& e : entries) {
        out << QString::fromStdString(e.operatorName + " " + e.field + " " + e.oldValue + " -> " +
                                      e.newValue);
    }
    return out;
}

QStringList linesOf(const std::vector<engine::AuditEntry>& entries) {
    return linesOf(QList<engine::AuditEntry>(entries.begin(), entries.end()));
}

} // namespace

class TstNodeClient : public QObject {
    Q_OBJECT
    Node m_node;

private slots:
    void initTestCase() {
        std::signal(SIGPIPE, SIG_IGN);
        QVERIFY(m_node.prepare("client-night", false));
        QVERIFY(m_node.start());
        // A change before the console connects: the client learns it by fetching the log.
        m_node.admin(request("POST", "/api/v1/admin/controls",
                             R"({"operator":"ana","message":"doors at eight"})"));
    }

    void ownChangeComesBackWithItsAnswer() {
        NodeClient client(m_node.address("node-a"));
        QList<QList<engine::AuditEntry>> logs; // every auditFetched, in order
        connect(&client, &NodeClient::auditFetched, this,
                [&logs](const QList<engine::AuditEntry>& e) { logs.append(e); });
        QList<engine::AuditEntry> shownWhenApplied;
        bool applied = false;
        connect(&client, &NodeClient::controlFinished, this, [&](bool ok, const QString& message) {
            QVERIFY2(ok, qPrintable(message));
            applied = true;
            shownWhenApplied = logs.isEmpty() ? QList<engine::AuditEntry>() : logs.last();
        });
        client.start();
        QTRY_VERIFY_WITH_TIMEOUT(client.state() == NodeClient::State::Live && logs.size() == 1,
                                 10'000);
        QCOMPARE(linesOf(logs.last()), QStringList({"ana message  -> doors at eight"}));

        engine::ConfigChange change;
        change.admissionRatePerMinute = 900;
        change.capacity = 80;
        client.applyControl("bo", change);
        QTRY_VERIFY_WITH_TIMEOUT(applied, 10'000);
        // The two entries the change made (operator, old and new values) were shown with the
        // log known before, by the time the control was reported applied.
        const QStringList expected{"ana message  -> doors at eight",
                                   "bo admissionRatePerMinute 600 -> 900", "bo capacity 100 -> 80"};
        QCOMPARE(linesOf(shownWhenApplied), expected);
        QCOMPARE(linesOf(auditOf(m_node)), expected);
        // No fetch followed: a fetch would show the log once more. Three snapshots that
        // count the new entries pass without one.
        QCOMPARE(logs.size(), 2);
        QSignalSpy snapshots(&client, &NodeClient::snapshot);
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.size() >= 3, 10'000);
        QCOMPARE(client.latest()->auditEntries, quint64{3});
        QCOMPARE(logs.size(), 2);
    }

    // Another console's change lands between the last log this client knew and its own
    // change: the answer's entries do not follow on, so the whole log is fetched.
    void aLogThatGrewElsewhereIsFetchedWhole() {
        NodeClient client(m_node.address("node-a"));
        QList<engine::AuditEntry> shown;
        connect(&client, &NodeClient::auditFetched, this,
                [&shown](const QList<engine::AuditEntry>& e) { shown = e; });
        QSignalSpy finished(&client, &NodeClient::controlFinished);
        client.start();
        QTRY_VERIFY_WITH_TIMEOUT(shown.size() == 3, 10'000);
        m_node.admin(
            request("POST", "/api/v1/admin/controls", R"({"operator":"cy","paused":false})"));
        engine::ConfigChange change;
        change.admissionRatePerMinute = 700;
        client.applyControl("bo", change);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 10'000);
        QVERIFY(finished.first().at(0).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 5, 10'000);
        QCOMPARE(linesOf(shown), linesOf(auditOf(m_node)));
    }
};

QTEST_GUILESS_MAIN(TstNodeClient)
#include "tst_node_client.moc"
