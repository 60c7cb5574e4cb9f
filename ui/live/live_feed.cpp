// SPDX-License-Identifier: Apache-2.0
#include "live_feed.h"

#include "series/sample.h"
#include "sim/simulation.h"

#include <QDateTime>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace sluice::ui {
namespace {

// The live state as the start of a simulation: everyone waiting is in the queue at the
// start, people keep joining at the rate they join now, sessions last what Little's law
// says they last now (active ÷ admissions a second), and the queue servers are not the
// limit (the live nodes' limits are not known here).
sim::Scenario scenarioFromLive(const series::Sample& now, int nodes, int horizonSeconds) {
    sim::Scenario sc;
    sc.name = "what-if from live";
    sc.seed = static_cast<std::uint64_t>(now.at);
    sc.start = now.at;
    sc.durationSeconds = horizonSeconds > 0 ? horizonSeconds : 2 * 3600;
    sc.event.eventId = "live-projection";
    sc.event.opensAt = now.at;
    sc.event.preQueuePolicy = engine::PreQueuePolicy::Fifo;
    sc.event.admissionRatePerMinute = std::max(0, now.admissionRatePerMinute);
    sc.event.capacity = std::max(0, now.capacity);
    sc.event.paused = now.paused;
    sc.population.arrivals = sim::ArrivalShape::Poisson;
    sc.population.ratePerSecond = std::max(now.joinsPerSecond, 1e-3);
    const double joining = sc.population.ratePerSecond * sc.durationSeconds;
    const std::uint64_t waiting = now.waiting + now.preQueued;
    sc.population.initialWaiting =
        static_cast<std::uint32_t>(std::min<std::uint64_t>(waiting, 40'000'000));
    sc.population.people = static_cast<std::uint32_t>(std::clamp<double>(
        static_cast<double>(sc.population.initialWaiting) + joining, 1.0, 50'000'000.0));
    sc.clients.cheaterShare = 0;
    sc.queueServers.nodes = std::max(1, nodes);
    sc.queueServers.requestsPerSecondPerNode = 0;
    sc.backend.capacity = std::max(1, now.capacity);
    sc.backend.serviceSecondsMean =
        now.admitsPerSecond > 0.01 && now.activeSessions > 0
            ? std::clamp(static_cast<double>(now.activeSessions) / now.admitsPerSecond, 30.0,
                         7200.0)
            : 180.0;
    return sc;
}

// Queues' samples of one second as one: counts, rates and totals added up, the longest
// estimate any queue tells a newcomer, the realised wait weighted by admissions.
series::Sample addUp(const std::vector<const series::Sample*>& parts) {
    series::Sample sum;
    double waitWeighted = 0, admits = 0;
    int counted = 0;
    std::optional<double> estimate; // none while no node has a figure
    for (const series::Sample* part : parts) {
        const series::Sample& s = *part;
        ++counted;
        sum.at = std::max(sum.at, s.at);
        sum.waiting += s.waiting;
        sum.preQueued += s.preQueued;
        sum.peopleQueued += s.peopleQueued;
        sum.activeSessions += s.activeSessions;
        sum.admittedUnclaimed += s.admittedUnclaimed;
        sum.capacity += s.capacity;
        sum.admissionRatePerMinute += s.admissionRatePerMinute;
        sum.paused = counted == 1 ? s.paused : (sum.paused && s.paused);
        sum.joinsPerSecond += s.joinsPerSecond;
        sum.admitsPerSecond += s.admitsPerSecond;
        // The longest wait any node tells a newcomer: the honest figure for the event. A node
        // that shows words ("unknown", "paused") adds no figure.
        if (series::hasFigure(s.engineEstimateSeconds) &&
            s.engineEstimateSeconds >= estimate.value_or(0.0)) {
            estimate = s.engineEstimateSeconds;
            sum.estimateLowSeconds = s.estimateLowSeconds; // that node's range
            sum.estimateHighSeconds = s.estimateHighSeconds;
        }
        waitWeighted += s.realisedWaitSeconds * std::max(s.admitsPerSecond, 1e-9);
        admits += std::max(s.admitsPerSecond, 1e-9);
        sum.queueRequests += s.queueRequests;
        sum.queueErrors += s.queueErrors;
        sum.backendBusy += s.backendBusy;
        sum.backendCapacity += s.backendCapacity;
        sum.backendErrors += s.backendErrors;
        sum.bookedTotal += s.bookedTotal;
        sum.gaveUpTotal += s.gaveUpTotal;
        sum.cheatAttemptsTotal += s.cheatAttemptsTotal;
        sum.cheatSuccessesTotal += s.cheatSuccessesTotal;
        sum.rejectedTokensTotal += s.rejectedTokensTotal;
    }
    // When every node shows words, so does the event: unknown, never 0 ("no wait").
    sum.engineEstimateSeconds = estimate.value_or(series::kNoFigure);
    sum.shownEstimateSeconds = sum.engineEstimateSeconds;
    sum.realisedWaitSeconds = admits > 0 ? waitWeighted / admits : 0;
    return sum;
}

} // namespace

