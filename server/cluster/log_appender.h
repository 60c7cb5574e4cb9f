// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cluster_options.h"
#include "engine/status.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sluice::cluster {

// Appends entries to the cluster's log on its own thread (group commit, like the local
// journal's writer): whatever is queued goes out as one pipeline of XADDs followed by one
// WAIT for the replicas, so many joins share one round trip. Each entry's result — its log
// id once replicas hold it, or why not — goes to `done` on this thread (the owner posts it
// to its loop). An entry whose WAIT fell short may still be in the log: the client's retry
// with its idempotency key is what makes that harmless.
class LogAppender {
public:
    struct Appended {
        std::uint64_t request = 0;
        std::string id;        // the entry's id in the log when it was added
        engine::Status status; // ok: replicated; else why it is not known to be
    };
    using Done = std::function<void(std::vector<Appended>)>;

    LogAppender(ClusterOptions options, Done done);
    ~LogAppender(); // stops the thread; what is queued is answered as not appended
    LogAppender(const LogAppender&) = delete;
    LogAppender& operator=(const LogAppender&) = delete;

    // From any thread.
    void append(std::uint64_t request, std::string bytes);
    std::size_t queued() const;
    // The Redis primary the log was last appended to ("host:port"; "" before the first).
    std::string primary() const;

private:
    struct Item {
        std::uint64_t request;
        std::string bytes;
    };
    void run();

    ClusterOptions m_options;
    Done m_done;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<Item> m_queue;
    std::string m_primary; // guarded by m_mutex
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace sluice::cluster
