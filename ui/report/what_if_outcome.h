// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/time_types.h"
#include "feed/event_time.h"
#include "feed/what_if.h"
#include "series/sample.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace sluice::ui {

// One row of the what-if comparison: the night as a whole had the change been made at the
// fork (or, for the reference row, the run itself so far). The dashboard's table, the
// report's first page and what-ifs.csv/json all show these figures. A value; any thread.
struct WhatIfOutcome {
    QString label;            // "rate 4,000/min", "+8 queue nodes"; the run: "the run"
    bool reference = false;   // the run itself, not a projection
    std::uint32_t rgb = 0;    // 0xRRGGBB: its dashed lines on the charts (the reference: none)
    engine::TimeMs from = 0;  // the fork; the reference: the run's first second
    engine::TimeMs until = 0; // the last second it covers
    std::uint64_t peakWaiting = 0;
    engine::TimeMs peakAt = 0;
    std::optional<engine::TimeMs> emptyAt; // the line empty for good; unset: not by `until`
    std::uint64_t admitted = 0, booked = 0, gaveUp = 0;
    double p90WaitSeconds = 0;
    QString waitBasis; // "each person" (a simulation's summary) or "per second" (samples)
    // The projection's own samples (from the fork on; none for the reference): drawn dashed
    // on the report's charts. Shared with the what-if's result, not copied (a projection of
    // a 41-hour night is 100,000 samples, 24 MB).
    QList<series::Sample> samples;
};

// The run itself so far, from its samples (the reference row).
WhatIfOutcome runOutcome(std::span<const series::Sample> run);

// A finished projection as a row. `run` is the run's samples as received: the seconds before
// the fork come from it, so the peak, the totals and the waits are the whole night's. A
// simulation's fork carries its own summary (what happened to each person): admitted,
// booked, gave up and the p90 wait come from it. A projection from live starts from the
// live counts: its totals are added to the run's at the fork.
WhatIfOutcome projectionOutcome(const QString& label, std::uint32_t rgb, const WhatIfResult& r,
                                std::span<const series::Sample> run);

// The table's columns, shared by the dashboard's model, the PDF and what-ifs.csv.
enum class OutcomeColumn {
    Label,
    From,
    PeakWaiting,
    EmptyAt,
    Admitted,
    Booked,
    GaveUp,
    P90Wait,
};
inline constexpr int kOutcomeColumns = 8;
QString outcomeHeader(OutcomeColumn column);
// A cell as a person reads it, times in the event's zone ("20:31 KST"; "not by 23:00 KST").
QString outcomeText(const WhatIfOutcome& o, OutcomeColumn column, const EventTime& time);
// "1 h 25 min", "42 min", "35 s".
QString waitText(double seconds);

// what-ifs.json and what-ifs.csv: one row per outcome, the run first; times in UTC.
QByteArray outcomesJson(const std::vector<WhatIfOutcome>& outcomes);
QByteArray outcomesCsv(const std::vector<WhatIfOutcome>& outcomes);

} // namespace sluice::ui
