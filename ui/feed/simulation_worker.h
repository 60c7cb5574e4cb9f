// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "estimate_accuracy.h"
#include "feed.h"
#include "series/sample.h"
#include "sim/scenario.h"
#include "sim/simulation.h"
#include "what_if.h"

#include <QElapsedTimer>
#include <QMap>
#include <QObject>
#include <QTimer>
#include <memory>

Q_DECLARE_METATYPE(std::shared_ptr<sluice::sim::Simulation>)

namespace sluice::ui {

// The half of SimulationFeed that lives on the simulation thread. Not for direct use.
class SimulationWorker : public QObject {
    Q_OBJECT
public:
    explicit SimulationWorker(sim::Scenario scenario);

public slots:
    void start(); // on the worker thread: builds the simulation
    void run();
    void pause();
    void setSpeed(double factor);
    void step(int seconds);
    void applyControl(const QString& operatorName, const sluice::engine::ConfigChange& change);
    void scaleOut(const QString& operatorName, int nodes, int provisioningSeconds);
    void fork(const sluice::ui::WhatIfRequest& request, int generation);

signals:
    void forked(std::shared_ptr<sluice::sim::Simulation> fork,
                const sluice::ui::WhatIfRequest& request, int generation);
    void forkFailed(const QString& message);
    void sampled(const QList<sluice::series::Sample>& samples);
    void auditAppended(const QList<sluice::engine::AuditEntry>& entries);
    void failed(const QString& message);
    void finished();
    // Everyone who has arrived so far, binned by arrival: when the run pauses, a step ends
    // or the run finishes (a pass over every person: too dear for every slice).
    void accuracyBinned(const sluice::ui::EstimateAccuracy& accuracy);
    // The gate's refusals since the run began, by reason (engine::nameOf), as the engine
    // counts them: with the samples, whenever a count has changed.
    void tokenRejectionsCounted(const QMap<QString, quint64>& byReason);

private:
    void pace();
    void advanceTo(engine::TimeMs target);
    void publish();
    void publishAccuracy();

    sim::Scenario m_scenario;
    std::unique_ptr<sim::Simulation> m_sim;
    QTimer m_timer;
    QElapsedTimer m_wall;
    double m_speed = 1.0;
    double m_carryMs = 0; // simulated time owed by the pacing, below a millisecond
    engine::TimeMs m_stepUntil = 0;
    std::size_t m_samplesSent = 0;
    std::size_t m_auditSent = 0;
    engine::TokenRejectionCounts m_rejectionsSent{};
    bool m_running = false;
    bool m_finishedSent = false;
};

} // namespace sluice::ui
