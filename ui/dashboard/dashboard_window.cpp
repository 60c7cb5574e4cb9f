// SPDX-License-Identifier: Apache-2.0
#include "dashboard_window.h"

#include "accuracy_chart.h"
#include "alert_notifier.h"
#include "console_actions.h"
#include "console_settings.h"
#include "control_panel.h"
#include "difficulty_dialog.h"
#include "feed/scenario_source.h"
#include "feed/simulation_feed.h"
#include "live/live_feed.h"
#include "node_health_panel.h"
#include "report/pdf_report.h"
#include "series/sample.h"
#include "timeline_model.h"
#include "timeline_panel.h"
#include "what_if_comparison.h"
#include "what_if_panel.h"

#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace sluice::ui {
namespace {

constexpr int kRepaintMs = 100;     // at most 10 repaints a second
constexpr int kHealthTickMs = 1000; // a node's age and countdown move on

// The control panel's levers before a feed is there: they go nowhere.
struct NoControls : Controls {
    void applyControl(const QString&, const engine::ConfigChange&) override {}
};

} // namespace

DashboardWindow::DashboardWindow(const sim::Scenario& scenario, QWidget* parent)
    : DashboardWindow(parent) {
    startSimulation(scenario);
}

DashboardWindow::DashboardWindow(const QList<NodeAddress>& nodes, QWidget* parent)
    : DashboardWindow(parent) {
    connectLive(nodes);
}

DashboardWindow::DashboardWindow(QWidget* parent)
    : QMainWindow(parent), m_record(console_settings::alertRules()) {
    static NoControls nowhere;
    m_controls = new ControlPanel(nowhere, {}, this);
    addDock(tr("Controls"), "controlsDock", m_controls, Qt::RightDockWidgetArea);
    m_whatIf = new WhatIfPanel(this);
    addDock(tr("What-if"), "whatIfDock", m_whatIf, Qt::RightDockWidgetArea);
    m_health = new NodeHealthPanel(this);
    m_healthDock = addDock(tr("Nodes"), "nodesDock", m_health, Qt::BottomDockWidgetArea);
    m_healthDock->hide();
    m_accuracy = new AccuracyChart(this);
    m_accuracyDock =
        addDock(tr("Estimate accuracy"), "accuracyDock", m_accuracy, Qt::BottomDockWidgetArea);
    m_accuracyDock->hide();
    m_accuracyDock->toggleViewAction()->setText(tr("Estimate &accuracy"));
    setCentralWidget(buildCentre());
    m_actions = new ConsoleActions(*this, {m_controls, m_whatIf, m_charts, &m_record.alerts()});
    m_actions->setRecentScenarios(console_settings::recentScenarios());
    m_statusHint = new QLabel(this);
    m_statusHint->setObjectName("statusHint");
    statusBar()->addPermanentWidget(m_statusHint);
    resize(1400, 900);
    restoreGeometry(console_settings::windowGeometry());
    restoreState(console_settings::windowState());
    connectSession();

    connect(m_actions, &ConsoleActions::openScenarioRequested, this,
            [this](const QString& nameOrPath) { openScenario(nameOrPath); });
    connect(m_actions, &ConsoleActions::connectRequested, this, &DashboardWindow::connectLive);
    connect(m_actions, &ConsoleActions::exportRequested, this, &DashboardWindow::exportReport);
    connect(m_actions, &ConsoleActions::alertRulesChosen, this, &DashboardWindow::setAlertRules);
    connect(m_actions, &ConsoleActions::runRequested, &m_session, &FeedSession::run);
    connect(m_actions, &ConsoleActions::pauseRequested, &m_session, &FeedSession::pause);
    connect(m_actions, &ConsoleActions::stepRequested, &m_session, &FeedSession::step);
    connect(m_actions, &ConsoleActions::speedChanged, &m_session, &FeedSession::setSpeed);
    connect(m_actions, &ConsoleActions::reconnectRequested, this, [this] {
        if (LiveFeed* live = m_session.live()) {
            noteNow(TimelineKind::Node, "reconnect now (asked by the operator)");
            for (int i = 0; i < live->nodeCount(); ++i) {
                live->node(i).reconnectNow();
            }
        }
    });
    connect(m_actions, &ConsoleActions::difficultyRequested, this,
            &DashboardWindow::openDifficultyDialog);
    connect(m_controls, &ControlPanel::noted, this,
            [this](const QString& text) { noteNow(TimelineKind::Action, text); });
    connect(m_whatIf, &WhatIfPanel::projectRequested, &m_session, &FeedSession::project);
    connect(m_whatIf, &WhatIfPanel::cancelRequested, &m_session, &FeedSession::cancelProjection);
    connect(m_whatIf, &WhatIfPanel::clearRequested, m_comparison, &WhatIfComparison::clear);
    connect(m_comparison, &WhatIfComparison::countChanged, this, [this](int n) {
        m_whatIf->setWhatIfCount(n);
        // Its tab beside the timeline's, shown with the first what-if; a dock of its own
        // under the charts grew a 1280×720 window past the screen and squeezed the charts'
        // time axes to "…" (issue 18, item 9).
        const int tab = m_lowerTabs->indexOf(m_comparison);
        m_lowerTabs->setTabEnabled(tab, n > 0);
        if (n > 0 && m_lowerTabs->currentIndex() != tab && !m_comparisonShownOnce) {
            m_lowerTabs->setCurrentIndex(tab);
            m_comparisonShownOnce = true;
        }
        if (n == 0) {
            m_lowerTabs->setCurrentWidget(m_timelinePanel);
            m_comparisonShownOnce = false;
        }
    });
    connect(&m_record, &RunRecord::noted, this, &DashboardWindow::note);
    connect(&m_reports, &ReportExport::finished, this, &DashboardWindow::onReportWritten);
    m_healthTimer.setInterval(kHealthTickMs);
    connect(&m_healthTimer, &QTimer::timeout, this, &DashboardWindow::updateHealth);
    m_repaint.setInterval(kRepaintMs);
    connect(&m_repaint, &QTimer::timeout, this, &DashboardWindow::repaint);
    m_repaint.start();
}

