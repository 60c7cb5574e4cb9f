// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <chrono>
#include <cstdint>

namespace sluice::http {

// How long the loop worked between two waits for events: a request that arrives while the
// loop works waits that long before it is even read, so the longest of these is the stall
// every client on the node saw. A histogram with fixed bounds (Prometheus style: each count
// is of spells up to its bound) and the longest spell since start. Loop thread only.
class LoopBusy {
public:
    static constexpr std::array<double, 18> kBoundsSeconds = {
        0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01,
        0.015,  0.02,    0.03,   0.05,  0.075, 0.1,   0.25,  0.5,    1.0};

    struct Histogram {
        std::array<std::uint64_t, kBoundsSeconds.size() + 1> counts{}; // the last: above all
        std::uint64_t count = 0;
        double sumSeconds = 0;
        double maxSeconds = 0;
    };

    void record(std::chrono::steady_clock::duration busy) {
        const double seconds = std::chrono::duration<double>(busy).count();
        std::size_t i = 0;
        while (i < kBoundsSeconds.size() && seconds > kBoundsSeconds[i]) {
            ++i;
        }
        ++m_histogram.counts[i];
        ++m_histogram.count;
        m_histogram.sumSeconds += seconds;
        if (seconds > m_histogram.maxSeconds) {
            m_histogram.maxSeconds = seconds;
        }
    }
    const Histogram& histogram() const { return m_histogram; }

private:
    Histogram m_histogram;
};

} // namespace sluice::http
