// SPDX-License-Identifier: Apache-2.0
#include "cluster_node.h"

#include "api/prometheus_metrics.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <sstream>

namespace sluice::cluster {

using http::Response;
using SteadyClock = std::chrono::steady_clock;

namespace {

Response unavailable(const std::string& why, int retryAfterSeconds) {
    Response busy = Response::error(503, why);
    busy.headers.push_back({"Retry-After", std::to_string(retryAfterSeconds)});
    return busy;
}

} // namespace

ClusterNode::ClusterNode(room::WaitingRoom& room, ClusterOptions options, Post post, Fatal fatal)
    : m_room(room), m_copy(room), m_options(std::move(options)), m_post(std::move(post)),
      m_fatal(std::move(fatal)) {}

ClusterNode::~ClusterNode() {
    // Threads first: their callbacks post to a loop that is going away.
    m_snapshots.reset();
    m_lease.reset();
    m_follower.reset();
    m_appender.reset();
}

void ClusterNode::restoreSnapshot() {
    auto body = CopySnapshots::read(m_options);
    if (!body.isOk()) {
        if (body.status().code() != engine::Status::Code::NotFound) {
            spdlog::warn("cluster: {}; reading the whole log instead", body.status().message());
        }
        return;
    }
    if (const engine::Status restored = m_copy.restore(body.value()); !restored.isOk()) {
        spdlog::warn("cluster: the snapshot in {} does not restore ({}); reading the whole log "
                     "instead",
                     m_options.snapshotDir, restored.message());
        return;
    }
    m_restoredFrom = m_copy.lastId();
    m_lastSnapshot = m_restoredFrom;
    putPowInForce();
    m_snapshotApplied = m_copy.applied();
    spdlog::info("cluster: restored this node's snapshot at log entry {} ({} entries applied, {} "
                 "tickets)",
                 m_restoredFrom, m_copy.applied(), m_room.engine().ticketCount());
}

void ClusterNode::stopServing(const std::string& why) {
    if (m_diverged) {
        return;
    }
    m_diverged = true;
    m_fatal(why);
}

void ClusterNode::start() {
    m_lastContact = SteadyClock::now();
    m_snapshotAt = SteadyClock::now();
    if (!m_options.snapshotDir.empty()) {
        m_snapshots = std::make_unique<CopySnapshots>(m_options, [this](std::string id, bool ok) {
            m_post([this, id = std::move(id), ok] {
                if (ok) {
                    m_lastSnapshot = id;
                }
            });
        });
    }
    m_appender = std::make_unique<LogAppender>(
        m_options, [this](std::vector<LogAppender::Appended> results) {
            m_post(
                [this, results = std::move(results)]() mutable { onAppended(std::move(results)); });
        });
    LogFollower::Callbacks follow;
    follow.deliver = [this](LogFollower::Batch batch) {
        m_post([this, batch = std::move(batch)]() mutable { onBatch(std::move(batch)); });
    };
    follow.unreachable = [this](std::string why) {
        m_post([this, why = std::move(why)] {
            if (m_unreachable != why) {
                spdlog::warn("cluster log unreachable: {}", why);
            }
            m_unreachable = why;
        });
    };
    follow.diverged = [this](std::string why) {
        m_post([this, why = std::move(why)] {
            spdlog::error("cluster: this node's copy diverged from the log ({}); stopping so "
                          "that a restart replays the log",
                          why);
            stopServing(why);
        });
    };
    follow.trimmedPast = [this](std::string why) {
        m_post([this, why = std::move(why)] {
            spdlog::error("cluster: {}; this node cannot catch up from the log: put a recent "
                          "snapshot of another node (its DATA_DIR/cluster/snapshot) in {} and "
                          "start it again",
                          why, m_options.snapshotDir);
            stopServing(why);
        });
    };
    m_follower =
        std::make_unique<LogFollower>(m_options, m_copy.lastId().empty() ? "0-0" : m_copy.lastId(),
                                      m_copy.lastBytes(), std::move(follow));
    m_lease = std::make_unique<LeaderLease>(
        m_options, [this](std::uint64_t epoch) { m_post([this, epoch] { onLeadership(epoch); }); });
}

std::optional<Response> ClusterNode::run(LogEntry change, const http::Responder& responder,
                                         const Answer& answer) {
    const std::uint64_t request = m_nextRequest++;
    change.origin = m_options.nodeId;
    change.request = request;
    Pending p{responder, answer, std::nullopt, false,
              SteadyClock::now() + std::chrono::milliseconds(m_options.answerTimeoutMs)};
    m_pending.emplace(request, std::move(p));
    append(std::move(change));
    return std::nullopt; // answered once replicated and applied
}

void ClusterNode::append(LogEntry entry) {
    const std::uint64_t request = entry.request;
    m_appender->append(request, encodeEntry(entry));
}

engine::Result<engine::TicketView> ClusterNode::poll(engine::TimeMs now, std::string_view ticket,
                                                     std::string_view device) {
    auto view = m_room.peek(now, ticket, device);
    if (!view.isOk()) {
        return view;
    }
    m_seen.push_back(view.value().seq);
    if (stale()) {
        // The copy may be behind the cluster: say the room is paused rather than make up an
        // estimate; the place is still the one this node knows.
        view.value().paused = true;
        view.value().wait.known = false;
    }
    return view;
}

void ClusterNode::heartbeat(engine::TimeMs now) {
    if (m_appender == nullptr) {
        return;
    }
    if (m_leaseEpoch != 0 && m_caughtUp) {
        LogEntry e;
        e.now = now;
        e.origin = m_options.nodeId;
        e.epoch = m_leaseEpoch;
        e.kind = m_leaderAnnounced ? EntryKind::Tick : EntryKind::Leader;
        m_leaderAnnounced = true;
        append(std::move(e));
    }
    if (now - m_seenFlushedAt >= 1000 && !m_seen.empty()) {
        std::sort(m_seen.begin(), m_seen.end());
        m_seen.erase(std::unique(m_seen.begin(), m_seen.end()), m_seen.end());
        LogEntry e;
        e.kind = EntryKind::Seen;
        e.now = now;
        e.origin = m_options.nodeId;
        e.seen.swap(m_seen);
        append(std::move(e));
        m_seenFlushedAt = now;
    }
    snapshotIfDue();
    if (m_lease && !m_copy.lastId().empty()) {
        m_lease->progress(m_copy.lastId());
    }
    const auto t = SteadyClock::now();
    std::vector<std::uint64_t> late;
    for (const auto& [request, p] : m_pending) {
        if (t > p.deadline) {
            late.push_back(request);
        }
    }
    for (std::uint64_t request : late) {
        failPending(request, "the change was not confirmed in time; retry with the same "
                             "Idempotency-Key to learn whether it took");
    }
}

void ClusterNode::onAppended(std::vector<LogAppender::Appended> results) {
    for (LogAppender::Appended& r : results) {
        if (r.request == 0) {
            continue;
        }
        if (!r.status.isOk()) {
            ++m_appendFailures;
            failPending(r.request, "the change could not be confirmed by the cluster (" +
                                       r.status.message() +
                                       "); retry with the same Idempotency-Key");
            continue;
        }
        if (auto it = m_pending.find(r.request); it != m_pending.end()) {
            it->second.replicated = true;
            answerIfDone(r.request);
        }
    }
}

void ClusterNode::onBatch(LogFollower::Batch batch) {
    m_lastContact = SteadyClock::now();
    m_unreachable.clear();
    for (const LogFollower::Entry& raw : batch.entries) {
        auto decoded = decodeEntry(raw.bytes);
        if (!decoded.isOk()) {
            // The same on every node: counted in the chain, applied by none.
            ++m_undecodable;
            spdlog::error("cluster log entry {}: {}", raw.id, decoded.status().message());
            continue;
        }
        const LogEntry& e = decoded.value();
        ChangeOutcome outcome = m_copy.apply(raw.id, raw.bytes, e);
        putPowInForce(); // before the answer below, which shows the settings in force
        if (e.origin == m_options.nodeId && e.request != 0) {
            if (auto it = m_pending.find(e.request); it != m_pending.end()) {
                it->second.outcome = std::move(outcome);
                answerIfDone(e.request);
            }
        }
    }
    if (batch.caughtUp && !m_caughtUp) {
        m_caughtUp = true;
        spdlog::info("cluster: caught up with the log at {} ({} entries applied)", m_copy.lastId(),
                     m_copy.applied());
    }
    if (m_lease) {
        m_lease->logEpoch(m_copy.epoch());
    }
    // Someone else leads now (our lease ran out): stop ticking. Or the log did not take our
    // leadership (an epoch as high came first): let the lease go to a node it follows.
    if (m_leaseEpoch != 0 && m_copy.epoch() > m_leaseEpoch) {
        onLeadership(0);
    } else if (m_leaseEpoch != 0 && m_copy.epoch() == m_leaseEpoch &&
               m_copy.leader() != m_options.nodeId) {
        onLeadership(0);
        m_lease->resign();
    }
}

void ClusterNode::snapshotIfDue() {
    if (!m_snapshots || !m_caughtUp || m_diverged || m_snapshots->busy() ||
        m_copy.applied() == m_snapshotApplied) {
        return;
    }
    const bool many = m_copy.applied() - m_snapshotApplied >= m_options.snapshotEveryEntries;
    const bool long_ =
        SteadyClock::now() - m_snapshotAt > std::chrono::milliseconds(m_options.snapshotEveryMs);
    if (!many && !long_) {
        return;
    }
    // A deep copy on the loop (tens of ms at 10 M tickets); the rest on the snapshot thread.
    m_snapshotApplied = m_copy.applied();
    m_snapshotAt = SteadyClock::now();
    m_snapshots->write(m_copy.state(), m_room.engine());
}

void ClusterNode::putPowInForce() {
    if (m_copy.powChanges() == m_powInForce || !m_copy.powControls()) {
        return;
    }
    m_powInForce = m_copy.powChanges();
    const pow::PowControls& c = *m_copy.powControls();
    spdlog::info("cluster: proof of work from the log: mode={} fixed_bits={} floor={} "
                 "ceiling={} quiet_joins_per_minute={} (the flags' no longer apply)",
                 pow::nameOf(c.mode), c.settings.overrideBits.value_or(-1), c.settings.floorBits,
                 c.settings.ceilingBits, c.settings.quietJoinsPerMinute);
    if (m_onPow) {
        m_onPow(c);
    }
}

void ClusterNode::onLeadership(std::uint64_t epoch) {
    m_leaseEpoch = epoch;
    m_leaderAnnounced = false;
}

void ClusterNode::answerIfDone(std::uint64_t request) {
    auto it = m_pending.find(request);
    if (it == m_pending.end() || !it->second.replicated || !it->second.outcome) {
        return;
    }
    Pending p = std::move(it->second);
    m_pending.erase(it);
    p.responder.send(p.answer(*p.outcome));
}

void ClusterNode::failPending(std::uint64_t request, const std::string& why) {
    auto it = m_pending.find(request);
    if (it == m_pending.end()) {
        return;
    }
    Pending p = std::move(it->second);
    m_pending.erase(it);
    p.responder.send(unavailable(why, 2));
}

bool ClusterNode::stale() const {
    return SteadyClock::now() - m_lastContact > std::chrono::milliseconds(m_options.staleAfterMs);
}

std::string ClusterNode::notServingWhy() const {
    if (m_diverged) {
        return "this node's copy of the queue diverged from the cluster's log; it is restarting";
    }
    if (!m_caughtUp) {
        return "this node is catching up with the cluster's log";
    }
    if (stale()) {
        return "this node cannot reach the cluster's log" +
               (m_unreachable.empty() ? std::string() : " (" + m_unreachable + ")");
    }
    return {};
}

std::optional<Response> ClusterNode::changeRefusal() const {
    if (const std::string why = notServingWhy(); !why.empty()) {
        return unavailable(why + "; try again in a moment", 2);
    }
    return std::nullopt;
}

std::optional<Response> ClusterNode::readRefusal() const {
    if (m_diverged || !m_caughtUp) {
        return unavailable(notServingWhy(), 2);
    }
    return std::nullopt; // stale copies still answer polls, as paused
}

Response ClusterNode::readiness() const {
    if (const std::string why = notServingWhy(); !why.empty()) {
        return Response::error(503, why);
    }
    return Response::json(200, "{\"status\":\"ok\"}");
}

std::optional<std::string> ClusterNode::snapshotFile() const {
    if (m_options.snapshotDir.empty() || m_lastSnapshot.empty()) {
        return std::nullopt;
    }
    std::ifstream in(std::filesystem::path(m_options.snapshotDir) / "snapshot", std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return std::move(bytes).str();
}

std::string ClusterNode::prometheusLines() const {
    const auto d = [](std::uint64_t v) { return static_cast<double>(v); };
    return api::prometheusMetric("sluice_cluster_applied_entries_total", "counter",
                                 "Log entries this node's copy has applied.", d(m_copy.applied())) +
           api::prometheusMetric("sluice_cluster_leader", "gauge",
                                 "1 while this node writes the cluster's ticks.",
                                 m_leaseEpoch != 0 && m_copy.leader() == m_options.nodeId ? 1 : 0) +
           api::prometheusMetric("sluice_cluster_epoch", "gauge", "The leader epoch the log is in.",
                                 d(m_copy.epoch())) +
           api::prometheusMetric("sluice_cluster_log_stale", "gauge",
                                 "1 while this node has heard nothing from the log for 2 s "
                                 "(changes refused, polls answered as paused).",
                                 stale() ? 1 : 0) +
           api::prometheusMetric("sluice_cluster_caught_up", "gauge",
                                 "1 once this node has read the log to its end since it started.",
                                 m_caughtUp ? 1 : 0) +
           api::prometheusMetric(
               "sluice_cluster_pending_changes", "gauge",
               "Changes waiting to be replicated and applied before their answer.",
               d(m_pending.size())) +
           api::prometheusMetric("sluice_cluster_append_failures_total", "counter",
                                 "Changes the log could not confirm (answered 503).",
                                 d(m_appendFailures)) +
           api::prometheusMetric("sluice_cluster_stale_ticks_total", "counter",
                                 "Ticks skipped because they came from a former leader.",
                                 d(m_copy.staleTicks()));
}

std::optional<std::string> ClusterNode::clusterJson() const {
    nlohmann::ordered_json j{
        {"node", m_options.nodeId},
        {"applied", m_copy.applied()},
        {"lastId", m_copy.lastId()},
        {"chain", std::to_string(m_copy.chain())},
        {"digest", std::to_string(m_copy.digest())},
        {"epoch", m_copy.epoch()},
        {"leader", m_copy.leader()},
        {"isLeader", m_leaseEpoch != 0 && m_copy.leader() == m_options.nodeId},
        {"caughtUp", m_caughtUp},
        {"stale", stale()},
        {"unreachable", m_unreachable},
        {"pendingChanges", m_pending.size()},
        {"appendQueue", m_appender ? m_appender->queued() : 0},
        {"appendFailures", m_appendFailures},
        {"staleTicks", m_copy.staleTicks()},
        {"repeatedKeys", m_copy.repeats()},
        {"undecodableEntries", m_undecodable},
        {"restoredFrom", m_restoredFrom},
        {"lastSnapshot", m_lastSnapshot},
    };
    return j.dump();
}

} // namespace sluice::cluster