int LiveFeed::shareOf(int total, int parts, int i) {
    if (parts <= 0) {
        return total;
    }
    return total / parts + (i < total % parts ? 1 : 0);
}

LiveFeed::LiveFeed(QList<NodeAddress> nodes, QObject* parent) : Feed(parent), m_projection(*this) {
    for (int i = 0; i < nodes.size(); ++i) {
        auto* node = new NodeClient(nodes[i], this);
        m_nodes.push_back(node);
        connect(node, &NodeClient::stateChanged, this,
                [this, node](NodeClient::State state, const QString& detail) {
                    if (state == NodeClient::State::Refused) {
                        emit failed(node->address().name + ": " + detail);
                    }
                    emit healthChanged();
                });
        connect(node, &NodeClient::snapshot, this, &LiveFeed::onSnapshot);
        connect(node, &NodeClient::auditFetched, this,
                [this, i](const QList<engine::AuditEntry>& entries) { onAudit(i, entries); });
        connect(node, &NodeClient::configFetched, this,
                [this](engine::TimeMs opensAt, const QString& message, const QString& zone,
                       const QList<InForce::Window>& cohorts) {
                    if (!m_configSent) {
                        m_configSent = true;
                        emit eventConfig(opensAt, message, zone, cohorts);
                    }
                });
        connect(node, &NodeClient::historyFetched, this,
                [this, node](engine::TimeMs after, engine::TimeMs before,
                             const QList<series::Sample>& rows) {
                    onHistory(node, after, before, &rows, {});
                });
        connect(node, &NodeClient::historyFailed, this,
                [this, node](engine::TimeMs after, engine::TimeMs before, const QString& why) {
                    onHistory(node, after, before, nullptr, why);
                });
        const auto answered = [this, node](bool ok, const QString& m) {
            if (!ok) {
                m_refusals.append(node->address().name + ": " + m);
            }
            if (--m_pendingAnswers == 0 && !m_refusals.isEmpty()) {
                emit failed(m_refusals.join("; "));
                m_refusals.clear();
            }
        };
        connect(node, &NodeClient::controlFinished, this, answered);
        connect(node, &NodeClient::difficultyFinished, this, answered);
    }
    m_flush.setInterval(100);
    connect(&m_flush, &QTimer::timeout, this, &LiveFeed::flush);
}

LiveFeed::~LiveFeed() = default;

void LiveFeed::start() {
    for (NodeClient* node : m_nodes) {
        node->start();
    }
    m_flush.start();
}

QString LiveFeed::queueOf(const NodeClient* node) {
    const auto& latest = node->latest();
    if (latest && latest->cluster) {
        return "cluster:" + latest->eventId; // every node of it holds the same queue
    }
    return "node:" + node->address().name;
}

