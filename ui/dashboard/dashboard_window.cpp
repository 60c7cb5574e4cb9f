// SPDX-License-Identifier: Apache-2.0
#include "dashboard_window.h"

#include "alert_rules_dialog.h"
#include "connect_dialog.h"
#include "control_panel.h"
#include "engine/utc_format.h"
#include "feed/scenario_source.h"
#include "feed/simulation_feed.h"
#include "following_spin_box.h"
#include "live/live_feed.h"
#include "metric_tile.h"
#include "node_health_panel.h"
#include "report/pdf_report.h"
#include "sim/sim_output.h"
#include "what_if_panel.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressDialog>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QThread>
#include <QToolBar>
#include <QVBoxLayout>
#include <atomic>
#include <cmath>

namespace sluice::ui {
namespace {

constexpr int kRepaintMs = 100; // at most 10 repaints a second
constexpr int kMaxRecent = 8;

QString hoursMinutes(double seconds) {
    if (seconds <= 0) {
        return "—";
    }
    const auto minutes = static_cast<long long>(std::llround(seconds / 60.0));
    return minutes < 60 ? QString("%1 min").arg(minutes)
                        : QString("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

engine::TimeMs firstOpening(const sim::Scenario& scenario) {
    return scenario.event.cohorts.empty() ? scenario.event.opensAt
                                          : scenario.event.cohorts.front().opensAt;
}

QString clockOf(engine::TimeMs at) {
    return QString::fromStdString(engine::formatUtc(at)).left(19).replace('T', ' ');
}

AlertRules savedRules() {
    QSettings s;
    AlertRules r;
    r.estimateAboveMinutes = s.value("alerts/estimateAboveMinutes", r.estimateAboveMinutes).toInt();
    r.backendErrorsAbovePerSecond =
        s.value("alerts/backendErrorsAbovePerSecond", r.backendErrorsAbovePerSecond).toInt();
    r.saturatedForSeconds = s.value("alerts/saturatedForSeconds", r.saturatedForSeconds).toInt();
    return r;
}

} // namespace

DashboardWindow::DashboardWindow(const sim::Scenario& scenario, QWidget* parent)
    : QMainWindow(parent), m_feed(std::make_unique<SimulationFeed>(scenario)),
      m_alerts(savedRules()) {
    m_runName = QString::fromStdString(scenario.name);
    buildWindow(m_runName, firstOpening(scenario));
    startFeed(scenario);
}

DashboardWindow::DashboardWindow(const QList<NodeAddress>& nodes, QWidget* parent)
    : QMainWindow(parent), m_alerts(savedRules()) {
    buildWindow("live", 0);
    connectLive(nodes);
}

void DashboardWindow::buildWindow(const QString& title, engine::TimeMs opensAt) {
    setWindowTitle("Sluice — " + title);
    // Until a feed is wired, the controls go nowhere.
    static struct : Controls {
        void applyControl(const QString&, const engine::ConfigChange&) override {}
    } nowhere;
    m_controls =
        new ControlPanel(m_feed ? static_cast<Controls&>(*m_feed) : nowhere, {}, opensAt, this);
    if (m_feed) {
        m_controls->setControls(
            *m_feed,
            [this](const QString& who, int nodes, int seconds) {
                if (m_feed) {
                    m_feed->scaleOut(who, nodes, seconds);
                }
            },
            opensAt);
    }
    connect(m_controls, &ControlPanel::noted, this,
            [this](const QString& text) { note(m_store.empty() ? 0 : m_store.last().at, text); });
    auto* controlsDock = new QDockWidget("Controls", this);
    controlsDock->setObjectName("controlsDock");
    controlsDock->setWidget(m_controls);
    addDockWidget(Qt::RightDockWidgetArea, controlsDock);
    m_whatIf = new WhatIfPanel(this);
    auto* whatIfDock = new QDockWidget("What-if", this);
    whatIfDock->setObjectName("whatIfDock");
    whatIfDock->setWidget(m_whatIf);
    addDockWidget(Qt::RightDockWidgetArea, whatIfDock);
    connect(m_whatIf, &WhatIfPanel::projectRequested, this, [this](const WhatIfRequest& r) {
        if (m_live) {
            m_live->project(r);
        } else if (m_feed) {
            m_feed->project(r);
        }
    });
    connect(m_whatIf, &WhatIfPanel::cancelRequested, this, [this] {
        if (m_live) {
            m_live->cancelProjection();
        } else if (m_feed) {
            m_feed->cancelProjection();
        }
    });
    connect(m_whatIf, &WhatIfPanel::clearRequested, this,
            [this] { m_charts->setProjection(std::nullopt); });
    m_health = new NodeHealthPanel(this);
    m_healthDock = new QDockWidget("Nodes", this);
    m_healthDock->setObjectName("nodesDock");
    m_healthDock->setWidget(m_health);
    addDockWidget(Qt::BottomDockWidgetArea, m_healthDock);
    m_healthDock->hide();
    m_healthTimer.setInterval(1000); // ages and countdowns move on
    connect(&m_healthTimer, &QTimer::timeout, this, &DashboardWindow::updateHealth);

    buildMenu();
    buildToolbar();
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    auto* tiles = new QWidget(central);
    buildTiles(tiles);
    layout->addWidget(tiles);
    auto* split = new QSplitter(Qt::Horizontal, central);
    split->setObjectName("chartsAndTimeline");
    m_charts = new ChartGrid(m_store, split);
    m_timeline = new QPlainTextEdit(split);
    m_timeline->setReadOnly(true);
    m_timeline->setPlaceholderText("Operator actions and alerts appear here.");
    m_timeline->setToolTip("The timeline: every change with time, operator and old → new; "
                           "alerts raised and cleared; what-if projections; live nodes lost "
                           "and back, and gaps in the data.");
    split->addWidget(m_charts);
    split->addWidget(m_timeline);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    setCentralWidget(central);
    resize(1400, 900);
    restoreSettings();

    m_repaint.setInterval(kRepaintMs);
    connect(&m_repaint, &QTimer::timeout, this, &DashboardWindow::repaint);
    m_repaint.start();
}

DashboardWindow::~DashboardWindow() {
    if (m_reportThread != nullptr) {
        m_reportThread->wait(); // a report being written finishes first (seconds at most)
    }
}

void DashboardWindow::restoreSettings() {
    QSettings s;
    restoreGeometry(s.value("window/geometry").toByteArray());
    restoreState(s.value("window/state").toByteArray());
    const int speed = s.value("run/speedIndex", m_speed->currentIndex()).toInt();
    if (speed >= 0 && speed < m_speed->count()) {
        m_speed->setCurrentIndex(speed);
    }
    updateRecentMenu();
}

void DashboardWindow::closeEvent(QCloseEvent* event) {
    QSettings s;
    s.setValue("window/geometry", saveGeometry());
    s.setValue("window/state", saveState());
    QMainWindow::closeEvent(event);
}

void DashboardWindow::note(engine::TimeMs at, const QString& text) {
    m_timeline->appendPlainText(QString("%1  %2").arg(clockOf(at), text));
}

// The signals every feed has: samples, audit entries, refusals.
void DashboardWindow::wireFeed(Feed& feed) {
    connect(&feed, &Feed::sampled, this, &DashboardWindow::onSamples);
    connect(&feed, &Feed::auditAppended, this, [this](const QList<engine::AuditEntry>& es) {
        m_audit += es;
        for (const engine::AuditEntry& e : es) {
            const QString text = QString("%1: %2 %3 → %4")
                                     .arg(QString::fromStdString(e.operatorName))
                                     .arg(QString::fromStdString(e.field))
                                     .arg(QString::fromStdString(e.oldValue))
                                     .arg(QString::fromStdString(e.newValue));
            note(e.at, text);
            m_markers.append(ChartMarker{e.at, text, false});
        }
        m_dirty = true;
    });
    connect(&feed, &Feed::failed, this,
            [this](const QString& message) { m_timeline->appendPlainText("refused: " + message); });
    m_alerts.reset();
}

// The what-if panel and the charts on a feed's projections (a simulation's or a live one's:
// the same signals).
template <typename ProjectingFeed>
void DashboardWindow::wireProjections(ProjectingFeed& feed, const QString& label) {
    connect(&feed, &ProjectingFeed::projectionProgress, m_whatIf, &WhatIfPanel::showProgress);
    connect(&feed, &ProjectingFeed::projected, this, [this, label](const WhatIfResult& r) {
        m_whatIf->showResult(r);
        m_charts->setProjection(r);
        note(r.from, label + describeProjection(r));
    });
    connect(&feed, &ProjectingFeed::projectionFailed, m_whatIf, &WhatIfPanel::showFailure);
    connect(&feed, &ProjectingFeed::projectionCancelled, m_whatIf, &WhatIfPanel::showCancelled);
}

ScaleOut DashboardWindow::simulationScaleOut() {
    return [this](const QString& who, int nodes, int seconds) {
        if (m_feed) {
            m_feed->scaleOut(who, nodes, seconds);
        }
    };
}

// Wires a simulation to the window (called once per scenario).
void DashboardWindow::startFeed(const sim::Scenario& scenario) {
    SimulationFeed& feed = *m_feed;
    feed.setSpeed(m_speed->currentData().toDouble());
    wireFeed(feed);
    wireProjections(feed, "what-if: ");
    setRunActionsEnabled(true);
    m_healthDock->hide();
    m_timeline->appendPlainText("scenario: " + QString::fromStdString(scenario.name));
    m_timeline->appendPlainText("alert rules: " + m_alerts.rules().describe());
}

void DashboardWindow::resetRun() {
    m_alertLog.clear();
    m_store.clear();
    m_audit.clear();
    m_markers.clear();
    m_timeline->clear();
    m_charts->clear();
    m_whatIf->restart();
}

void DashboardWindow::setRunActionsEnabled(bool on) {
    for (QAction* a : m_runActions) {
        a->setEnabled(on);
    }
    m_speed->setEnabled(on);
}

void DashboardWindow::connectLive(const QList<NodeAddress>& nodes) {
    m_feed.reset(); // a simulation stops with its thread
    m_live = std::make_unique<LiveFeed>(nodes);
    resetRun();
    QStringList names;
    for (const NodeAddress& n : nodes) {
        names << n.name;
    }
    setWindowTitle("Sluice — live: " + names.join(", "));
    m_runName = names.join(", ");
    m_controls->setControls(*m_live, {}, 0);
    LiveFeed& feed = *m_live;
    wireFeed(feed);
    connect(&feed, &LiveFeed::eventConfig, m_controls, &ControlPanel::followEvent);
    connect(&feed, &LiveFeed::healthChanged, this, &DashboardWindow::updateHealth);
    wireProjections(feed, "what-if from live: ");
    setRunActionsEnabled(false);
    m_nodeStates.clear();
    m_healthDock->show();
    m_healthTimer.start();
    m_timeline->appendPlainText("live: " + names.join(", ") +
                                " (rate and capacity are totals, split across the nodes)");
    m_timeline->appendPlainText("alert rules: " + m_alerts.rules().describe());
    feed.start();
    updateHealth();
}

void DashboardWindow::updateHealth() {
    if (!m_live) {
        return;
    }
    const QList<NodeHealth> nodes = m_live->health();
    m_health->show(nodes);
    // Into the timeline: each change of a node's state, not every tick of its countdown.
    const engine::TimeMs now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < nodes.size(); ++i) {
        if (i < m_nodeStates.size() && m_nodeStates[i] == nodes[i].state) {
            continue;
        }
        const bool first = i >= m_nodeStates.size();
        if (!(first && nodes[i].state == NodeClient::State::Connecting)) {
            note(now, nodes[i].name + ": " + nodes[i].stateText);
        }
        if (first) {
            m_nodeStates.append(nodes[i].state);
        } else {
            m_nodeStates[i] = nodes[i].state;
        }
    }
}

bool DashboardWindow::openScenario(const QString& nameOrPath, QString* error) {
    auto loaded = loadScenarioArgument(nameOrPath, {});
    if (!loaded.isOk()) {
        const QString message = QString::fromStdString(loaded.status().message());
        if (error != nullptr) {
            *error = message;
        }
        // Not modal-blocking: the run keeps going behind the dialog.
        auto* box = new QMessageBox(QMessageBox::Critical, "Open scenario",
                                    "This scenario cannot be opened; the current run goes on.\n\n" +
                                        message,
                                    QMessageBox::Ok, this);
        box->setObjectName("scenarioError");
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return false;
    }
    const sim::Scenario scenario = std::move(loaded).value();
    m_live.reset(); // leaving live nodes, if watched
    m_healthTimer.stop();
    m_feed = std::make_unique<SimulationFeed>(scenario); // the old one stops with its thread
    resetRun();
    m_controls->setControls(
        *m_feed,
        [this](const QString& who, int nodes, int seconds) {
            if (m_feed) {
                m_feed->scaleOut(who, nodes, seconds);
            }
        },
        firstOpening(scenario));
    setWindowTitle("Sluice — " + QString::fromStdString(scenario.name));
    m_runName = QString::fromStdString(scenario.name);
    startFeed(scenario);
    rememberScenario(nameOrPath);
    return true;
}

void DashboardWindow::rememberScenario(const QString& nameOrPath) {
    const QFileInfo file(nameOrPath);
    const QString entry = file.exists() ? file.absoluteFilePath() : nameOrPath;
    QStringList recent = recentScenarios();
    recent.removeAll(entry);
    recent.prepend(entry);
    while (recent.size() > kMaxRecent) {
        recent.removeLast();
    }
    QSettings().setValue("scenarios/recent", recent);
    updateRecentMenu();
}

QStringList DashboardWindow::recentScenarios() const {
    return QSettings().value("scenarios/recent").toStringList();
}

void DashboardWindow::updateRecentMenu() {
    m_recent->clear();
    const QStringList recent = recentScenarios();
    for (const QString& entry : recent) {
        m_recent->addAction(entry, this, [this, entry] { openScenario(entry); });
    }
    m_recent->setEnabled(!recent.isEmpty());
}

void DashboardWindow::setAlertRules(const AlertRules& rules) {
    if (rules == m_alerts.rules()) {
        return;
    }
    m_alerts.setRules(rules);
    QSettings s;
    s.setValue("alerts/estimateAboveMinutes", rules.estimateAboveMinutes);
    s.setValue("alerts/backendErrorsAbovePerSecond", rules.backendErrorsAbovePerSecond);
    s.setValue("alerts/saturatedForSeconds", rules.saturatedForSeconds);
    const engine::TimeMs at = m_store.empty() ? 0 : m_store.last().at;
    m_timeline->appendPlainText((at == 0 ? QString() : clockOf(at) + "  ") +
                                "alert rules changed: " + rules.describe());
}

void DashboardWindow::buildMenu() {
    QMenu* file = menuBar()->addMenu("&File");
    QAction* open = file->addAction("&Open scenario…", this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, "Open a scenario", QString(), "Scenarios (*.json)");
        if (!path.isEmpty()) {
            openScenario(path);
        }
    });
    open->setShortcut(QKeySequence::Open);
    QMenu* presets = file->addMenu("Open &preset");
    for (const QString& name : scenarioPresets()) {
        presets->addAction(name, this, [this, name] { openScenario(name); });
    }
    m_recent = file->addMenu("&Recent scenarios");
    file->addSeparator();
    QAction* live = file->addAction("&Connect to live servers…", this, [this] {
        auto* dialog = new ConnectDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this, [this, dialog] {
            ConnectDialog::save(dialog->nodes());
            connectLive(dialog->nodes());
        });
        dialog->open();
    });
    live->setShortcut(QKeySequence("Ctrl+L"));
    live->setToolTip("Watch and steer sluiced nodes (their admin address and key)");
    QAction* exportAction = file->addAction("&Export data…", this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, "Export the run's data to");
        if (!dir.isEmpty()) {
            exportReport(dir, false);
        }
    });
    exportAction->setShortcut(QKeySequence("Ctrl+E"));
    QAction* reportAction = file->addAction("Export incident &report…", this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, "Write the incident report to");
        if (!dir.isEmpty()) {
            exportReport(dir);
        }
    });
    reportAction->setShortcut(QKeySequence("Ctrl+Shift+E"));
    reportAction->setToolTip("report.pdf (figures, charts, timeline) with its data as CSV and "
                             "JSON, of the run or the live night so far");
    exportAction->setToolTip("series.csv, series.json, audit.json, alerts.json and figures.json "
                             "of the run so far");
    file->addSeparator();
    QAction* quit = file->addAction("&Quit", this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* controls = menuBar()->addMenu("&Controls");
    const auto focus = [](QSpinBox* box) {
        box->setFocus(Qt::ShortcutFocusReason);
        box->selectAll();
    };
    controls->addAction("&Throttle (admission rate)…", QKeySequence("Ctrl+T"), this,
                        [this, focus] { focus(m_controls->rateBox()); });
    controls->addAction("Extend &capacity…", QKeySequence("Ctrl+K"), this,
                        [this, focus] { focus(m_controls->capacityBox()); });
    controls->addAction("&Pause / resume admissions", QKeySequence("Ctrl+Shift+P"), this,
                        [this] { m_controls->pauseButton()->click(); });
    controls->addAction("&Undo last change", QKeySequence::Undo, this,
                        [this] { m_controls->undo(); });
    controls->addSeparator();
    controls->addAction("&What-if from now", QKeySequence("Ctrl+J"), this,
                        [this] { m_whatIf->projectButton()->click(); });
    controls->addAction("&Alert rules…", this, [this] {
        auto* dialog = new AlertRulesDialog(m_alerts.rules(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this,
                [this, dialog] { setAlertRules(dialog->rules()); });
        dialog->open();
    });

    QMenu* view = menuBar()->addMenu("&View");
    view->addAction("Zoom &in", QKeySequence("Ctrl+="), this, [this] { m_charts->zoomBy(2); });
    view->addAction("Zoom &out", QKeySequence("Ctrl+-"), this, [this] { m_charts->zoomBy(0.5); });
    view->addAction("&Earlier", QKeySequence("Ctrl+["), this, [this] { m_charts->panBy(-0.25); });
    view->addAction("&Later", QKeySequence("Ctrl+]"), this, [this] { m_charts->panBy(0.25); });
    view->addAction("&Follow the run", QKeySequence("Ctrl+0"), this,
                    [this] { m_charts->follow(); });
}

bool DashboardWindow::exportData(const QString& dir, QString* error) const {
    const QString failed = writeReportData(reportData(), dir);
    if (!failed.isEmpty() && error != nullptr) {
        *error = failed;
    }
    return failed.isEmpty();
}

// What a report or an export is made of: everything the window has received so far.
ReportData DashboardWindow::reportData() const {
    ReportData report;
    report.title = m_runName;
    report.source = isLive() ? "live nodes " + m_runName + ", as the console received them"
                             : "simulation of " + m_runName + " in the console";
    report.samples = m_store.samples();
    report.audit.assign(m_audit.begin(), m_audit.end());
    report.alerts = m_alertLog;
    if (m_live) {
        // The latest count by reason from each live node, added up.
        for (int i = 0; i < m_live->nodeCount(); ++i) {
            if (const auto& latest = m_live->node(i).latest()) {
                for (auto it = latest->tokenRejectionsByReason.begin();
                     it != latest->tokenRejectionsByReason.end(); ++it) {
                    report.tokenRejectionsByReason[it.key()] += it.value();
                }
            }
        }
    }
    return report;
}

void DashboardWindow::exportReport(const QString& dir, bool withPdf) {
    if (m_reportThread != nullptr) {
        emit reportFinished(dir, "a report is already being written");
        return;
    }
    ReportData report = reportData();
    auto* progress = new QProgressDialog(
        withPdf ? "Writing the incident report…" : "Writing the data…", "Cancel", 0, 100, this);
    progress->setObjectName("reportProgress");
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(300);
    progress->setAutoClose(false);
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    connect(progress, &QProgressDialog::canceled, this, [cancelled] { *cancelled = true; });
    // The report is drawn on a thread of its own (QPainter on a PDF needs no GUI thread):
    // the dashboard keeps updating meanwhile.
    QPointer<QProgressDialog> bar(progress);
    m_reportThread =
        QThread::create([this, report = std::move(report), dir, cancelled, bar, withPdf] {
            const ReportProgress tell = [cancelled, bar](double x) {
                QMetaObject::invokeMethod(
                    bar.data(),
                    [bar, x] {
                        if (bar) {
                            bar->setValue(static_cast<int>(x * 100));
                        }
                    },
                    Qt::QueuedConnection);
                return !cancelled->load();
            };
            const QString error =
                withPdf ? writeReportBundle(report, dir, tell) : writeReportData(report, dir, tell);
            QMetaObject::invokeMethod(
                this,
                [this, dir, error, bar, withPdf] {
                    m_reportThread->wait();
                    m_reportThread->deleteLater();
                    m_reportThread = nullptr;
                    if (bar) {
                        bar->deleteLater();
                    }
                    if (error.isEmpty()) {
                        const QString what = withPdf ? "report" : "data";
                        statusBar()->showMessage("The " + what + " written to " + dir, 8000);
                        note(m_store.empty() ? 0 : m_store.last().at, what + " written to " + dir);
                    } else if (error != "cancelled") {
                        QMessageBox::critical(this, withPdf ? "Incident report" : "Export", error);
                    }
                    emit reportFinished(dir, error);
                },
                Qt::QueuedConnection);
        });
    m_reportThread->start();
}

void DashboardWindow::buildToolbar() {
    QToolBar* bar = addToolBar("Run");
    bar->setObjectName("runToolbar");
    QMenu* menu = menuBar()->addMenu("&Run");
    QAction* run = bar->addAction("Run", this, [this] {
        if (m_feed) {
            m_feed->run();
        }
    });
    run->setShortcut(Qt::Key_F5);
    run->setToolTip("Run the simulation (F5)");
    QAction* pause = bar->addAction("Pause", this, [this] {
        if (m_feed) {
            m_feed->pause();
        }
    });
    pause->setShortcut(Qt::Key_F6);
    pause->setToolTip("Pause (F6)");
    QAction* step = bar->addAction("Step 1 min", this, [this] {
        if (m_feed) {
            m_feed->step(60);
        }
    });
    step->setShortcut(Qt::Key_F10);
    step->setToolTip("Advance one simulated minute, then pause (F10)");
    menu->addActions({run, pause, step});
    m_runActions = {run, pause, step};
    m_speed = new QComboBox(bar);
    m_speed->setToolTip("Simulated seconds per wall-clock second");
    for (const auto& [label, factor] : std::initializer_list<std::pair<const char*, double>>{
             {"×1", 1}, {"×10", 10}, {"×60", 60}, {"×600", 600}, {"as fast as possible", 0}}) {
        m_speed->addItem(label, factor);
    }
    m_speed->setCurrentIndex(2); // ×60 unless settings say otherwise; startFeed() hands it on
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (m_feed) {
            m_feed->setSpeed(m_speed->itemData(i).toDouble());
        }
        QSettings().setValue("run/speedIndex", i);
    });
    bar->addWidget(m_speed);
    m_clock = new QLabel("—", bar);
    m_clock->setToolTip("The clock of the latest sample (UTC): simulated, or the live nodes'");
    bar->addSeparator();
    bar->addWidget(m_clock);
}

