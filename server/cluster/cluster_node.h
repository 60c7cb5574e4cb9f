// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/room_driver.h"
#include "cluster/replicated_room.h"
#include "cluster_options.h"
#include "copy_snapshots.h"
#include "leader_lease.h"
#include "log_appender.h"
#include "log_follower.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace sluice::cluster {

// A cluster node's way to the room (api::RoomDriver): every change goes into the shared log
// and is answered once replicas hold it and this node's copy applied it — so the answer
// carries the ticket and place every node agrees on. Polls and the gate are answered from
// the local copy and never wait for Redis; who polled goes to the log once a second (Seen)
// so that abandonment is decided in the log. The leaseholder writes the ticks. Loop thread
// only; the log's I/O runs on the appender, follower and lease threads, whose results come
// back through `post`.
class ClusterNode final : public api::RoomDriver {
public:
    using Post = std::function<void(std::function<void()>)>;
    // Called once when the node must stop serving for good (its copy diverged from the log):
    // the process exits and its restart replays the log from the start.
    using Fatal = std::function<void(std::string why)>;

    ClusterNode(room::WaitingRoom& room, ClusterOptions options, Post post, Fatal fatal);
    ~ClusterNode() override;
    // Puts this node's last snapshot (DIR/cluster/snapshot) in place of the fresh copy, so that
    // start() reads the log after it. Without one, nothing; with one that does not read back,
    // a warning and the whole log is read instead.
    void restoreSnapshot();
    // Starts reading the log, appending and contending for the lease.
    void start();
    // Called on the loop with the log's proof-of-work controls each time a Difficulty entry
    // changes them, and once by restoreSnapshot() when the snapshot holds some: the server
    // puts them in force (they replace its flags'). Set before restoreSnapshot().
    using PowListener = std::function<void(const pow::PowControls&)>;
    void onPowControls(PowListener listener) { m_onPow = std::move(listener); }

    std::optional<http::Response> run(LogEntry change, const http::Responder& responder,
                                      const Answer& answer) override;
    engine::Result<engine::TicketView> poll(engine::TimeMs now, std::string_view ticket,
                                            std::string_view device) override;
    bool spendsChallenges() const override { return true; }
    bool sharesPowControls() const override { return true; }
    void heartbeat(engine::TimeMs now) override;
    std::optional<http::Response> changeRefusal() const override;
    std::optional<http::Response> readRefusal() const override;
    http::Response readiness() const override;
    std::optional<std::string> clusterJson() const override;
    std::string prometheusLines() const override;
    std::optional<std::string> snapshotFile() const override;
    engine::TimeMs sampleTime(engine::TimeMs) const override { return m_room.engine().lastNow(); }

private:
    struct Pending {
        http::Responder responder;
        Answer answer;
        std::optional<ChangeOutcome> outcome; // applied here
        bool replicated = false;              // replicas hold it
        std::chrono::steady_clock::time_point deadline;
    };
    void append(LogEntry entry);
    void onAppended(std::vector<LogAppender::Appended> results);
    void onBatch(LogFollower::Batch batch);
    void onLeadership(std::uint64_t epoch);
    void snapshotIfDue();
    void putPowInForce();
    void stopServing(const std::string& why);
    void answerIfDone(std::uint64_t request);
    void failPending(std::uint64_t request, const std::string& why);
    bool stale() const;
    std::string notServingWhy() const;

    room::WaitingRoom& m_room;
    ReplicatedRoom m_copy;
    ClusterOptions m_options;
    Post m_post;
    Fatal m_fatal;
    std::unique_ptr<LogAppender> m_appender;
    std::unique_ptr<LogFollower> m_follower;
    std::unique_ptr<LeaderLease> m_lease;
    std::unique_ptr<CopySnapshots> m_snapshots;
    std::string m_restoredFrom;          // the log id of the snapshot restored at start
    std::string m_lastSnapshot;          // the log id of the last snapshot written
    std::uint64_t m_snapshotApplied = 0; // entries applied at the last snapshot taken
    PowListener m_onPow;
    std::uint64_t m_powInForce = 0; // the copy's powChanges() last put in force
    std::chrono::steady_clock::time_point m_snapshotAt;

    std::uint64_t m_nextRequest = 1;
    std::unordered_map<std::uint64_t, Pending> m_pending;
    std::vector<engine::TicketSeq> m_seen; // polled since the last Seen entry
    engine::TimeMs m_seenFlushedAt = 0;

    std::uint64_t m_leaseEpoch = 0; // ours while we hold the lease, else 0
    bool m_leaderAnnounced = false;
    bool m_caughtUp = false;
    bool m_diverged = false;
    std::chrono::steady_clock::time_point m_lastContact; // the follower's last read
    std::string m_unreachable;                           // the follower's last error
    std::uint64_t m_appendFailures = 0;
    std::uint64_t m_undecodable = 0;
};

} // namespace sluice::cluster
