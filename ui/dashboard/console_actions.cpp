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

#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
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
    QMenu* help = m_window.menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Sluice"), this, [this] {
        auto* box = new QMessageBox(
            QMessageBox::Information, tr("About Sluice"),
            tr("<b>Sluice %1</b> — the operations console of the Sluice waiting room."
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
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)
        ->setMenuRole(QAction::AboutQtRole);
}

void ConsoleActions::buildFileMenu() {
    QMenu* file = m_window.menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open scenario…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(&m_window, tr("Open a scenario"),
                                                          QString(), tr("Scenarios (*.json)"));
        if (!path.isEmpty()) {
            emit openScenarioRequested(path);
        }
    });
    open->setShortcut(QKeySequence::Open);
    QMenu* presets = file->addMenu(tr("Open &preset"));
    for (const QString& name : scenarioPresets()) {
        presets->addAction(name, this, [this, name] { emit openScenarioRequested(name); });
    }
    m_recent = file->addMenu(tr("&Recent scenarios"));
    file->addSeparator();
    QAction* live = file->addAction(tr("&Connect to live servers…"), this, [this] {
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
    live->setToolTip(tr("Watch and steer sluiced nodes (their admin address and key)"));
    m_reconnect = file->addAction(tr("Reconnect &now"), this, &ConsoleActions::reconnectRequested);
    m_reconnect->setShortcut(QKeySequence("Ctrl+Shift+R"));
    m_reconnect->setToolTip(tr("Live: every node that is not live tries again now, without "
                               "waiting for its next attempt"));
    m_reconnect->setEnabled(false);
    const auto exportTo = [this](const QString& caption, bool withPdf) {
        const QString dir = QFileDialog::getExistingDirectory(&m_window, caption);
        if (!dir.isEmpty()) {
            emit exportRequested(dir, withPdf);
        }
    };
    QAction* exportAction = file->addAction(
        tr("&Export data…"), this, [exportTo] { exportTo(tr("Export the run's data to"), false); });
    exportAction->setShortcut(QKeySequence("Ctrl+E"));
    exportAction->setToolTip(tr("series.csv, series.json, audit.json, alerts.json and figures.json "
                                "of the run so far"));
    QAction* reportAction = file->addAction(tr("Export incident &report…"), this, [exportTo] {
        exportTo(tr("Write the incident report to"), true);
    });
    reportAction->setShortcut(QKeySequence("Ctrl+Shift+E"));
    reportAction->setToolTip(tr("report.pdf (figures, charts, timeline) with its data as CSV and "
                                "JSON, of the run or the live night so far"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), &m_window, &QWidget::close);
    // Ctrl+Q everywhere: some platforms' themes bind nothing to QKeySequence::Quit.
    QList<QKeySequence> quitKeys = QKeySequence::keyBindings(QKeySequence::Quit);
    if (!quitKeys.contains(QKeySequence("Ctrl+Q"))) {
        quitKeys.append(QKeySequence("Ctrl+Q"));
    }
    quit->setShortcuts(quitKeys);
}

void ConsoleActions::buildControlsMenu() {
    QMenu* controls = m_window.menuBar()->addMenu(tr("&Controls"));
    ControlPanel* panel = m_targets.controls;
    const auto focus = [](QSpinBox* box) {
        box->setFocus(Qt::ShortcutFocusReason);
        box->selectAll();
    };
    controls->addAction(tr("&Throttle (admission rate)…"), QKeySequence("Ctrl+T"), this,
                        [panel, focus] { focus(panel->rateBox()); });
    controls->addAction(tr("Extend &capacity…"), QKeySequence("Ctrl+K"), this,
                        [panel, focus] { focus(panel->capacityBox()); });
    controls->addAction(tr("&Pause / resume admissions"), QKeySequence("Ctrl+Shift+P"), this,
                        [panel] { panel->pauseButton()->click(); });
    controls->addAction(tr("&Undo last change"), QKeySequence::Undo, this,
                        [panel] { panel->undo(); });
    controls->addSeparator();
    // Ctrl+J opens the question, it does not answer it: the what-if panel, shown and raised,
    // its rate field ready to type into; Enter (or Project from now) projects.
    controls->addAction(tr("&What-if from now…"), QKeySequence("Ctrl+J"), this,
                        [whatIf = m_targets.whatIf] {
                            if (auto* dock = qobject_cast<QDockWidget*>(whatIf->parentWidget())) {
                                dock->show();
                                dock->raise();
                            }
                            whatIf->focusRate();
                        });
    // Every what-if kept (dashed on the charts, rows of the comparison) goes.
    controls->addAction(tr("C&lear what-ifs"), QKeySequence("Ctrl+Shift+J"), this,
                        [whatIf = m_targets.whatIf] { whatIf->clearWhatIfs(); });
    // Live only: each node's proof of work (DifficultyDialog).
    m_difficulty = controls->addAction(tr("Proof of &work on join…"), QKeySequence("Ctrl+Shift+W"),
                                       this, &ConsoleActions::difficultyRequested);
    m_difficulty->setEnabled(false);
    controls->addAction(tr("&Alert rules…"), this, [this] {
        auto* dialog = new AlertRulesDialog(m_targets.alerts->rules(), &m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this,
                [this, dialog] { emit alertRulesChosen(dialog->rules()); });
        dialog->open();
    });
}

void ConsoleActions::buildViewMenu() {
    QMenu* view = m_window.menuBar()->addMenu(tr("&View"));
    m_view = view;
    ChartGrid* charts = m_targets.charts;
    view->addAction(tr("Zoom &in"), QKeySequence("Ctrl+="), this, [charts] { charts->zoomBy(2); });
    view->addAction(tr("Zoom &out"), QKeySequence("Ctrl+-"), this,
                    [charts] { charts->zoomBy(0.5); });
    view->addAction(tr("&Earlier"), QKeySequence("Ctrl+["), this,
                    [charts] { charts->panBy(-0.25); });
    view->addAction(tr("&Later"), QKeySequence("Ctrl+]"), this, [charts] { charts->panBy(0.25); });
    view->addAction(tr("&Follow the run"), QKeySequence("Ctrl+0"), this,
                    [charts] { charts->follow(); });
    buildLanguageMenu(view);
}

// View › Language: kept in the settings, used from the next start (the window is built in
// one language; --lang still overrides it).
void ConsoleActions::buildLanguageMenu(QMenu* view) {
    QMenu* menu = view->addMenu(tr("&Language"));
    menu->setObjectName("languageMenu");
    auto* group = new QActionGroup(menu);
    const QString saved = console_settings::language();
    // Each language by its own name, as people look for it.
    const std::initializer_list<std::pair<QString, QString>> choices{
        {QString(), tr("The system's language")}, {"en", "English"}, {"ko", "한국어"}};
    for (const auto& [code, name] : choices) {
        QAction* choice = menu->addAction(name);
        choice->setData(code);
        choice->setCheckable(true);
        choice->setChecked(code == saved);
        group->addAction(choice);
        connect(choice, &QAction::triggered, this, [this, code = code] {
            console_settings::setLanguage(code);
            m_window.statusBar()->showMessage(
                tr("The console shows the chosen language when it starts again."), 10'000);
        });
    }
}

void ConsoleActions::buildRunToolbar() {
    QToolBar* bar = m_window.addToolBar(tr("Run"));
    bar->setObjectName("runToolbar");
    QMenu* menu = m_window.menuBar()->addMenu(tr("&Run"));
    QAction* run = bar->addAction(tr("Run"), this, &ConsoleActions::runRequested);
    run->setShortcut(Qt::Key_F5);
    run->setToolTip(tr("Run the simulation (F5)"));
    QAction* pause = bar->addAction(tr("Pause"), this, &ConsoleActions::pauseRequested);
    pause->setShortcut(Qt::Key_F6);
    pause->setToolTip(tr("Pause (F6)"));
    QAction* step =
        bar->addAction(tr("Step 1 min"), this, [this] { emit stepRequested(kStepSeconds); });
    step->setShortcut(Qt::Key_F10);
    step->setToolTip(tr("Advance one simulated minute, then pause (F10)"));
    run->setCheckable(true);
    pause->setCheckable(true);
    menu->addActions({run, pause, step});
    m_runActions = {run, pause, step};
    m_speed = new QComboBox(bar);
    m_speed->setToolTip(tr("Simulated seconds per wall-clock second"));
    for (const auto& [label, factor] : std::initializer_list<std::pair<const char*, double>>{
             {"×1", 1},
             {"×10", 10},
             {"×60", 60},
             {"×600", 600},
             {QT_TR_NOOP("as fast as possible"), 0}}) {
        m_speed->addItem(tr(label), factor);
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
    m_runState->setToolTip(tr("Whether the simulation is running or paused"));
    bar->addWidget(m_runState);
    m_clock = new QLabel("—", bar);
    m_clock->setToolTip(tr("The clock of the latest sample, in the event's time zone: simulated, "
                           "or the live nodes'"));
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
                        : running                        ? tr("▶ running")
                                                         : tr("❚❚ paused"));
}

void ConsoleActions::setClock(const QString& text, const QString& hover) {
    m_clock->setText(text);
    // Tests and people find the clock by its tooltip: it always starts "The clock".
    m_clock->setToolTip(tr("The clock of the latest sample, in the event's time zone: simulated, "
                           "or the live nodes'") +
                        (hover.isEmpty() ? QString() : "\n" + hover));
}

QString ConsoleActions::clock() const {
    return m_clock->text();
}

} // namespace sluice::ui