void DashboardWindow::buildTiles(QWidget* host) {
    auto* grid = new QGridLayout(host);
    const std::array<std::pair<const char*, const char*>, 8> specs{{
        {"Waiting", "People in the queue now, pre-queued included."},
        {"Estimated wait", "What someone joining now is told (the engine's estimate, or the old "
                           "agent's arithmetic under client-side enforcement). Red: above the "
                           "alert rule."},
        {"Admitting / min", "Admissions in the last second × 60, and the operator's target."},
        {"Sessions / capacity", "Active sessions in the protected site against its capacity. "
                                "Red: saturated for longer than the alert rule."},
        {"Blank pages / s", "Requests the protected site refused in the last second. Red: above "
                            "the alert rule."},
        {"Booked", "People who finished in the protected site."},
        {"Gave up", "People who left the queue (patience, or a huge estimate)."},
        {"Rejected tokens", "Tokens the gate refused: forged, foreign, expired, revoked."},
    }};
    for (std::size_t i = 0; i < specs.size(); ++i) {
        m_tiles[i] = new MetricTile(specs[i].first, specs[i].second, host);
        grid->addWidget(m_tiles[i], 0, static_cast<int>(i));
    }
}

QString DashboardWindow::timelineText() const {
    return m_timeline->toPlainText();
}

