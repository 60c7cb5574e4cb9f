// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <vector>

namespace sluice::ui {

// Measures how responsive the GUI thread is, from inside it: a precise timer asks to run
// every `intervalMs`, and each time it does, the gap since the previous run is recorded.
// A gap much longer than the interval is the event loop being busy (painting, handling a
// batch of samples): what an operator feels as a stall.
class GuiStallProbe : public QObject {
    Q_OBJECT
public:
    explicit GuiStallProbe(int intervalMs = 5, QObject* parent = nullptr);
    void start();
    void stop();

    struct Figures {
        std::size_t ticks = 0;
        double medianMs = 0, p99Ms = 0, longestMs = 0;
    };
    Figures figures() const;

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = -1;
    std::vector<double> m_gapsMs;
};

// The process's peak resident memory in bytes (getrusage's ru_maxrss).
std::size_t peakResidentBytes();

} // namespace sluice::ui
