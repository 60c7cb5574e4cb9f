// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "feed/series_points.h"

#include <QList>
#include <QPointF>
#include <functional>
#include <span>
#include <vector>

namespace sluice::ui {

// Every 1-second sample of the run, and where the gaps in it are.
class SampleStore {
public:
    void append(const QList<sim::SimSample>& samples);
    void clear() {
        m_samples.clear();
        m_segmentStarts.clear();
    }
    // Runs of samples without a gap, oldest first (one for a simulation).
    std::vector<std::span<const sim::SimSample>> segments() const;
    std::size_t gapCount() const {
        return m_segmentStarts.empty() ? 0 : m_segmentStarts.size() - 1;
    }
    const std::vector<sim::SimSample>& samples() const { return m_samples; }
    bool empty() const { return m_samples.empty(); }
    const sim::SimSample& last() const { return m_samples.back(); }

    QList<QPointF> points(const Column& column, int maxPoints) const {
        return columnPoints(m_samples, column, maxPoints);
    }

private:
    std::vector<sim::SimSample> m_samples;
    std::vector<std::size_t> m_segmentStarts; // index of each segment's first sample
};

} // namespace sluice::ui