void DashboardWindow::onSamples(const QList<sim::SimSample>& samples) {
    engine::TimeMs previous = m_store.empty() ? 0 : m_store.last().at;
    for (const sim::SimSample& s : samples) {
        if (previous != 0 && s.at - previous > kGapMs) {
            const QString text = QString("no live data from %1 to %2 (gap)")
                                     .arg(clockOf(previous).mid(11), clockOf(s.at).mid(11));
            note(s.at, text);
            m_markers.append(ChartMarker{s.at, text, false});
        }
        previous = s.at;
    }
    m_store.append(samples);
    m_sinceSample.start();
    for (const sim::SimSample& s : samples) {
        for (const AlertEvent& e : m_alerts.observe(s)) {
            note(e.at, (e.raised ? "ALERT " : "cleared: ") + e.text);
            m_alertLog.push_back({e.at, e.raised, (e.raised ? "ALERT " : "cleared: ") + e.text});
            if (e.raised) {
                m_markers.append(ChartMarker{e.at, e.text, true});
            }
        }
    }
    if (!samples.isEmpty()) {
        m_controls->follow(samples.back());
        m_whatIf->follow(samples.back());
    }
    m_dirty = true;
    emit samplesArrived(static_cast<qsizetype>(m_store.samples().size()));
}

