// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "feed/feed.h"
#include "feed/projection_thread.h"
#include "node_client.h"
#include "series/sample.h"

#include <QMap>
#include <QTimer>
#include <deque>
#include <map>
#include <optional>
#include <vector>

namespace sluice::ui {

// A node as the health list shows it.
struct NodeHealth {
    QString name;
    QString url; // never the key
    NodeClient::State state = NodeClient::State::Connecting;
    QString stateText;
    quint64 waiting = 0;
    qint64 msSinceSnapshot = -1;
    // A cluster node's: log entries applied, how far behind the furthest node it is, and
    // whether it writes the cluster's ticks.
    quint64 logApplied = 0;
    quint64 logBehind = 0;
    bool leadsTicks = false;
    std::optional<FairJoins> fairJoins; // its proof of work and shared tokens, latest known
};

// The console on live sluiced nodes: the same Feed and Controls the dashboard has for a
// simulation. Each second of the nodes' own clocks, once every live node has reported it,
// it adds up their snapshots of that second — a node silent for 3 s counts as stale and is left
// out, and when no node is live no sample is made, so an outage is a gap in the charts rather than
// a flat line of old numbers. Samples go to the dashboard in batches, ten a second at most (a
// recorded night replayed fast is thousands of seconds a second). Each node's audit log is merged
// into one timeline (operator "ana @node-a"). A change of rate or capacity is a total for the
// event, split evenly across the nodes (the remainder to the first ones); pause, opening and
// message go to every node. The nodes of one cluster (docs/cluster.md) are one queue: their
// figures are taken once (from the node furthest along the log), a change goes to one of them
// whole, and their shared audit log is merged once ("ana @cluster:EVENT").
class LiveFeed : public Feed, public Controls {
    Q_OBJECT
public:
    explicit LiveFeed(QList<NodeAddress> nodes, QObject* parent = nullptr);
    ~LiveFeed() override;

    void start();
    void applyControl(const QString& operatorName, const engine::ConfigChange& change) override;
    // The proof of work of every queue: each standalone node's, and a cluster's once (through
    // one of its nodes: its log takes the change to every node): mode "off", "auto" or
    // "fixed" with `bits`. A refusal comes as failed(); what was applied comes back in the
    // audit timeline.
    void applyDifficulty(const QString& operatorName, const QString& mode, int bits);
    QList<NodeHealth> health() const;
    int nodeCount() const { return static_cast<int>(m_nodes.size()); }
    NodeClient& node(int i) { return *m_nodes.at(static_cast<std::size_t>(i)); }
    // Samples made so far (seconds with at least one live node).
    qsizetype samplesMade() const { return m_made; }
    // Tokens the gate refused, by reason: each node's latest count, added up.
    QMap<QString, quint64> tokenRejectionsByReason() const;

    // What-if from live: the current state (waiting, rate, capacity, sessions, and joins at
    // their mean rate over the last 5 minutes) as the start of an in-process simulation,
    // projected forward under the changed controls on a thread of its own.
    void project(const WhatIfRequest& request) override;
    void cancelProjection() override;

    // The seconds after `after` and before `before` (UTC ms, both exclusive) that the console
    // missed: asked of one node of each queue (GET /api/v1/admin/history) and added up per
    // second as live snapshots are. Only seconds every asked node has a record of (of that
    // second or of at most 2 s before, as live) are made. Comes as historyFilled (perhaps
    // empty), or historyFailed when a node could not answer (then nothing is filled: a second
    // with one node's figures would pass for the event's).
    void fetchHistory(engine::TimeMs after, engine::TimeMs before);

    // Splits a total over `parts` nodes: part i's share.
    static int shareOf(int total, int parts, int i);

signals:
    void healthChanged();
    // The event's opening, message and time zone, from the first node that answered.
    void eventConfig(engine::TimeMs opensAt, const QString& message, const QString& timeZone,
                     const QList<sluice::ui::InForce::Window>& cohorts);
    // fetchHistory's answer; `from` names the nodes asked ("node-a + node-b").
    void historyFilled(const QList<sluice::series::Sample>& samples, const QString& from);
    void historyFailed(const QString& from, const QString& reason);

private:
    // A fetchHistory in progress: the nodes asked, each one's rows once it answered.
    struct HistoryFill {
        std::vector<NodeClient*> asked;
        std::vector<std::optional<QList<series::Sample>>> rows;
        std::vector<bool> answered;
        QStringList failures;
        int waiting = 0;
    };
    void onHistory(const NodeClient* node, engine::TimeMs after, engine::TimeMs before,
                   const QList<series::Sample>* rows, const QString& failure);
    void finishHistory(engine::TimeMs after, engine::TimeMs before, const HistoryFill& fill);
    void onSnapshot();
    // The live nodes added up: their latest snapshots, or (with `second`) each one's snapshot
    // of that second or of at most 2 s before it.
    series::Sample sumOfLive(int* live, std::optional<std::int64_t> second = std::nullopt) const;
    void flush();
    void onAudit(int node, const QList<engine::AuditEntry>& entries);
    // Which queue a node serves: its own, or its cluster's ("cluster:EVENT").
    static QString queueOf(const NodeClient* node);
    // One node of each queue that is not refused, a live one where there is one: where a
    // change goes.
    std::vector<NodeClient*> oneNodePerQueue() const;

    std::vector<NodeClient*> m_nodes;     // children
    QMap<QString, qsizetype> m_auditSeen; // per queue (a cluster's nodes share one log)
    QTimer m_flush;
    QList<series::Sample> m_pending; // made, not yet sent to the dashboard
    qsizetype m_made = 0;
    std::int64_t m_lastSecond = 0;    // the last second made (node time, s since 1970)
    std::deque<double> m_recentJoins; // joins a second, the last 5 minutes of samples
    bool m_configSent = false;
    // A control in flight: answers still expected and what went wrong so far.
    int m_pendingAnswers = 0;
    QStringList m_refusals;
    ProjectionThread m_projection;
    std::map<std::pair<engine::TimeMs, engine::TimeMs>, HistoryFill> m_history;
};

} // namespace sluice::ui
