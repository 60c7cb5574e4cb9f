// SPDX-License-Identifier: Apache-2.0
#include "console_actions.h"

#include "alert_rules_dialog.h"
#include "chart_grid.h"
#include "connect_dialog.h"
#include "console_settings.h"
#include "control_panel.h"
#include "feed/scenario_source.h"
#include "following_spin_box.h"
#include "what_if_panel.h"

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QToolBar>

namespace sluice::ui {
namespace {
constexpr int kDefaultSpeedIndex = 2; // ×60
constexpr int kStepSeconds = 60;
} // namespace

ConsoleActions::ConsoleActions(QMainWindow& window, const Targets& targets)
    : QObject(&window), m_window(window), m_targets(targets) {
    buildFileMenu();
    buildControlsMenu();
    buildViewMenu();
    buildRunToolbar();
    // Every panel and the toolbar can be shown again from View after being closed.
    m_view->addSeparator();
    for (QDockWidget* dock : m_window.findChildren<QDockWidget*>()) {
        m_view->addAction(dock->toggleViewAction());
    }
    for (QToolBar* bar : m_window.findChildren<QToolBar*>()) {
        m_view->addAction(bar->toggleViewAction());
    }
    buildHelpMenu();
}

void ConsoleActions::buildHelpMenu() {
    QMenu* help = m_window.menuBar()->addMenu("&Help");
    QAction* about = help->addAction("&About Sluice", this, [this] {
        auto* box = new QMessageBox(
            QMessageBox::Information, "About Sluice",
            QString("<b>Sluice %1</b> — the operations console of the Sluice waiting room."
                    "<p>F5 runs the simulation, F6 pauses it, F10 steps one minute. "
                    "Ctrl+T throttles, Ctrl+K sets the capacity, Ctrl+Shift+P pauses "
                    "admissions, Ctrl+Z undoes the last change, Ctrl+J asks what if. "
                    "Ctrl+L connects to live servers, Ctrl+Shift+E writes the incident "
                    "report.</p><p>Hover a chart for its values; drag across it to zoom.</p>")
                .arg(QCoreApplication::applicationVersion()),
            QMessageBox::Ok, &m_window);
        box->setObjectName("about");
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    about->setMenuRole(QAction::AboutRole);
    help->addAction("About &Qt", qApp, &QApplication::aboutQt)->setMenuRole(QAction::AboutQtRole);
}

void ConsoleActions::buildFileMenu() {
    QMenu* file = m_window.menuBar()->addMenu("&File");
    QAction* open = file->addAction("&Open scenario…", this, [this] {
        const QString path = QFileDialog::getOpenFileName(&m_window, "Open a scenario", QString(),
                                                          "Scenarios (*.json)");
        if (!path.isEmpty()) {
            emit openScenarioRequested(path);
        }
    });
    open->setShortcut(QKeySequence::Open);
    QMenu* presets = file->addMenu("Open &preset");
    for (const QString& name : scenarioPresets()) {
        presets->addAction(name, this, [this, name] { emit openScenarioRequested(name); });
    }
    m_recent = file->addMenu("&Recent scenarios");
    file->addSeparator();
    QAction* live = file->addAction("&Connect to live servers…", this, [this] {
        auto* dialog = new ConnectDialog(&m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        if (!m_nodesInUse.isEmpty()) {
            dialog->setNodes(m_nodesInUse);
        }
        connect(dialog, &QDialog::accepted, this, [this, dialog] {
            ConnectDialog::save(dialog->nodes());
            emit connectRequested(dialog->nodes());
        });
        dialog->open();
    });
    live->setShortcut(QKeySequence("Ctrl+L"));
    live->setToolTip("Watch and steer sluiced nodes (their admin address and key)");
    m_reconnect = file->addAction("Reconnect &now", this, &ConsoleActions::reconnectRequested);
    m_reconnect->setShortcut(QKeySequence("Ctrl+Shift+R"));
    m_reconnect->setToolTip("Live: every node that is not live tries again now, without "
                            "waiting for its next attempt");
    m_reconnect->setEnabled(false);
    const auto exportTo = [this](const QString& caption, bool withPdf) {
        const QString dir = QFileDialog::getExistingDirectory(&m_window, caption);
        if (!dir.isEmpty()) {
            emit exportRequested(dir, withPdf);
        }
    };
    QAction* exportAction = file->addAction(
        "&Export data…", this, [exportTo] { exportTo("Export the run's data to", false); });
    exportAction->setShortcut(QKeySequence("Ctrl+E"));
    exportAction->setToolTip("series.csv, series.json, audit.json, alerts.json and figures.json "
                             "of the run so far");
    QAction* reportAction = file->addAction("Export incident &report…", this, [exportTo] {
        exportTo("Write the incident report to", true);
    });
    reportAction->setShortcut(QKeySequence("Ctrl+Shift+E"));
    reportAction->setToolTip("report.pdf (figures, charts, timeline) with its data as CSV and "
                             "JSON, of the run or the live night so far");
    file->addSeparator();
    QAction* quit = file->addAction("&Quit", &m_window, &QWidget::close);
    // Ctrl+Q everywhere: some platforms' themes bind nothing to QKeySequence::Quit.
    QList<QKeySequence> quitKeys = QKeySequence::keyBindings(QKeySequence::Quit);
    if (!quitKeys.contains(QKeySequence("Ctrl+Q"))) {
        quitKeys.append(QKeySequence("Ctrl+Q"));
    }
    quit->setShortcuts(quitKeys);
}

void ConsoleActions::buildControlsMenu() {
    QMenu* controls = m_window.menuBar()->addMenu("&Controls");
    ControlPanel* panel = m_targets.controls;
    const auto focus = [](QSpinBox* box) {
        box->setFocus(Qt::ShortcutFocusReason);
        box->selectAll();
    };
    controls->addAction("&Throttle (admission rate)…", QKeySequence("Ctrl+T"), this,
                        [panel, focus] { focus(panel->rateBox()); });
    controls->addAction("Extend &capacity…", QKeySequence("Ctrl+K"), this,
                        [panel, focus] { focus(panel->capacityBox()); });
    controls->addAction("&Pause / resume admissions", QKeySequence("Ctrl+Shift+P"), this,
                        [panel] { panel->pauseButton()->click(); });
    controls->addAction("&Undo last change", QKeySequence::Undo, this, [panel] { panel->undo(); });
    controls->addSeparator();
    // Ctrl+J opens the question, it does not answer it: the what-if panel, shown and raised,
    // its rate field ready to type into; Enter (or Project from now) projects.
    controls->addAction("&What-if from now…", QKeySequence("Ctrl+J"), this,
                        [whatIf = m_targets.whatIf] {
                            if (auto* dock = qobject_cast<QDockWidget*>(whatIf->parentWidget())) {
                                dock->show();
                                dock->raise();
                            }
                            whatIf->focusRate();
                        });
    // Every what-if kept (dashed on the charts, rows of the comparison) goes.
    controls->addAction("C&lear what-ifs", QKeySequence("Ctrl+Shift+J"), this,
                        [whatIf = m_targets.whatIf] { whatIf->clearWhatIfs(); });
    // Live only: each node's proof of work (DifficultyDialog).
    m_difficulty = controls->addAction("Proof of &work on join…", QKeySequence("Ctrl+Shift+W"),
                                       this, &ConsoleActions::difficultyRequested);
    m_difficulty->setEnabled(false);
    controls->addAction("&Alert rules…", this, [this] {
        auto* dialog = new AlertRulesDialog(m_targets.alerts->rules(), &m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this,
                [this, dialog] { emit alertRulesChosen(dialog->rules()); });
        dialog->open();
    });
}

void ConsoleActions::buildViewMenu() {
    QMenu* view = m_window.menuBar()->addMenu("&View");
    m_view = view;
    ChartGrid* charts = m_targets.charts;
    view->addAction("Zoom &in", QKeySequence("Ctrl+="), this, [charts] { charts->zoomBy(2); });
    view->addAction("Zoom &out", QKeySequence("Ctrl+-"), this, [charts] { charts->zoomBy(0.5); });
    view->addAction("&Earlier", QKeySequence("Ctrl+["), this, [charts] { charts->panBy(-0.25); });
    view->addAction("&Later", QKeySequence("Ctrl+]"), this, [charts] { charts->panBy(0.25); });
    view->addAction("&Follow the run", QKeySequence("Ctrl+0"), this,
                    [charts] { charts->follow(); });
}

void ConsoleActions::buildRunToolbar() {
    QToolBar* bar = m_window.addToolBar("Run");
    bar->setObjectName("runToolbar");
    QMenu* menu = m_window.menuBar()->addMenu("&Run");
    QAction* run = bar->addAction("Run", this, &ConsoleActions::runRequested);
    run->setShortcut(Qt::Key_F5);
    run->setToolTip("Run the simulation (F5)");
    QAction* pause = bar->addAction("Pause", this, &ConsoleActions::pauseRequested);
    pause->setShortcut(Qt::Key_F6);
    pause->setToolTip("Pause (F6)");
    QAction* step =
        bar->addAction("Step 1 min", this, [this] { emit stepRequested(kStepSeconds); });
    step->setShortcut(Qt::Key_F10);
    step->setToolTip("Advance one simulated minute, then pause (F10)");
    run->setCheckable(true);
    pause->setCheckable(true);
    menu->addActions({run, pause, step});
    m_runActions = {run, pause, step};
    m_speed = new QComboBox(bar);
    m_speed->setToolTip("Simulated seconds per wall-clock second");
    for (const auto& [label, factor] : std::initializer_list<std::pair<const char*, double>>{
             {"×1", 1}, {"×10", 10}, {"×60", 60}, {"×600", 600}, {"as fast as possible", 0}}) {
        m_speed->addItem(label, factor);
    }
    const int saved = console_settings::speedIndex(kDefaultSpeedIndex);
    m_speed->setCurrentIndex(saved >= 0 && saved < m_speed->count() ? saved : kDefaultSpeedIndex);
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this](int i) {
        console_settings::setSpeedIndex(i);
        emit speedChanged(m_speed->itemData(i).toDouble());
    });
    bar->addWidget(m_speed);
    m_runState = new QLabel(bar);
    m_runState->setObjectName("runState");
    m_runState->setToolTip("Whether the simulation is running or paused");
    bar->addWidget(m_runState);
    m_clock = new QLabel("—", bar);
    m_clock->setToolTip("The clock of the latest sample, in the event's time zone: simulated, "
                        "or the live nodes'");
    bar->addSeparator();
    bar->addWidget(m_clock);
}

double ConsoleActions::speed() const {
    return m_speed->currentData().toDouble();
}

void ConsoleActions::setRunActionsEnabled(bool on) {
    for (QAction* a : m_runActions) {
        a->setEnabled(on);
    }
    m_speed->setEnabled(on);
    m_reconnect->setEnabled(!on); // live nodes only
    m_difficulty->setEnabled(!on);
    setRunning(false);
}

void ConsoleActions::setRecentScenarios(const QStringList& recent) {
    m_recent->clear();
    for (const QString& entry : recent) {
        m_recent->addAction(entry, this, [this, entry] { emit openScenarioRequested(entry); });
    }
    m_recent->setEnabled(!recent.isEmpty());
}

void ConsoleActions::setRunning(bool running) {
    m_runActions.at(0)->setChecked(running);
    m_runActions.at(1)->setChecked(!running && m_runActions.at(1)->isEnabled());
    m_runState->setText(!m_runActions.at(0)->isEnabled() ? QString()
                        : running                        ? QString("▶ running")
                                                         : QString("❚❚ paused"));
}

void ConsoleActions::setClock(const QString& text, const QString& hover) {
    m_clock->setText(text);
    // Tests and people find the clock by its tooltip: it always starts "The clock".
    m_clock->setToolTip("The clock of the latest sample, in the event's time zone: simulated, "
                        "or the live nodes'" +
                        (hover.isEmpty() ? QString() : "\n" + hover));
}

QString ConsoleActions::clock() const {
    return m_clock->text();
}

} // namespace sluice::ui
