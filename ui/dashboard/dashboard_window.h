// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "chart_grid.h"
#include "difficulty_dialog.h"
#include "feed_session.h"
#include "live/node_client.h"
#include "report_export.h"
#include "run_record.h"
#include "series/sample.h"
#include "sim/scenario.h"
#include "tile_board.h"
#include "timeline_item.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

class QDockWidget;
class QTabWidget;
class QLabel;

namespace sluice::ui {

class AccuracyChart;
class AlertNotifier;
class ConsoleActions;
class ControlPanel;
class LiveFeed;
class NodeHealthPanel;
class SimulationFeed;
class TimelineModel;
class TimelinePanel;
class WhatIfComparison;
class WhatIfPanel;

// The operator's window: tiles, four charts on one time axis (with what-if projections and
// markers for actions and alerts), run/pause/step and speed, controls, what-if, alert rules
// and the timeline. Fed only through the feed session's signals (never touches the engine);
// repaints at most 10 times a second, whatever the feed's pace. Window layout, speed, alert
// rules and recent scenarios persist (console_settings).
//
// Two sources, one dashboard: a simulation of a scenario (run/pause/step, speed, scale-out)
// or live sluiced nodes (File > Connect): then the nodes' health list shows which are live,
// a gap in the data stays a gap in the charts and is noted in the timeline, the tiles say
// when data has stopped, and the controls act on the servers.
//
// The window composes and connects: the parts are TileBoard, ChartGrid, ControlPanel,
// WhatIfPanel, NodeHealthPanel, ConsoleActions (menus and toolbar), FeedSession (the
// source), RunRecord (what was received) and ReportExport (reports on their own thread).
class DashboardWindow : public QMainWindow {
    Q_OBJECT
public:
    // Starts a simulation of `scenario`, paused.
    explicit DashboardWindow(const sim::Scenario& scenario, QWidget* parent = nullptr);
    // Watches and steers live nodes.
    explicit DashboardWindow(const QList<NodeAddress>& nodes, QWidget* parent = nullptr);
    ~DashboardWindow() override;

    // The source: run/pause/step/speed act on a simulation and do nothing when live.
    FeedSession& session() { return m_session; }
    SimulationFeed* simulation() const { return m_session.simulation(); } // null when live
    LiveFeed* liveFeed() const { return m_session.live(); }               // null when simulating
    bool isLive() const { return m_session.isLive(); }
    // Leaves the simulation (or the nodes watched so far) for these live nodes. Connecting
    // again to the same nodes (by address) keeps the night received so far — charts,
    // timeline, alerts — and the gap stays a gap; other nodes start a new record.
    void connectLive(const QList<NodeAddress>& nodes);
    NodeHealthPanel* nodeHealth() const { return m_health; }
    // Controls > Proof of work on join… (live only): opens the dialog (non-modal; null when
    // not open). Applying it sends the change to every node and notes it in the timeline.
    void openDifficultyDialog();
    DifficultyDialog* difficultyDialog() const { return m_difficulty; }
    // View > Estimate accuracy: the estimate against the wait that followed, by arrival.
    AccuracyChart* accuracy() const { return m_accuracy; }
    QDockWidget* accuracyDock() const { return m_accuracyDock; }
    // A preset name or a file. A scenario that cannot be read is shown in an error dialog
    // and the current run goes on untouched; false then, with the reason in `error`.
    bool openScenario(const QString& nameOrPath, QString* error = nullptr);
    // Puts a preset name or file at the top of File > Recent scenarios (persisted).
    void rememberScenario(const QString& nameOrPath);
    QStringList recentScenarios() const;

