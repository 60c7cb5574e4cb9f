// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "estimate_accuracy.h"
#include "feed.h"
#include "projection_thread.h"
#include "sim/scenario.h"

#include <QMap>
#include <QThread>
#include <memory>

namespace sluice::ui {

class SimulationWorker;

// A Simulation running on its own thread, paced against the wall clock (×1, ×10, ×60,
// ×600) or as fast as it goes (speed 0). Samples and audit entries come back in batches
// through Feed's signals; controls and pacing go to the worker as queued calls, so no call
// here waits for the engine.
class SimulationFeed : public Feed, public Controls {
    Q_OBJECT
public:
    // Starts paused. A scenario the engine refuses is reported through failed().
    explicit SimulationFeed(const sim::Scenario& scenario, QObject* parent = nullptr);
    ~SimulationFeed() override;

    void run();
    void pause();
    // Simulated seconds per wall second; 0 = as fast as possible.
    void setSpeed(double factor);
    // Advances by `seconds` of simulated time, then pauses.
    void step(int seconds);
    void applyControl(const QString& operatorName, const engine::ConfigChange& change) override;
    // Simulation only: queue-server nodes after `provisioningSeconds` of simulated time.
    void scaleOut(const QString& operatorName, int nodes, int provisioningSeconds);

    // What-if: forks the run where it stands (on the simulation thread, between two slices)
    // and projects the fork forward on a thread of its own, so the run goes on undisturbed.
    // A new projection replaces one still running.
    void project(const WhatIfRequest& request) override;
    void cancelProjection() override;

    // The gate's refusals since the run began, by reason, as of the last batch of samples.
    const QMap<QString, quint64>& tokenRejectionsByReason() const { return m_rejections; }

signals:
    // The estimate against the wait that followed, by arrival, for everyone who has
    // arrived: when the run pauses, a step ends or the run finishes (EstimateAccuracy).
    void accuracyBinned(const sluice::ui::EstimateAccuracy& accuracy);

private:
    QThread m_thread;
    SimulationWorker* m_worker; // lives on m_thread; deleted when it finishes
    ProjectionThread m_projection;
    QMap<QString, quint64> m_rejections;
};

} // namespace sluice::ui