DashboardWindow::~DashboardWindow() = default;

QDockWidget* DashboardWindow::addDock(const QString& title, const QString& name, QWidget* widget,
                                      Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(widget);
    addDockWidget(area, dock);
    return dock;
}

// The tiles above; the charts below them, and the timeline under the charts.
QWidget* DashboardWindow::buildCentre() {
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    m_tiles = new TileBoard(central);
    layout->addWidget(m_tiles);
    auto* split = new QSplitter(Qt::Vertical, central);
    split->setObjectName("chartsAndTimeline");
    m_charts = new ChartGrid(m_record.store(), split);
    const auto clock = [this](engine::TimeMs at) { return clockOf(at); };
    m_timeline = new TimelineModel(clock, this);
    m_timelinePanel = new TimelinePanel(m_timeline, split);
    m_notifier = new AlertNotifier(this, clock);
    connect(m_timelinePanel, &TimelinePanel::momentSelected, m_charts, &ChartGrid::markMoment);
    // The timeline and the what-if comparison share the space under the charts, as tabs.
    m_lowerTabs = new QTabWidget(split);
    m_lowerTabs->setObjectName("timelineAndComparison");
    m_lowerTabs->setDocumentMode(true);
    m_lowerTabs->addTab(m_timelinePanel, tr("Time&line"));
    m_comparison = new WhatIfComparison(m_record.store(), *m_charts, m_lowerTabs);
    m_lowerTabs->addTab(m_comparison, tr("What-if &comparison"));
    m_lowerTabs->setTabEnabled(1, false); // until the first what-if
    split->addWidget(m_charts);
    split->addWidget(m_lowerTabs);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    // The timeline's four columns need the centre's whole width (beside the charts, a
    // quarter of it showed the time and half a kind); the charts keep three quarters of
    // the height, and the timeline at least a few rows.
    m_lowerTabs->setMinimumHeight(100);
    split->setSizes({3000, 1000});
    layout->addWidget(split, 1);
    return central;
}

