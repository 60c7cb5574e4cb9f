// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "chart_grid.h"
#include "control_panel.h"
#include "feed/alert_monitor.h"
#include "live/node_client.h"
#include "report/report_data.h"
#include "sample_store.h"
#include "sim/scenario.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>
#include <array>
#include <memory>

class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QPlainTextEdit;

namespace sluice::ui {

class ControlPanel;
class Feed;
class LiveFeed;
class MetricTile;
class NodeHealthPanel;
class SimulationFeed;
class WhatIfPanel;

// The operator's window: tiles, four charts on one time axis (with what-if projections and
// markers for actions and alerts), run/pause/step and speed, controls, what-if, alert rules
// and the timeline. Fed only through the feed's signals (never touches the engine); repaints
// at most 10 times a second, whatever the feed's pace. Window layout, speed, alert rules
// and recent scenarios persist in QSettings.
//
// Two sources, one dashboard: a simulation of a scenario (run/pause/step, speed, scale-out)
// or live sluiced nodes (File > Connect): then the nodes' health list shows which are live,
// a gap in the data stays a gap in the charts and is noted in the timeline, and the controls
// act on the servers.
class DashboardWindow : public QMainWindow {
    Q_OBJECT
public:
    // Starts a simulation of `scenario`, paused.
    explicit DashboardWindow(const sim::Scenario& scenario, QWidget* parent = nullptr);
    // Watches and steers live nodes.
    explicit DashboardWindow(const QList<NodeAddress>& nodes, QWidget* parent = nullptr);
    ~DashboardWindow() override;

    SimulationFeed& feed() { return *m_feed; } // simulation only
    LiveFeed* liveFeed() const { return m_live.get(); }
    bool isLive() const { return m_live != nullptr; }
    // Leaves the simulation (or the nodes watched so far) for these live nodes.
    void connectLive(const QList<NodeAddress>& nodes);
    NodeHealthPanel* nodeHealth() const { return m_health; }
    // A preset name or a file. A scenario that cannot be read is shown in an error dialog
    // and the current run goes on untouched; false then, with the reason in `error`.
    bool openScenario(const QString& nameOrPath, QString* error = nullptr);
    // Puts a preset name or file at the top of File > Recent scenarios (persisted).
    void rememberScenario(const QString& nameOrPath);
    QStringList recentScenarios() const;

    const SampleStore& store() const { return m_store; }
    ControlPanel* controls() const { return m_controls; }
    WhatIfPanel* whatIf() const { return m_whatIf; }
    ChartGrid& charts() const { return *m_charts; }
    const AlertMonitor& alerts() const { return m_alerts; }
    void setAlertRules(const AlertRules& rules);
    QString timelineText() const;
    MetricTile* tile(int i) const { return m_tiles.at(static_cast<std::size_t>(i)); }
    // Writes series.csv, series.json (the run so far, as sluice-sim writes them), audit.json,
    // alerts.json and figures.json into `dir`, each file whole or not at all, on this thread
    // (File > Export data uses exportReport without the PDF). False with a reason on failure.
    bool exportData(const QString& dir, QString* error) const;
    int chartPointCount(int chart) const { return m_charts->pointCount(chart); }
    // The incident report of what the window shows (report.pdf and its data) into `dir`, on
    // a thread of its own with a progress dialog that can cancel it; reportFinished says
    // how it went ("" when written, "cancelled", or the error). Without the PDF: File >
    // Export data (a day of four nodes is tens of megabytes: not on the GUI thread either).
    void exportReport(const QString& dir, bool withPdf = true);
    bool reportInProgress() const { return m_reportThread != nullptr; }

signals:
    void samplesArrived(qsizetype total);
    void reportFinished(const QString& dir, const QString& error);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildToolbar();
    void buildMenu();
    void buildTiles(QWidget* host);
    void onSamples(const QList<sim::SimSample>& samples);
    void repaint();
    void updateTiles();
    void note(engine::TimeMs at, const QString& text);
    void startFeed(const sim::Scenario& scenario);
    void wireFeed(Feed& feed);
    ReportData reportData() const;
    template <typename ProjectingFeed>
    void wireProjections(ProjectingFeed& feed, const QString& label);
    ScaleOut simulationScaleOut();
    void buildWindow(const QString& title, engine::TimeMs opensAt);
    void resetRun();
    void updateHealth();
    void setRunActionsEnabled(bool on);
    void updateRecentMenu();
    void restoreSettings();

    std::unique_ptr<SimulationFeed> m_feed; // simulation
    std::unique_ptr<LiveFeed> m_live;       // or live nodes
    NodeHealthPanel* m_health = nullptr;
    QDockWidget* m_healthDock = nullptr;
    QTimer m_healthTimer;
    QList<NodeClient::State> m_nodeStates;
    QList<QAction*> m_runActions;
    QString m_runName;                     // the scenario, or the live nodes
    std::vector<TimelineEntry> m_alertLog; // alerts raised and cleared, for reports
    QThread* m_reportThread = nullptr;
    QElapsedTimer m_sinceSample; // live: how long since data last came
    bool m_stale = false;
    SampleStore m_store;
    AlertMonitor m_alerts;
    QTimer m_repaint;
    bool m_dirty = false;
    int m_chartsStale = 0; // charts still to redraw with the latest samples
    QLabel* m_clock = nullptr;
    QComboBox* m_speed = nullptr;
    std::array<MetricTile*, 8> m_tiles{};
    ChartGrid* m_charts = nullptr;
    QPlainTextEdit* m_timeline = nullptr;
    ControlPanel* m_controls = nullptr;
    WhatIfPanel* m_whatIf = nullptr;
    QMenu* m_recent = nullptr;
    QList<engine::AuditEntry> m_audit;
    QList<ChartMarker> m_markers;
};

} // namespace sluice::ui
