// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "what_if.h"

#include <QThread>
#include <memory>

namespace sluice::sim {
class Simulation;
}

namespace sluice::ui {

class Feed;
class ProjectionWorker;

// A feed's what-if thread (named "what-if"): a ProjectionWorker on a thread of its own whose
// progress, result, refusal and cancellation arrive as the feed's projection signals, on the
// feed's thread. Owned by the feed, on the feed's thread; the destructor stops a projection
// in progress at its next slice and joins the thread.
class ProjectionThread {
public:
    explicit ProjectionThread(Feed& feed);
    ~ProjectionThread();
    ProjectionThread(const ProjectionThread&) = delete;
    ProjectionThread& operator=(const ProjectionThread&) = delete;

    // A new projection: every earlier one stops at its next slice. Returns the generation
    // to hand to the worker with the fork.
    int nextGeneration();
    // Projects `fork` (owned by the worker from now on) under `request` on the thread.
    void project(std::shared_ptr<sim::Simulation> fork, const WhatIfRequest& request);
    // Stops the projection in progress.
    void cancel() { nextGeneration(); }
    // For a feed that makes its forks on another thread and hands them straight over
    // (ProjectionWorker::project, a queued slot).
    ProjectionWorker* worker() const { return m_worker; }

private:
    QThread m_thread;
    ProjectionWorker* m_worker; // lives on m_thread; deleted when it finishes
};

} // namespace sluice::ui