// Whatever the source, its signals come through the session: connected once.
void DashboardWindow::connectSession() {
    connect(&m_session, &FeedSession::sampled, this, &DashboardWindow::onSamples);
    connect(&m_session, &FeedSession::auditAppended, this,
            [this](const QList<engine::AuditEntry>& entries) {
                m_record.addAudit(entries);
                m_controls->noteApplied(entries);
                InForce now = m_inForce;
                now.follow(entries, isLive());
                setInForce(now);
            });
    connect(&m_session, &FeedSession::failed, this, [this](const QString& message) {
        noteNow(TimelineKind::Action, "refused: " + message);
        m_controls->showRefusal(message);
    });
    connect(&m_session, &FeedSession::projectionProgress, m_whatIf, &WhatIfPanel::showProgress);
    connect(&m_session, &FeedSession::projected, this, [this](const WhatIfResult& r) {
        m_whatIf->showResult(r);
        m_comparison->add(m_whatIf->projectedLabel(), r);
        noteOwn({r.from, TimelineKind::WhatIf, m_controls->operatorName(),
                 QString(isLive() ? "what-if from live" : "what-if") + " (" +
                     m_whatIf->projectedText() + "): " + describeProjection(r, eventTime())});
    });
    connect(&m_session, &FeedSession::projectionFailed, m_whatIf, &WhatIfPanel::showFailure);
    connect(&m_session, &FeedSession::projectionCancelled, m_whatIf, &WhatIfPanel::showCancelled);
    connect(&m_session, &FeedSession::eventConfig, this,
            [this](engine::TimeMs opensAt, const QString& message, const QString& zone,
                   const QList<InForce::Window>& cohorts) {
                setEventTime(zone, opensAt, zone != eventTime().requestedName());
                InForce now = m_inForce;
                now.opensAt = opensAt;
                now.message = message;
                now.cohorts = cohorts;
                setInForce(now);
            });
    connect(&m_session, &FeedSession::healthChanged, this, &DashboardWindow::updateHealth);
    connect(&m_session, &FeedSession::runningChanged, m_actions, &ConsoleActions::setRunning);
    connect(&m_session, &FeedSession::finished, this, [this] { m_runFinished = true; });
    // Live data that stopped: the tiles and the clock say so.
    connect(&m_session, &FeedSession::staleChanged, this, [this](bool stale) {
        m_tiles->setStale(stale);
        showClock();
    });
}

void DashboardWindow::clearRun() {
    m_record.clear();
    m_timeline->clear();
    m_charts->clear();
    m_whatIf->restart();
    m_comparison->clear(); // what-ifs of another run compare with nothing here
    m_tiles->clear();      // no figure of the run before stays on show
    m_accuracy->clear();
}

void DashboardWindow::startSimulation(const sim::Scenario& scenario) {
    if (m_session.feed() != nullptr) {
        clearRun(); // a fresh window has nothing to clear (and its charts keep their first axes)
    }
    const QString name = QString::fromStdString(scenario.name);
    m_runName = name;
    setWindowTitle(tr("Sluice — %1").arg(name));
    m_session.startSimulation(scenario, m_actions->speed());
    connect(m_session.simulation(), &SimulationFeed::accuracyBinned, m_accuracy,
            &AccuracyChart::setAccuracy);
    m_runFinished = false;
    m_runStart = scenario.start;
    m_controls->setControls(*m_session.simulation(),
                            [this](const QString& who, int nodes, int seconds) {
                                m_session.scaleOut(who, nodes, seconds);
                            });
    setInForce(InForce::ofScenario(scenario)); // in force before the first sample
    m_whatIf->setProofOfWorkRun(scenario.fairJoins);
    m_charts->setLive(false);
    m_charts->setEmptyHint(tr("No data yet — press F5 to run"));
    showClock();
    m_actions->setRunActionsEnabled(true);
    m_actions->setNodesInUse({});
    m_liveUrls.clear();
    m_healthTimer.stop();
    m_healthDock->hide();
    m_timeline->append({nowOfRun(), TimelineKind::Console, {}, "scenario: " + name});
    m_timeline->append({nowOfRun(),
                        TimelineKind::Console,
                        {},
                        "alert rules: " + m_record.alerts().rules().describe()});
    setEventTime(QString::fromStdString(scenario.event.timeZone), m_inForce.opensAt, true);
}

void DashboardWindow::openDifficultyDialog() {
    LiveFeed* live = m_session.live();
    if (live == nullptr) {
        return; // the action is disabled then; a simulation's joins are the scenario's
    }
    if (m_difficulty != nullptr) {
        m_difficulty->raise();
        return;
    }
    auto* dialog = new DifficultyDialog(live->health(), this);
    m_difficulty = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        LiveFeed* now = m_session.live();
        if (now == nullptr) {
            return; // the nodes were left meanwhile: nothing sent
        }
        noteNow(TimelineKind::Action,
                "proof of work asked: " + dialog->summary().replace('\n', "; "));
        now->applyDifficulty(m_controls->operatorName(), dialog->mode(), dialog->bits());
    });
    dialog->open();
}

