// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/sim_results.h"

#include <QList>
#include <QPointF>
#include <functional>
#include <span>
#include <vector>

namespace sluice::ui {

// Every 1-second sample of the run, and the charts' view of it: a column as points,
// decimated to at most `maxPoints` by keeping each bucket's minimum and maximum (a spike
// survives decimation; a 6-hour run is 21,600 samples and a chart is ~1,000 px wide).
// A chart line's value at a sample; `previous` is the sample a second earlier (the same
// sample for the first), for per-second rates of the running totals.
using Column = std::function<double(const sim::SimSample& s, const sim::SimSample& previous)>;

// A column as points (x = ms since the epoch, for a date-time axis), decimated to at most
// `maxPoints` by keeping each bucket's minimum and maximum.
QList<QPointF> columnPoints(std::span<const sim::SimSample> samples, const Column& column,
                            int maxPoints);

// The sample at or just before `at` (samples in time order); null before the first.
const sim::SimSample* sampleAt(std::span<const sim::SimSample> samples, engine::TimeMs at,
                               const sim::SimSample** previous = nullptr);

// Samples more than this far apart have a gap between them (live nodes that were all down):
// the charts break their lines there instead of drawing across.
inline constexpr engine::TimeMs kGapMs = 2500;

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