    const SampleStore& store() const { return m_record.store(); }
    ControlPanel* controls() const { return m_controls; }
    WhatIfPanel* whatIf() const { return m_whatIf; }
    // The what-ifs kept, side by side: table (docked, shown with the first) and charts.
    WhatIfComparison* comparison() const { return m_comparison; }
    // Whether the what-if comparison is the tab shown under the charts.
    bool comparisonShown() const;
    ChartGrid& charts() const { return *m_charts; }
    TileBoard& tiles() const { return *m_tiles; }
    const AlertMonitor& alerts() const { return m_record.alerts(); }
    // The event's settings in force, as the console knows them (see InForce).
    const InForce& inForce() const { return m_inForce; }
    // The event's time zone, as the scenario or the first live node said (UTC until then):
    // the clock, charts, timeline, controls and reports show times in it.
    const EventTime& eventTime() const { return m_record.eventTime(); }
    void setAlertRules(const AlertRules& rules);
    QString timelineText() const;
    TimelinePanel* timeline() const { return m_timelinePanel; }
    // Decides whether an alert raised reaches the operator through the system tray.
    AlertNotifier& alertNotifier() const { return *m_notifier; }
    // Writes series.csv, series.json (the run so far, as sluice-sim writes them), audit.json,
    // alerts.json and figures.json into `dir`, each file whole or not at all, on this thread
    // (File > Export data uses exportReport without the PDF). False with a reason on failure.
    bool exportData(const QString& dir, QString* error) const;
    int chartPointCount(int chart) const { return m_charts->pointCount(chart); }
    // The incident report of what the window shows (report.pdf and its data) into `dir`, on
    // a thread of its own with a progress dialog that can cancel it; reportFinished says
    // how it went ("" when written, "cancelled", or the error). Without the PDF: File >
    // Export data.
    void exportReport(const QString& dir, bool withPdf = true);
    bool reportInProgress() const { return m_reports.inProgress(); }

signals:
    void samplesArrived(qsizetype total);
    void reportFinished(const QString& dir, const QString& error);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    explicit DashboardWindow(QWidget* parent);
    QDockWidget* addDock(const QString& title, const QString& name, QWidget* widget,
                         Qt::DockWidgetArea area);
    QWidget* buildCentre();
    void connectSession();
    void startSimulation(const sim::Scenario& scenario);
    void clearRun();
    void onSamples(const QList<series::Sample>& samples);
    void onReportWritten(const QString& dir, const QString& error, bool withPdf);
    void repaint();
    void showClock();
    void note(const TimelineItem& item);
    // A line at the run's current moment: the latest sample's, or before the first one, the
    // scenario's start (simulation) or the wall clock (live) — never 1970.
    // An operator action's who is this console's operator.
    void noteNow(TimelineKind kind, const QString& what);
    // A line of the console's own (not an audit entry or an alert): kept for the report too.
    void noteOwn(const TimelineItem& item);
    engine::TimeMs nowOfRun() const;
    void setInForce(const InForce& inForce);
    // The event's zone (IANA name) to every part that shows times; the charts' axes shift by
    // its offset at `opensAt` (see EventTimeAxis). `announce`: the timeline says so.
    void setEventTime(const QString& zone, engine::TimeMs opensAt, bool announce);
    QString clockOf(engine::TimeMs at) const;    // "2021-07-19 20:00:00 KST"
    QString clockHover(engine::TimeMs at) const; // the zone, and the moment in UTC
    void updateHealth();
    // Ctrl+Q or the window's close while live or with a run in progress: asked first.
    void askToQuit();
    ReportData reportData() const;

    FeedSession m_session;
    RunRecord m_record;
    ReportExport m_reports{this};
    QString m_runName; // the scenario, or the live nodes
    InForce m_inForce;
    engine::TimeMs m_runStart = 0; // a simulation's start; 0 when live
    TileBoard* m_tiles = nullptr;
    ChartGrid* m_charts = nullptr;
    TimelineModel* m_timeline = nullptr;
    TimelinePanel* m_timelinePanel = nullptr;
    AlertNotifier* m_notifier = nullptr;
    ControlPanel* m_controls = nullptr;
    WhatIfPanel* m_whatIf = nullptr;
    WhatIfComparison* m_comparison = nullptr;
    QTabWidget* m_lowerTabs = nullptr;  // the timeline and the what-if comparison
    bool m_comparisonShownOnce = false; // brought to the front with the first what-if
    NodeHealthPanel* m_health = nullptr;
    QDockWidget* m_healthDock = nullptr;
    QPointer<DifficultyDialog> m_difficulty;
    AccuracyChart* m_accuracy = nullptr;
    QDockWidget* m_accuracyDock = nullptr;
    ConsoleActions* m_actions = nullptr;
    QLabel* m_statusHint = nullptr; // the status bar's lasting word: what to do next
    QTimer m_healthTimer;
    QList<NodeClient::State> m_nodeStates;     // as last noted in the timeline
    QList<QUrl> m_liveUrls;                    // the nodes watched, while live
    QMap<QString, quint64> m_rejectionsBefore; // live: the nodes' counts at the first sample
    QTimer m_repaint;
    bool m_dirty = false;
    bool m_runFinished = false;   // the simulation reached its end
    bool m_quitConfirmed = false; // the operator said Quit
    int m_chartsStale = 0;        // charts still to redraw with the latest samples
    int m_accuracyTicks = 0;      // repaints since the live accuracy chart was redrawn
};

} // namespace sluice::ui