series::Sample LiveFeed::sumOfLive(int* liveOut, std::optional<std::int64_t> second) const {
    // One snapshot per queue: a standalone node's own, and for a cluster the node furthest
    // along the log (its nodes hold one queue between them: adding them up would count
    // everyone once per node).
    QMap<QString, const NodeSnapshot*> queues;
    int live = 0;
    for (const NodeClient* node : m_nodes) {
        if (node->state() != NodeClient::State::Live || !node->latest()) {
            continue; // stale, reconnecting or refused: left out, never shown as current
        }
        // A node's second: its own snapshot of it, or of a moment before (a node samples
        // every 1.0–1.25 s), never one from before an outage.
        const NodeSnapshot* at = second ? node->snapshotAt(*second, 2) : &*node->latest();
        if (at == nullptr) {
            continue;
        }
        ++live;
        const NodeSnapshot*& chosen = queues[queueOf(node)];
        if (chosen == nullptr ||
            (at->cluster && chosen->cluster && at->cluster->applied > chosen->cluster->applied)) {
            chosen = at;
        }
    }
    std::vector<const series::Sample*> parts;
    for (const NodeSnapshot* at : queues) {
        parts.push_back(&at->sample);
    }
    series::Sample sum = addUp(parts);
    sum.nodes = live;
    *liveOut = live;
    return sum;
}

void LiveFeed::fetchHistory(engine::TimeMs after, engine::TimeMs before) {
    const std::pair key{after, before};
    if (m_history.contains(key)) {
        return; // asked already
    }
    // One node a queue: a cluster's nodes hold one queue, and each keeps its whole history.
    HistoryFill& fill = m_history[key];
    QStringList queues;
    for (NodeClient* node : m_nodes) {
        const QString queue = queueOf(node);
        if (!queues.contains(queue)) {
            queues << queue;
            fill.asked.push_back(node);
        }
    }
    fill.rows.resize(fill.asked.size());
    fill.answered.resize(fill.asked.size());
    fill.waiting = static_cast<int>(fill.asked.size());
    for (NodeClient* node : fill.asked) {
        node->fetchHistory(after, before);
    }
}

void LiveFeed::onHistory(const NodeClient* node, engine::TimeMs after, engine::TimeMs before,
                         const QList<series::Sample>* rows, const QString& failure) {
    const auto it = m_history.find({after, before});
    if (it == m_history.end()) {
        return;
    }
    HistoryFill& fill = it->second;
    const auto asked = std::find(fill.asked.begin(), fill.asked.end(), node);
    if (asked == fill.asked.end()) {
        return;
    }
    const auto i = static_cast<std::size_t>(asked - fill.asked.begin());
    if (fill.answered[i]) {
        return;
    }
    fill.answered[i] = true;
    if (rows != nullptr) {
        fill.rows[i] = *rows;
    } else {
        fill.failures << node->address().name + ": " + failure;
    }
    if (--fill.waiting == 0) {
        const HistoryFill done = std::move(fill);
        m_history.erase(it);
        finishHistory(after, before, done);
    }
}

void LiveFeed::finishHistory(engine::TimeMs after, engine::TimeMs before, const HistoryFill& fill) {
    QStringList names;
    for (const NodeClient* node : fill.asked) {
        names << node->address().name;
    }
    const QString from = names.join(" + ");
    if (!fill.failures.isEmpty()) {
        emit historyFailed(from, fill.failures.join("; "));
        return;
    }
    QList<series::Sample> filled;
    for (std::int64_t second = after / 1000 + 1; second * 1000 < before; ++second) {
        std::vector<const series::Sample*> parts;
        for (const auto& rows : fill.rows) {
            // The node's record of this second, or of at most 2 s before it (a node samples
            // every 1.0–1.25 s), never one from before a hole in its own history.
            const auto next = std::upper_bound(
                rows->begin(), rows->end(), second * 1000 + 999,
                [](engine::TimeMs t, const series::Sample& s) { return t < s.at; });
            if (next == rows->begin() || std::prev(next)->at / 1000 < second - 2) {
                break;
            }
            parts.push_back(&*std::prev(next));
        }
        if (parts.size() != fill.rows.size()) {
            continue; // a node has no record of it: left a gap
        }
        series::Sample sum = addUp(parts);
        sum.at = second * 1000;
        sum.nodes = static_cast<int>(parts.size());
        filled.append(sum);
    }
    emit historyFilled(filled, from);
}

