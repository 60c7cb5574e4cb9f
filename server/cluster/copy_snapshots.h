// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cluster/replicated_room.h"
#include "cluster_options.h"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace sluice::cluster {

// Snapshots of a cluster node's copy, written on their own thread: the loop hands over a deep
// copy (engine and log position) and goes on; this thread serialises it, writes
// DIR/snapshot (atomically: temporary name, sync, rename), and reports the log id it stands
// at in Redis (HSET {event}:snapshots NODE "ID MS") so that the leaseholder may trim the log
// behind it. One at a time: a copy handed over while one is being written waits for it.
// The last copy is kept once serialised, and the next is copied into it: a fresh copy of a
// few million tickets faults its pages in on the loop (tens to hundreds of ms on this VM,
// docs/benchmarks.md, "The snapshot's copy on the loop"), and the nodes of a cluster reach
// the same log position together, so they would all stall at once.
class CopySnapshots {
public:
    // `written(lastId, ok)` on this thread after each one.
    CopySnapshots(ClusterOptions options, std::function<void(std::string, bool)> written);
    ~CopySnapshots();
    CopySnapshots(const CopySnapshots&) = delete;
    CopySnapshots& operator=(const CopySnapshots&) = delete;

    bool busy() const;
    // Copies `state` and `engine` (into the kept copy when there is one) and hands them over.
    void write(const ReplicatedRoom::State& state, const engine::QueueEngine& engine);

    // The body of DIR/snapshot, if there is one that reads back; why not otherwise.
    static engine::Result<std::string> read(const ClusterOptions& options);

private:
    struct Job {
        ReplicatedRoom::State state;
        engine::QueueEngine engine;
    };
    void run();

    ClusterOptions m_options;
    std::function<void(std::string, bool)> m_written;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::unique_ptr<Job> m_job;
    std::unique_ptr<Job> m_spare; // the last copy, serialised: the next is copied into it
    bool m_writing = false;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace sluice::cluster
