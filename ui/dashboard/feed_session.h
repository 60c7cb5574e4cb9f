// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "feed/feed.h"
#include "live/node_client.h"
#include "series/sample.h"
#include "sim/scenario.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <memory>

namespace sluice::ui {

class LiveFeed;
class SimulationFeed;

// The window's source of data, one at a time: a simulation of a scenario, or live sluiced
// nodes. Starting one ends the one before (a simulation stops with its thread, live
// connections close). Whatever the source, its samples, audit entries, refusals and what-if
// projections arrive as this object's signals, so the window connects once.
//
// Live data is stale (staleChanged(true)) from the moment the nodes are connected to until
// their first sample, and again after NodeClient::kStaleMs without one (as a node's own
// stream is judged); the next sample ends it. So whatever the window still shows from before
// (another connection, the history kept) is never taken for live. A simulation is never
// stale. GUI thread only.
class FeedSession : public QObject {
    Q_OBJECT
public:
    explicit FeedSession(QObject* parent = nullptr);
    ~FeedSession() override;

    // A simulation of `scenario`, paused, at `speed` (simulated seconds a wall second; 0 = as
    // fast as possible).
    void startSimulation(const sim::Scenario& scenario, double speed);
    // Watches and steers these nodes (they are connected to at once).
    void startLive(const QList<NodeAddress>& nodes);

    // Null before the first start.
    Feed* feed() const;
    Controls* controls() const;
    SimulationFeed* simulation() const { return m_simulation.get(); } // null when live
    LiveFeed* live() const { return m_live.get(); }                   // null when simulating
    bool isLive() const { return m_live != nullptr; }
    bool stale() const { return m_stale; }
    // A simulation asked to run (not paused, stepping or finished); false when live.
    bool running() const { return m_running; }

    // A simulation's levers; nothing happens when live.
    void run();
    void pause();
    void step(int seconds);
    void setSpeed(double factor);
    void scaleOut(const QString& operatorName, int nodes, int provisioningSeconds);
    // What-if on whichever source there is.
    void project(const WhatIfRequest& request);
    void cancelProjection();

signals:
    // The current feed's (see Feed).
    void sampled(const QList<sluice::series::Sample>& samples);
    void auditAppended(const QList<sluice::engine::AuditEntry>& entries);
    void failed(const QString& message);
    void finished();
    void projectionProgress(double fraction);
    void projected(const sluice::ui::WhatIfResult& result);
    void projectionFailed(const QString& message);
    void projectionCancelled();
    // Live only: the event's opening, message and IANA time zone (first node to answer); a
    // node's state moved.
    void eventConfig(engine::TimeMs opensAt, const QString& message, const QString& timeZone,
                     const QList<sluice::ui::InForce::Window>& cohorts);
    void healthChanged();
    void staleChanged(bool stale);
    // Run, pause, a step or the end of the run: shown by the toolbar at once.
    void runningChanged(bool running);

private:
    void forward(Feed& feed);
    void checkStale();

    std::unique_ptr<SimulationFeed> m_simulation;
    std::unique_ptr<LiveFeed> m_live;
    QElapsedTimer m_sinceSample; // live: since the last batch of samples
    QTimer m_staleCheck;
    bool m_stale = false;
    bool m_running = false;
    void setRunning(bool running);
};

} // namespace sluice::ui