// A second is complete once every live node has reported it (or gone stale).
void LiveFeed::onSnapshot() {
    std::int64_t complete = -1;
    for (const NodeClient* node : m_nodes) {
        if (node->state() == NodeClient::State::Live && node->latest()) {
            const std::int64_t second = node->latest()->sample.at / 1000;
            complete = complete < 0 ? second : std::min(complete, second);
        }
    }
    if (complete <= m_lastSecond) {
        return;
    }
    // Every second up to the complete one (a recorded night replayed fast delivers many at
    // once); a second no node has data for stays a gap.
    const std::int64_t first =
        m_lastSecond == 0 ? complete : std::max(m_lastSecond + 1, complete - 3600);
    for (std::int64_t second = first; second <= complete; ++second) {
        int live = 0;
        series::Sample sum = sumOfLive(&live, second);
        if (live == 0) {
            continue;
        }
        sum.at = second * 1000;
        ++m_made;
        m_recentJoins.push_back(sum.joinsPerSecond);
        if (m_recentJoins.size() > 300) {
            m_recentJoins.pop_front();
        }
        m_pending.append(sum);
    }
    m_lastSecond = complete;
}

void LiveFeed::flush() {
    if (!m_pending.isEmpty()) {
        emit sampled(m_pending);
        m_pending.clear();
    }
}

void LiveFeed::onAudit(int node, const QList<engine::AuditEntry>& entries) {
    // The nodes of a cluster share one audit log: it is merged once, under the cluster's name.
    const NodeClient* client = m_nodes.at(static_cast<std::size_t>(node));
    const QString queue = queueOf(client);
    qsizetype& seen = m_auditSeen[queue];
    if (entries.size() <= seen) {
        seen = std::min(seen, entries.size()); // a node that lost its log (a new event)
        return;
    }
    const QString name = queue.startsWith("cluster:") ? queue : client->address().name;
    QList<engine::AuditEntry> fresh = entries.mid(seen);
    seen = entries.size();
    for (engine::AuditEntry& e : fresh) {
        e.operatorName += " @" + name.toStdString();
    }
    emit auditAppended(fresh);
}

std::vector<NodeClient*> LiveFeed::oneNodePerQueue() const {
    // A cluster takes a change once, through any of its nodes (a live one first).
    std::vector<NodeClient*> targets;
    QMap<QString, std::size_t> targetOf;
    for (NodeClient* node : m_nodes) {
        if (node->state() == NodeClient::State::Refused) {
            continue;
        }
        const QString queue = queueOf(node);
        if (auto it = targetOf.find(queue); it == targetOf.end()) {
            targetOf.insert(queue, targets.size());
            targets.push_back(node);
        } else if (targets[*it]->state() != NodeClient::State::Live &&
                   node->state() == NodeClient::State::Live) {
            targets[*it] = node;
        }
    }
    return targets;
}

void LiveFeed::applyControl(const QString& operatorName, const engine::ConfigChange& change) {
    // One target per queue, and for a cluster the change is its total, not a share.
    const std::vector<NodeClient*> targets = oneNodePerQueue();
    if (targets.empty()) {
        emit failed("no node to send the change to");
        return;
    }
    const int parts = static_cast<int>(targets.size());
    m_pendingAnswers += parts;
    for (int i = 0; i < parts; ++i) {
        engine::ConfigChange share = change;
        if (change.admissionRatePerMinute) {
            share.admissionRatePerMinute = shareOf(*change.admissionRatePerMinute, parts, i);
        }
        if (change.capacity) {
            share.capacity = shareOf(*change.capacity, parts, i);
        }
        targets[static_cast<std::size_t>(i)]->applyControl(operatorName, share);
    }
}

