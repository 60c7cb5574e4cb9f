// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "simulation_worker.h"
#include "what_if.h"

#include <QObject>
#include <atomic>
#include <memory>

namespace sluice::ui {

// Runs what-if projections on the thread it lives on: takes a simulation (a fork of the run,
// or one made from a live state), applies the changed controls and runs it forward in slices,
// reporting progress. A projection stops early when a newer one is asked for or it is
// cancelled (the generation moves on). Feeds use it through ProjectionThread.
class ProjectionWorker : public QObject {
    Q_OBJECT
public:
    // Moves on from every projection asked for so far: they stop at their next slice. Safe
    // from any thread.
    int nextGeneration() { return ++m_generation; }

public slots:
    void project(std::shared_ptr<sluice::sim::Simulation> fork,
                 const sluice::ui::WhatIfRequest& request, int generation);

signals:
    void progress(double fraction);
    void projected(const sluice::ui::WhatIfResult& result);
    void failed(const QString& message);
    void cancelled();

private:
    std::atomic<int> m_generation{0};
};

} // namespace sluice::ui
