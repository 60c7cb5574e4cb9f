// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "series/sample.h"
#include "sim/sim_results.h"

#include <QList>
#include <QPointF>
#include <functional>
#include <span>
#include <vector>

namespace sluice::ui {

// 1-second samples as chart points, for the dashboard's charts and the report's.

// A chart line's value at a sample; `previous` is the sample a second earlier (the same
// sample for the first), for per-second rates of the running totals.
using Column = std::function<double(const series::Sample& s, const series::Sample& previous)>;

// A column as points (x = ms since the epoch, for a date-time axis), decimated to at most
// `maxPoints` by keeping each bucket's minimum and maximum (a spike survives decimation; a
// 6-hour run is 21,600 samples and a chart is ~1,000 px wide). A value without a figure
// (NaN: an estimate shown as "unknown" or "paused", see series::kNoFigure) is left out,
// never drawn as 0.
QList<QPointF> columnPoints(std::span<const series::Sample> samples, const Column& column,
                            int maxPoints);

// Samples more than this far apart have a gap between them (live nodes that were all down):
// charts break their lines there instead of drawing across.
inline constexpr engine::TimeMs kGapMs = 2500;

// Whether the data has a gap between `before` and the sample after it, `next`.
inline bool isGap(const series::Sample& before, const series::Sample& next) {
    return next.at - before.at > kGapMs;
}

// Runs of samples without a gap, as spans into the samples they index.
using Runs = std::vector<std::span<const series::Sample>>;

// Where the gaps are in samples that only grow at their end (the console's store): each
// sample is compared with the one before it once, when it is added, so asking for the runs
// again after every batch costs nothing per old sample (a day of live data is 86,400
// samples, and the charts ask at every refresh). Not thread-safe; single owner.
class GapIndex {
public:
    // Indexes the samples past those already indexed; `samples` is the same series as
    // before, grown at its end (the old samples unchanged).
    void extend(std::span<const series::Sample> samples);
    void clear();
    // The runs of `samples` (the series last indexed), oldest first; none for no samples.
    Runs runs(std::span<const series::Sample> samples) const;
    std::size_t gapCount() const { return m_runStarts.empty() ? 0 : m_runStarts.size() - 1; }
    // Samples compared with the one before them so far: grows with the samples added, not
    // with how often the runs are asked for.
    std::size_t examined() const { return m_indexed; }

private:
    std::vector<std::size_t> m_runStarts; // index of each run's first sample
    std::size_t m_indexed = 0;            // samples indexed so far
};

// Runs of samples without a gap, oldest first: one for a simulation, none for no samples.
// The spans point into `samples`. (A GapIndex over all of them.)
Runs splitAtGaps(std::span<const series::Sample> samples);

// A column as one list of points per run without a gap (so a line is never drawn across an
// outage), each run decimated to its share of `maxPoints` (at least 4 points). A stretch of
// values without a figure is a gap too (an "unknown" estimate is a break in its line, not a
// drop to 0) once it spans a decimation bucket; a shorter one is only left out.
std::vector<QList<QPointF>> segmentedPoints(const Runs& runs, const Column& column, int maxPoints);
// The same, splitting `samples` at their gaps first.
std::vector<QList<QPointF>> segmentedPoints(std::span<const series::Sample> samples,
                                            const Column& column, int maxPoints);

// The sample at or just before `at` (samples in time order); null before the first.
const series::Sample* sampleAt(std::span<const series::Sample> samples, engine::TimeMs at,
                               const series::Sample** previous = nullptr);

} // namespace sluice::ui
