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
// lease gives it up on its own, before anyone else can take it.
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

private:
    void run();

    ClusterOptions m_options;
    std::function<void(std::uint64_t)> m_changed;
    std::atomic<std::uint64_t> m_logEpoch{0};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace sluice::cluster
