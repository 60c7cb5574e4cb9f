// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cluster_options.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace sluice::cluster {

// Reads the cluster's log on its own thread, in order, from a replica when one is online
// (XREAD BLOCK), and hands each batch to `deliver` (the owner posts it to its loop). It
// resumes after the last entry it delivered; after a reconnection it first checks that this
// entry is still in the log with the same bytes — if a failover took it back, the node's
// copy holds something the cluster does not, and `diverged` is called instead of going on.
class LogFollower {
public:
    struct Entry {
        std::string id;
        std::string bytes;
    };
    struct Batch {
        std::vector<Entry> entries;
        bool caughtUp = false; // the read reached the end of the log
    };
    struct Callbacks {
        std::function<void(Batch)> deliver;
        std::function<void(std::string why)> unreachable; // reads fail; retrying
        std::function<void(std::string why)> diverged;    // stops following
        // Entries after the last one applied were trimmed away: this copy cannot catch up
        // from the log (it needs a newer snapshot). Stops following.
        std::function<void(std::string why)> trimmedPast;
    };

    // `after`: the id of the last entry already applied ("0-0": none), `afterBytes` its bytes.
    LogFollower(ClusterOptions options, std::string after, std::string afterBytes,
                Callbacks callbacks);
    ~LogFollower();
    // The Redis server the log is read from now ("host:port"; "" while not connected).
    std::string source() const;
    LogFollower(const LogFollower&) = delete;
    LogFollower& operator=(const LogFollower&) = delete;

private:
    void run();
    // After a (re)connection: may the node go on reading after m_after? Calls the callback
    // and returns false when not; nothing (retry) when the check itself failed.
    std::optional<bool> resumable(RedisLink& link);

    ClusterOptions m_options;
    std::string m_after;
    std::string m_lastBytes; // of the entry m_after names, to check it after a reconnection
    Callbacks m_callbacks;
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_sourceMutex;
    std::string m_source; // guarded by m_sourceMutex
    std::thread m_thread;
};

} // namespace sluice::cluster
