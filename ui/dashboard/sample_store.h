// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/sim_results.h"

#include <QList>
#include <QPointF>
#include <functional>
#include <vector>

namespace sluice::ui {

// Every 1-second sample of the run, and the charts' view of it: a column as points,
// decimated to at most `maxPoints` by keeping each bucket's minimum and maximum (a spike
// survives decimation; a 6-hour run is 21,600 samples and a chart is ~1,000 px wide).
class SampleStore {
public:
    using Column = std::function<double(const sim::SimSample&)>;

    void append(const QList<sim::SimSample>& samples);
    void clear() { m_samples.clear(); }
    const std::vector<sim::SimSample>& samples() const { return m_samples; }
    bool empty() const { return m_samples.empty(); }
    const sim::SimSample& last() const { return m_samples.back(); }

    // x = ms since the epoch (for a date-time axis), y = the column.
    QList<QPointF> points(const Column& column, int maxPoints) const;

private:
    std::vector<sim::SimSample> m_samples;
};

} // namespace sluice::ui
