// SPDX-License-Identifier: Apache-2.0
#include "gui_stall_probe.h"

#include <algorithm>
#include <sys/resource.h>

namespace sluice::ui {

GuiStallProbe::GuiStallProbe(int intervalMs, QObject* parent) : QObject(parent) {
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        const qint64 now = m_clock.nsecsElapsed();
        if (m_lastNs >= 0) {
            m_gapsMs.push_back(static_cast<double>(now - m_lastNs) / 1e6);
        }
        m_lastNs = now;
    });
}

void GuiStallProbe::start() {
    m_gapsMs.clear();
    m_gapsMs.reserve(1 << 16);
    m_lastNs = -1;
    m_clock.start();
    m_timer.start();
}

void GuiStallProbe::stop() {
    m_timer.stop();
}

GuiStallProbe::Figures GuiStallProbe::figures() const {
    Figures f;
    f.ticks = m_gapsMs.size();
    if (m_gapsMs.empty()) {
        return f;
    }
    std::vector<double> sorted = m_gapsMs;
    std::sort(sorted.begin(), sorted.end());
    const auto at = [&](double q) {
        return sorted[std::min(sorted.size() - 1,
                               static_cast<std::size_t>(q * static_cast<double>(sorted.size())))];
    };
    f.medianMs = at(0.5);
    f.p99Ms = at(0.99);
    f.longestMs = sorted.back();
    return f;
}

std::size_t peakResidentBytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::size_t>(usage.ru_maxrss) * 1024; // KiB on Linux
}

} // namespace sluice::ui
