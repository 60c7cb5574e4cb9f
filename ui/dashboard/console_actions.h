// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "feed/alert_monitor.h"
#include "live/node_client.h"

#include <QObject>
#include <QStringList>

class QAction;
class QComboBox;
class QLabel;
class QMainWindow;
class QMenu;

namespace sluice::ui {

class ChartGrid;
class ControlPanel;
class WhatIfPanel;

// The window's menus (File, Controls, View with its Language, Run, Help) and its run toolbar (run,
// pause, step, speed, and the clock of the latest sample), with their shortcuts. An action that
// acts on a panel (focus the rate box, zoom the charts, project) does so directly; one that
// concerns the run (open a scenario, connect, export, new alert rules, run, pause, speed) asks for
// it through a signal, after its dialog when it has one. The speed chosen persists (see
// console_settings). Built once, on the GUI thread, into `window` (which owns it all).
class ConsoleActions : public QObject {
    Q_OBJECT
public:
    // What the actions act on directly; the panels outlive the actions.
    struct Targets {
        ControlPanel* controls = nullptr;
        WhatIfPanel* whatIf = nullptr;
        ChartGrid* charts = nullptr;
        const AlertMonitor* alerts = nullptr; // for the alert rules dialog's starting values
    };

    ConsoleActions(QMainWindow& window, const Targets& targets);

    // Simulated seconds a wall second (0 = as fast as possible), as chosen.
    double speed() const;
    // Run, pause, step and speed: a simulation's only.
    void setRunActionsEnabled(bool on);
    void setRecentScenarios(const QStringList& recent);
    // The clock's text (the latest sample in the event's time), and what its tooltip adds:
    // the zone and the same moment in UTC.
    void setClock(const QString& text, const QString& hover = {});
    // The run's state now: the Run or the Pause button shows pressed, and says so in words.
    void setRunning(bool running);
    // The live nodes watched now (keys included, in memory): File > Connect offers them
    // rather than a default address with an empty key. Empty when simulating.
    void setNodesInUse(const QList<NodeAddress>& nodes) { m_nodesInUse = nodes; }
    QString clock() const;

signals:
    void openScenarioRequested(const QString& nameOrPath);
    void connectRequested(const QList<sluice::ui::NodeAddress>& nodes);
    // Into `dir`: the incident report with its data, or the data alone.
    void exportRequested(const QString& dir, bool withPdf);
    void alertRulesChosen(const sluice::ui::AlertRules& rules);
    void runRequested();
    void pauseRequested();
    void stepRequested(int seconds);
    void speedChanged(double factor);
    // File > Reconnect now (live): every node not live tries again at once.
    void reconnectRequested();
    // Controls > Proof of work on join… (live): the dialog is the window's to open.
    void difficultyRequested();

private:
    void buildFileMenu();
    void buildControlsMenu();
    void buildViewMenu();
    void buildLanguageMenu(QMenu* view);
    void buildRunToolbar();
    void buildHelpMenu();

    QMainWindow& m_window;
    Targets m_targets;
    QMenu* m_recent = nullptr;
    QList<QAction*> m_runActions;
    QComboBox* m_speed = nullptr;
    QLabel* m_clock = nullptr;
    QLabel* m_runState = nullptr;
    QAction* m_difficulty = nullptr;
    QAction* m_reconnect = nullptr;
    QMenu* m_view = nullptr;
    QList<NodeAddress> m_nodesInUse;
};

} // namespace sluice::ui
