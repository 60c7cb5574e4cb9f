// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cluster_options.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace sluice::cluster {

// The tick lease, on its own thread: one node at a time holds a key in Redis (SET NX PX)
// and renews it every third of its life; the holder writes the cluster's ticks. Taking it
// draws a new epoch, higher than any the log has seen, which the node records in the log
// (a Leader entry) before its first tick. A holder that cannot renew for two thirds of the
// lease gives it up on its own, before anyone else can take it. The same thread reports the
// node's log position, and the holder trims the log (XTRIM MINID, in slices) behind the oldest
// recent snapshot and the slowest node still reading.
class LeaderLease {
public:
    // `changed(epoch)` on this thread: the lease was taken with that epoch, or lost (0).
    LeaderLease(ClusterOptions options, std::function<void(std::uint64_t epoch)> changed);
    ~LeaderLease();
    LeaderLease(const LeaderLease&) = delete;
    LeaderLease& operator=(const LeaderLease&) = delete;

    // The highest epoch the node's log has shown (from the loop): a new epoch exceeds it
    // even if Redis lost the counter in a failover.
    void logEpoch(std::uint64_t epoch) { m_logEpoch = epoch; }
    // The log did not take this node's leadership (another node's Leader entry has an epoch
    // as high): let the lease go, so that a node the log does follow can take it.
    void resign() { m_resign = true; }
    // The last log id the node applied (from the loop): reported in Redis every second, so
    // that the leaseholder never trims the log past a node still reading it.
    void progress(std::string lastId) {
        std::lock_guard lock(m_mutex);
        m_progress = std::move(lastId);
    }

private:
    void run();
    void report(RedisLink& link);
    void trim(RedisLink& link);

    ClusterOptions m_options;
    std::function<void(std::uint64_t)> m_changed;
    std::atomic<std::uint64_t> m_logEpoch{0};
    std::atomic<bool> m_resign{false};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::string m_progress;
    std::thread m_thread;
};

} // namespace sluice::cluster
