// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/time_types.h"
#include "series/sample.h"
#include "sim/person_record.h"

#include <QMetaType>
#include <cstdint>
#include <span>
#include <vector>

namespace sluice::sim {
class Simulation;
}

namespace sluice::ui {

// The estimate shown against the wait that followed, by arrival time (issue 14): people who
// arrived in the same minute are compared with each other, not with people admitted in the
// same minute (who arrived at different times and were told different things). A plain
// value: made on the simulation thread, shown by the console's "Estimate accuracy" chart.

// People who arrived in one bin of time. Minutes are medians (the lower middle for an even
// count); NaN when there is nothing to take one of (never 0, which would read as "no wait").
struct AccuracyBin {
    engine::TimeMs from = 0; // the bin's first moment (ms since the epoch, event time)
    std::uint32_t arrived = 0;
    // Of them: admitted by the queue ("reached the front") after a figure was shown in line
    // (PersonRecord::first), or after words only ("unknown", "paused"): `shownWords`, whose
    // real wait counts from their arrival and who add no estimate.
    std::uint32_t reachedFront = 0;
    std::uint32_t shownWords = 0;
    std::uint32_t gaveUp = 0;       // gave up, or left at the sight of the estimate
    std::uint32_t stillWaiting = 0; // in line when the bins were made: real wait not known yet
    // Nobody of the bin can still be waiting: its medians are final (a median of the few
    // admitted so far would be biased short), and only then does the chart plot them.
    bool final = false;
    double shownMinutes = series::kNoFigure; // the first figure shown (of those shown one)
    double lowMinutes = series::kNoFigure;   // the range shown with it, low … high
    double highMinutes = series::kNoFigure;
    double realMinutes = series::kNoFigure;  // admission − when that first figure was shown
    double inRangeShare = series::kNoFigure; // of the figured: real wait within low … high
    bool complete() const { return final && reachedFront > 0; }
    double gaveUpShare() const {
        return arrived > 0 ? static_cast<double>(gaveUp) / arrived : series::kNoFigure;
    }
};

struct EstimateAccuracy {
    engine::TimeMs binMs = 60'000;
    engine::TimeMs asOf = 0; // the run's moment (or the last live sample) the bins describe
    // Live nodes: from the 1-second samples (each second's admissions, mean wait, placed at
    // their mean arrival), not from people; no range, no give-ups, no per-person counts.
    bool fromSamples = false;
    std::vector<AccuracyBin> bins; // oldest first, one per bin from the first arrival on
    // The end of the last bin of the leading run of final bins: people who arrived before it
    // have all left the line; 0 when none.
    engine::TimeMs knownUpTo() const;
    std::uint64_t stillWaiting() const;
};

// A bin width for a run of `spanMs`: 1, 2, 5, 10, 15, 30 or 60 minutes, the smallest that
// keeps the chart at 240 bins or fewer.
engine::TimeMs accuracyBinMs(engine::TimeMs spanMs);

// Bins people given in arrival order, one at a time (Simulation::forEachPersonByArrival), keeping
// only the current bin's figures: a 10-million-person night needs no copy of its people.
class AccuracyBinner {
public:
    // `start`: the run's start (person times are seconds since it); bins align to whole
    // multiples of `binMs` since the epoch.
    AccuracyBinner(engine::TimeMs start, engine::TimeMs binMs);
    void add(const sim::PersonRecord& person);
    EstimateAccuracy finish(engine::TimeMs asOf);

private:
    void close();
    engine::TimeMs m_start, m_binMs;
    EstimateAccuracy m_out;
    AccuracyBin m_bin;
    bool m_open = false;
    std::vector<double> m_shown, m_low, m_high, m_real;
    std::uint32_t m_inRange = 0, m_ranged = 0;
};

// Every person who has arrived in `sim` so far, binned (on the simulation's thread).
EstimateAccuracy accuracyOf(const sim::Simulation& sim);

// What live nodes' samples tell: the estimate told to a newcomer in each bin (median of the
// seconds with a figure), and the wait of those admitted each second (the sample's mean
// realised wait) placed at their mean arrival (admission − wait). Bins from the arrival of
// the people admitted last on are incomplete: people who arrived then may still be waiting.
EstimateAccuracy accuracyOfSamples(std::span<const series::Sample> samples, engine::TimeMs binMs);

} // namespace sluice::ui

Q_DECLARE_METATYPE(sluice::ui::EstimateAccuracy)