void LiveFeed::applyDifficulty(const QString& operatorName, const QString& mode, int bits) {
    // A cluster's nodes share their proof-of-work controls through the log: one change each.
    const std::vector<NodeClient*> targets = oneNodePerQueue();
    if (targets.empty()) {
        emit failed("no node to send the change to");
        return;
    }
    m_pendingAnswers += static_cast<int>(targets.size());
    for (NodeClient* node : targets) {
        node->applyDifficulty(operatorName, mode, bits);
    }
}

QList<NodeHealth> LiveFeed::health() const {
    QList<NodeHealth> out;
    for (const NodeClient* node : m_nodes) {
        NodeHealth h;
        h.name = node->address().name;
        h.url = node->address().url.toString(QUrl::RemoveUserInfo);
        h.state = node->state();
        h.stateText = node->stateText();
        h.waiting = node->latest() ? node->latest()->sample.waiting : 0;
        h.msSinceSnapshot = node->msSinceSnapshot();
        if (node->latest()) {
            h.fairJoins = node->latest()->fairJoins;
        }
        if (const auto& latest = node->latest(); latest && latest->cluster) {
            const ClusterPlace& c = *latest->cluster;
            quint64 furthest = c.applied;
            for (const NodeClient* other : m_nodes) {
                if (const auto& o = other->latest();
                    o && o->cluster && o->eventId == latest->eventId) {
                    furthest = std::max(furthest, o->cluster->applied);
                }
            }
            h.logApplied = c.applied;
            h.logBehind = furthest - c.applied;
            h.leadsTicks = c.isLeader;
            h.stateText +=
                QString(" · log %1%2%3")
                    .arg(c.applied)
                    .arg(h.logBehind > 0 ? QString(", %1 behind").arg(h.logBehind) : QString())
                    .arg(c.isLeader ? ", writes the ticks" : "");
        }
        out.append(h);
    }
    return out;
}

void LiveFeed::project(const WhatIfRequest& request) {
    int live = 0;
    series::Sample now = sumOfLive(&live);
    if (live == 0) {
        emit projectionFailed("no live node: nothing current to project from");
        return;
    }
    // One second's joins is a poor forecast (a burst, or a lull): the recent mean is better.
    if (!m_recentJoins.empty()) {
        now.joinsPerSecond = std::accumulate(m_recentJoins.begin(), m_recentJoins.end(), 0.0) /
                             static_cast<double>(m_recentJoins.size());
    }
    auto created = sim::Simulation::create(scenarioFromLive(now, live, request.horizonSeconds));
    if (!created.isOk()) {
        emit projectionFailed(QString::fromStdString(created.status().message()));
        return;
    }
    WhatIfRequest forLive = request;
    forLive.queueNodes.reset(); // live nodes are scaled by their operators, not here
    m_projection.project(std::move(created).value(), forLive);
}

void LiveFeed::cancelProjection() {
    m_projection.cancel();
}

QMap<QString, quint64> LiveFeed::tokenRejectionsByReason() const {
    // Refusals are counted where they happen (each node its own gate), so they add up even
    // across the nodes of one cluster.
    QMap<QString, quint64> sum;
    for (const NodeClient* node : m_nodes) {
        if (const auto& latest = node->latest()) {
            for (auto it = latest->tokenRejectionsByReason.begin();
                 it != latest->tokenRejectionsByReason.end(); ++it) {
                sum[it.key()] += it.value();
            }
        }
    }
    return sum;
}

} // namespace sluice::ui