void DashboardWindow::connectLive(const QList<NodeAddress>& nodes) {
    QStringList names;
    QList<QUrl> urls;
    for (const NodeAddress& n : nodes) {
        names << n.name;
        urls << n.url;
    }
    const bool sameNight = isLive() && urls == m_liveUrls;
    m_liveUrls = urls;
    m_actions->setNodesInUse(nodes);
    if (sameNight) {
        noteNow(TimelineKind::Node,
                "reconnecting to " + names.join(", ") + " (the night so far is kept)");
    } else {
        clearRun();
    }
    m_runName = names.join(", ");
    setWindowTitle(tr("Sluice — live: %1").arg(m_runName));
    m_session.startLive(nodes);
    m_runStart = 0;
    m_controls->setControls(*m_session.live(), {});
    m_whatIf->setProofOfWorkRun(std::nullopt); // a live what-if does not model fair joins
    connect(m_session.live(), &LiveFeed::historyFilled, this,
            [this](const QList<series::Sample>& missed, const QString& from) {
                if (!missed.isEmpty() && m_record.fillGap(missed, from) > 0) {
                    m_chartsStale = ChartGrid::kCharts; // each chart drawn with them
                    m_dirty = true;                     // the tiles too, if the last one changed
                }
            });
    connect(m_session.live(), &LiveFeed::historyFailed, this,
            [this](const QString& from, const QString& why) {
                noteNow(TimelineKind::Node, from + ": the gap stays a gap (" + why + ")");
            });
    m_charts->setLive(true);
    m_charts->setEmptyHint(tr("No live data yet"));
    setInForce(InForce{}); // nothing known until a node reports
    if (!sameNight) {
        setEventTime("UTC", 0, false); // until a node says the event's zone
    }
    showClock();
    m_actions->setRunActionsEnabled(false);
    m_nodeStates.clear();
    m_healthDock->show();
    m_healthTimer.start();
    if (!sameNight) {
        m_timeline->append({nowOfRun(),
                            TimelineKind::Console,
                            {},
                            "live: " + names.join(", ") +
                                " (rate and capacity are totals, split across the nodes)"});
        m_timeline->append({nowOfRun(),
                            TimelineKind::Console,
                            {},
                            "alert rules: " + m_record.alerts().rules().describe()});
    }
    updateHealth();
}

bool DashboardWindow::openScenario(const QString& nameOrPath, QString* error) {
    auto loaded = loadScenarioArgument(nameOrPath, {});
    if (!loaded.isOk()) {
        const QString message = QString::fromStdString(loaded.status().message());
        if (error != nullptr) {
            *error = message;
        }
        // Not modal-blocking: the run keeps going behind the dialog.
        auto* box = new QMessageBox(
            QMessageBox::Critical, tr("Open scenario"),
            tr("This scenario cannot be opened; the current run goes on.\n\n") + message,
            QMessageBox::Ok, this);
        box->setObjectName("scenarioError");
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return false;
    }
    startSimulation(std::move(loaded).value()); // the old run stops with its thread
    rememberScenario(nameOrPath);
    return true;
}

void DashboardWindow::rememberScenario(const QString& nameOrPath) {
    m_actions->setRecentScenarios(console_settings::rememberScenario(nameOrPath));
}

QStringList DashboardWindow::recentScenarios() const {
    return console_settings::recentScenarios();
}

void DashboardWindow::setAlertRules(const AlertRules& rules) {
    if (rules == m_record.alerts().rules()) {
        return;
    }
    m_record.setAlertRules(rules);
    console_settings::setAlertRules(rules);
    const engine::TimeMs at = m_record.lastAt();
    m_timeline->append({at, TimelineKind::Action, m_controls->operatorName(),
                        "alert rules changed: " + rules.describe()});
}

void DashboardWindow::closeEvent(QCloseEvent* event) {
    const bool inProgress = isLive() || (!store().empty() && !m_runFinished);
    if (inProgress && !m_quitConfirmed) {
        event->ignore(); // asked first, without blocking: the night goes on behind the question
        askToQuit();
        return;
    }
    console_settings::setWindowLayout(saveGeometry(), saveState());
    QMainWindow::closeEvent(event);
}

void DashboardWindow::askToQuit() {
    if (findChild<QMessageBox*>("confirmQuit") != nullptr) {
        return; // asked already
    }
    auto* box = new QMessageBox(
        QMessageBox::Question, tr("Quit Sluice"),
        isLive() ? tr("You are watching live nodes (%1). They go on without the console.\n\n"
                      "Quit the console?")
                       .arg(m_runName)
                 : tr("A run is in progress; what it shows is not kept.\n\nQuit?"),
        QMessageBox::Cancel, this);
    box->setObjectName("confirmQuit");
    QPushButton* quit = box->addButton(tr("&Quit"), QMessageBox::AcceptRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, quit] {
        if (box->clickedButton() == static_cast<QAbstractButton*>(quit)) {
            m_quitConfirmed = true;
            close();
        }
    });
    box->open();
}

} // namespace sluice::ui
