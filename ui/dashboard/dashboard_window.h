// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sample_store.h"
#include "sim/scenario.h"

#include <QMainWindow>
#include <QTimer>
#include <array>
#include <memory>

class QComboBox;
class QLabel;
class QLineSeries;
class QChartView;
class QPlainTextEdit;

namespace sluice::ui {

class ControlPanel;
class MetricTile;
class SimulationFeed;

// The operator's window: tiles, four charts on one time axis, run/pause/step and speed,
// and the audit timeline. Fed only through the feed's signals (never touches the engine);
// repaints at most 10 times a second, whatever the feed's pace.
class DashboardWindow : public QMainWindow {
    Q_OBJECT
public:
    // Starts a simulation of `scenario`, paused.
    explicit DashboardWindow(const sim::Scenario& scenario, QWidget* parent = nullptr);
    ~DashboardWindow() override;

    SimulationFeed& feed() { return *m_feed; }
    // A preset name or a file. A scenario that cannot be read is shown in an error dialog
    // and the current run goes on untouched; false then, with the reason in `error`.
    bool openScenario(const QString& nameOrPath, QString* error = nullptr);

    const SampleStore& store() const { return m_store; }
    ControlPanel* controls() const { return m_controls; }
    QString timelineText() const;
    // Writes series.csv, series.json (the run so far, as sluice-sim writes them) and
    // audit.json into `dir`, each file whole or not at all. False with a reason on failure.
    bool exportData(const QString& dir, QString* error) const;
    int chartPointCount(int chart) const;

signals:
    void samplesArrived(qsizetype total);

private:
    void buildToolbar();
    void buildMenu();
    void buildTiles(QWidget* host);
    void buildCharts(QWidget* host);
    void onSamples(const QList<sim::SimSample>& samples);
    void repaint();

    void startFeed(const sim::Scenario& scenario);
    std::unique_ptr<SimulationFeed> m_feed;
    SampleStore m_store;
    QTimer m_repaint;
    bool m_dirty = false;
    QLabel* m_clock = nullptr;
    QComboBox* m_speed = nullptr;
    std::array<MetricTile*, 7> m_tiles{};
    struct Line {
        QLineSeries* series;
        SampleStore::Column column;
    };
    std::vector<Line> m_lines;
    std::vector<QChartView*> m_charts;
    QPlainTextEdit* m_timeline = nullptr;
    ControlPanel* m_controls = nullptr;
    QList<engine::AuditEntry> m_audit;
};

} // namespace sluice::ui
