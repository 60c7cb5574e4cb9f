// SPDX-License-Identifier: Apache-2.0
#include "dashboard_window.h"

#include "control_panel.h"
#include "engine/utc_format.h"
#include "feed/scenario_source.h"
#include "feed/simulation_feed.h"
#include "metric_tile.h"
#include "sim/sim_output.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QGridLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSaveFile>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>

namespace sluice::ui {
namespace {

constexpr int kRepaintMs = 100; // at most 10 repaints a second
constexpr int kMaxChartPoints = 1200;

QString hoursMinutes(double seconds) {
    if (seconds <= 0) {
        return "—";
    }
    const auto minutes = static_cast<long long>(std::llround(seconds / 60.0));
    return minutes < 60 ? QString("%1 min").arg(minutes)
                        : QString("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

} // namespace

static engine::TimeMs firstOpening(const sim::Scenario& scenario) {
    return scenario.event.cohorts.empty() ? scenario.event.opensAt
                                          : scenario.event.cohorts.front().opensAt;
}

DashboardWindow::DashboardWindow(const sim::Scenario& scenario, QWidget* parent)
    : QMainWindow(parent), m_feed(std::make_unique<SimulationFeed>(scenario)) {
    setWindowTitle("Sluice — " + QString::fromStdString(scenario.name));
    m_controls = new ControlPanel(*m_feed, firstOpening(scenario), this);
    auto* dock = new QDockWidget("Controls", this);
    dock->setObjectName("controlsDock");
    dock->setWidget(m_controls);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    buildMenu();
    buildToolbar();
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    auto* tiles = new QWidget(central);
    buildTiles(tiles);
    layout->addWidget(tiles);
    auto* split = new QSplitter(Qt::Horizontal, central);
    auto* charts = new QWidget(split);
    buildCharts(charts);
    m_timeline = new QPlainTextEdit(split);
    m_timeline->setReadOnly(true);
    m_timeline->setPlaceholderText("Operator actions and alerts appear here.");
    m_timeline->setToolTip("The audit timeline: every change with time, operator and old → new.");
    split->addWidget(charts);
    split->addWidget(m_timeline);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    setCentralWidget(central);
    resize(1400, 900);

    startFeed(scenario);
    m_repaint.setInterval(kRepaintMs);
    connect(&m_repaint, &QTimer::timeout, this, &DashboardWindow::repaint);
    m_repaint.start();
}

DashboardWindow::~DashboardWindow() = default;

// Wires the current feed to the window (called once per scenario).
void DashboardWindow::startFeed(const sim::Scenario& scenario) {
    SimulationFeed& feed = *m_feed;
    feed.setSpeed(m_speed->currentData().toDouble());
    connect(&feed, &Feed::sampled, this, &DashboardWindow::onSamples);
    connect(&feed, &Feed::auditAppended, this, [this](const QList<engine::AuditEntry>& es) {
        m_audit += es;
        for (const engine::AuditEntry& e : es) {
            m_timeline->appendPlainText(QString("%1  %2: %3 %4 → %5")
                                            .arg(QString::fromStdString(engine::formatUtc(e.at)))
                                            .arg(QString::fromStdString(e.operatorName))
                                            .arg(QString::fromStdString(e.field))
                                            .arg(QString::fromStdString(e.oldValue))
                                            .arg(QString::fromStdString(e.newValue)));
        }
    });
    connect(&feed, &Feed::failed, this,
            [this](const QString& message) { m_timeline->appendPlainText("refused: " + message); });
    m_timeline->appendPlainText("scenario: " + QString::fromStdString(scenario.name));
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
    m_feed = std::make_unique<SimulationFeed>(scenario); // the old one stops with its thread
    m_store.clear();
    m_audit.clear();
    m_timeline->clear();
    for (Line& line : m_lines) {
        line.series->clear();
    }
    m_controls->setFeed(*m_feed, firstOpening(scenario));
    setWindowTitle("Sluice — " + QString::fromStdString(scenario.name));
    startFeed(scenario);
    return true;
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
    QAction* exportAction = file->addAction("&Export data…", this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, "Export the run's data to");
        if (dir.isEmpty()) {
            return;
        }
        QString error;
        if (!exportData(dir, &error)) {
            QMessageBox::critical(this, "Export", error);
        } else {
            statusBar()->showMessage("Exported to " + dir, 5000);
        }
    });
    exportAction->setShortcut(QKeySequence("Ctrl+E"));
    exportAction->setToolTip("series.csv, series.json and audit.json of the run so far");
    file->addSeparator();
    QAction* quit = file->addAction("&Quit", this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
}

bool DashboardWindow::exportData(const QString& dir, QString* error) const {
    if (!QDir().mkpath(dir)) {
        *error = "cannot create " + dir;
        return false;
    }
    const auto& samples = m_store.samples();
    const std::vector<sim::SimSample> copy(samples.begin(), samples.end());
    const engine::TimeMs start = copy.empty() ? 0 : copy.front().at - 1000;
    QJsonArray audit;
    for (const engine::AuditEntry& e : m_audit) {
        audit.append(QJsonObject{{"at", QString::fromStdString(engine::formatUtc(e.at))},
                                 {"operator", QString::fromStdString(e.operatorName)},
                                 {"field", QString::fromStdString(e.field)},
                                 {"old", QString::fromStdString(e.oldValue)},
                                 {"new", QString::fromStdString(e.newValue)}});
    }
    const std::vector<std::pair<QString, QByteArray>> files{
        {"series.csv", QByteArray::fromStdString(sim::seriesCsv(copy, start))},
        {"series.json", QByteArray::fromStdString(sim::seriesJson(copy, start))},
        {"audit.json", QJsonDocument(audit).toJson()},
    };
    for (const auto& [name, bytes] : files) {
        QSaveFile f(QDir(dir).filePath(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
            *error = "cannot write " + f.fileName() + ": " + f.errorString();
            return false;
        }
    }
    return true;
}

void DashboardWindow::buildToolbar() {
    QToolBar* bar = addToolBar("Run");
    bar->setObjectName("runToolbar");
    QAction* run = bar->addAction("Run", this, [this] { m_feed->run(); });
    run->setShortcut(Qt::Key_F5);
    run->setToolTip("Run the simulation (F5)");
    QAction* pause = bar->addAction("Pause", this, [this] { m_feed->pause(); });
    pause->setShortcut(Qt::Key_F6);
    pause->setToolTip("Pause (F6)");
    QAction* step = bar->addAction("Step 1 min", this, [this] { m_feed->step(60); });
    step->setShortcut(Qt::Key_F10);
    step->setToolTip("Advance one simulated minute, then pause (F10)");
    m_speed = new QComboBox(bar);
    m_speed->setToolTip("Simulated seconds per wall-clock second");
    for (const auto& [label, factor] : std::initializer_list<std::pair<const char*, double>>{
             {"×1", 1}, {"×10", 10}, {"×60", 60}, {"×600", 600}, {"as fast as possible", 0}}) {
        m_speed->addItem(label, factor);
    }
    m_speed->setCurrentIndex(2); // ×60; startFeed() hands it to each feed
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this](int i) { m_feed->setSpeed(m_speed->itemData(i).toDouble()); });
    bar->addWidget(m_speed);
    m_clock = new QLabel("—", bar);
    m_clock->setToolTip("The simulated clock (UTC)");
    bar->addSeparator();
    bar->addWidget(m_clock);
}

void DashboardWindow::buildTiles(QWidget* host) {
    auto* grid = new QGridLayout(host);
    const std::array<std::pair<const char*, const char*>, 7> specs{{
        {"Waiting", "People in the queue now, pre-queued included."},
        {"Estimated wait", "What someone joining now is told (the engine's estimate, or the old "
                           "agent's arithmetic under client-side enforcement)."},
        {"Admitting / min", "Admissions in the last second × 60, and the operator's target."},
        {"Sessions / capacity", "Active sessions in the protected site against its capacity."},
        {"Booked", "People who finished in the protected site."},
        {"Gave up", "People who left the queue (patience, or a huge estimate)."},
        {"Rejected tokens", "Tokens the gate refused: forged, foreign, expired, revoked."},
    }};
    for (std::size_t i = 0; i < specs.size(); ++i) {
        m_tiles[i] = new MetricTile(specs[i].first, specs[i].second, host);
        grid->addWidget(m_tiles[i], 0, static_cast<int>(i));
    }
}

void DashboardWindow::buildCharts(QWidget* host) {
    auto* grid = new QGridLayout(host);
    struct Spec {
        const char* title;
        std::vector<std::pair<const char*, SampleStore::Column>> lines;
    };
    const std::vector<Spec> specs{
        {"Waiting and joins",
         {{"waiting", [](const sim::SimSample& s) { return double(s.waiting + s.preQueued); }},
          {"joins/s × 10", [](const sim::SimSample& s) { return s.joinsPerSecond * 10; }}}},
        {"Estimated wait for a new arrival (min)",
         {{"shown", [](const sim::SimSample& s) { return s.shownEstimateSeconds / 60; }}}},
        {"Admission rate (per min)",
         {{"target", [](const sim::SimSample& s) { return double(s.admissionRatePerMinute); }},
          {"actual", [](const sim::SimSample& s) { return s.admitsPerSecond * 60; }}}},
        {"Errors and bypass attempts (per s)",
         {{"queue errors", [](const sim::SimSample& s) { return double(s.queueErrors); }},
          {"backend errors", [](const sim::SimSample& s) { return double(s.backendErrors); }}}},
    };
    for (std::size_t c = 0; c < specs.size(); ++c) {
        auto* chart = new QChart();
        chart->setTitle(specs[c].title);
        auto* x = new QDateTimeAxis(chart);
        x->setFormat("HH:mm");
        x->setTitleText("local time");
        auto* y = new QValueAxis(chart);
        y->setLabelFormat("%.0f");
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        for (const auto& [name, column] : specs[c].lines) {
            auto* series = new QLineSeries(chart);
            series->setName(name);
            chart->addSeries(series);
            series->attachAxis(x);
            series->attachAxis(y);
            m_lines.push_back(Line{series, column});
        }
        auto* view = new QChartView(chart, host);
        view->setRubberBand(QChartView::HorizontalRubberBand); // drag to zoom in time
        view->setRenderHint(QPainter::Antialiasing);
        m_charts.push_back(view);
        grid->addWidget(view, static_cast<int>(c / 2), static_cast<int>(c % 2));
    }
}

QString DashboardWindow::timelineText() const {
    return m_timeline->toPlainText();
}

void DashboardWindow::onSamples(const QList<sim::SimSample>& samples) {
    m_store.append(samples);
    if (!samples.isEmpty()) {
        m_controls->follow(samples.back());
    }
    m_dirty = true;
    emit samplesArrived(static_cast<qsizetype>(m_store.samples().size()));
}

int DashboardWindow::chartPointCount(int chart) const {
    const auto series = m_charts.at(static_cast<std::size_t>(chart))->chart()->series();
    int n = 0;
    for (const auto* s : series) {
        n += static_cast<int>(static_cast<const QLineSeries*>(s)->count());
    }
    return n;
}

void DashboardWindow::repaint() {
    if (!m_dirty || m_store.empty()) {
        return;
    }
    m_dirty = false;
    const sim::SimSample& s = m_store.last();
    m_clock->setText(QString::fromStdString(engine::formatUtc(s.at)).left(19).replace('T', ' '));
    m_tiles[0]->setValue(QLocale().toString(qulonglong(s.waiting + s.preQueued)));
    m_tiles[1]->setValue(hoursMinutes(s.shownEstimateSeconds));
    m_tiles[1]->setAlert(s.shownEstimateSeconds > 4 * 3600.0);
    m_tiles[2]->setValue(
        QString("%1 (%2)")
            .arg(std::llround(s.admitsPerSecond * 60))
            .arg(s.paused ? QString("paused") : QString::number(s.admissionRatePerMinute)));
    m_tiles[3]->setValue(QString("%1 / %2").arg(s.activeSessions).arg(s.capacity));
    m_tiles[3]->setAlert(s.capacity > 0 &&
                         s.activeSessions >= static_cast<std::uint64_t>(s.capacity));
    m_tiles[4]->setValue(QLocale().toString(qulonglong(s.bookedTotal)));
    m_tiles[5]->setValue(QLocale().toString(qulonglong(s.gaveUpTotal)));
    m_tiles[6]->setValue(QLocale().toString(qulonglong(s.rejectedTokensTotal)));
    for (Line& line : m_lines) {
        line.series->replace(m_store.points(line.column, kMaxChartPoints));
    }
    const auto first = static_cast<qint64>(m_store.samples().front().at);
    const auto lastAt = static_cast<qint64>(s.at);
    for (QChartView* view : m_charts) {
        QChart* chart = view->chart();
        const auto axes = chart->axes();
        double top = 10; // an empty chart still gets a readable scale
        for (auto* series : chart->series()) {
            for (const QPointF& p : static_cast<QLineSeries*>(series)->points()) {
                top = std::max(top, p.y());
            }
        }
        for (QAbstractAxis* axis : axes) {
            if (auto* x = qobject_cast<QDateTimeAxis*>(axis)) {
                x->setRange(QDateTime::fromMSecsSinceEpoch(first),
                            QDateTime::fromMSecsSinceEpoch(std::max(lastAt, first + 60'000)));
            } else if (auto* y = qobject_cast<QValueAxis*>(axis)) {
                y->setRange(0, top * 1.1);
            }
        }
    }
}

} // namespace sluice::ui