void DashboardWindow::repaint() {
    // Live data that stopped: the tiles say so (3 s, as a node's stream is judged).
    const bool stale = m_live != nullptr && !m_store.empty() &&
                       (!m_sinceSample.isValid() || m_sinceSample.elapsed() > 3000);
    if (stale != m_stale) {
        m_stale = stale;
        for (MetricTile* tile : m_tiles) {
            tile->setStale(stale);
        }
        m_clock->setText(clockOf(m_store.last().at) + (stale ? "  — no live data" : ""));
    }
    if (m_dirty && !m_store.empty()) {
        m_dirty = false;
        updateTiles();
        m_chartsStale = ChartGrid::kCharts; // each chart once more, in turn
    }
    if (m_chartsStale > 0) {
        m_charts->setMarkers(m_markers);
        m_charts->refreshNext();
        --m_chartsStale;
    }
}

void DashboardWindow::updateTiles() {
    const sim::SimSample& s = m_store.last();
    m_clock->setText(clockOf(s.at) + (m_stale ? "  — no live data" : ""));
    m_tiles[0]->setValue(QLocale().toString(qulonglong(s.waiting + s.preQueued)));
    m_tiles[1]->setValue(hoursMinutes(s.shownEstimateSeconds));
    m_tiles[1]->setAlert(m_alerts.active(AlertMonitor::Estimate));
    m_tiles[2]->setValue(
        QString("%1 (%2)")
            .arg(std::llround(s.admitsPerSecond * 60))
            .arg(s.paused ? QString("paused") : QString::number(s.admissionRatePerMinute)));
    m_tiles[3]->setValue(QString("%1 / %2").arg(s.activeSessions).arg(s.capacity));
    m_tiles[3]->setAlert(m_alerts.active(AlertMonitor::Saturated));
    m_tiles[4]->setValue(QLocale().toString(qulonglong(s.backendErrors)));
    m_tiles[4]->setAlert(m_alerts.active(AlertMonitor::BackendErrors));
    m_tiles[5]->setValue(QLocale().toString(qulonglong(s.bookedTotal)));
    m_tiles[6]->setValue(QLocale().toString(qulonglong(s.gaveUpTotal)));
    m_tiles[7]->setValue(QLocale().toString(qulonglong(s.rejectedTokensTotal)));
}

} // namespace sluice::ui
