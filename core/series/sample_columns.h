// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sample.h"

#include <span>
#include <variant>

namespace sluice::series {

// One column of the series: its name (series.csv's header, series.json's columns, the keys
// of one sample's JSON) and the Sample field it holds. Every codec walks this one table, so
// a column is added in one place and the files cannot disagree on names or order.
struct SampleColumn {
    using Field =
        std::variant<std::uint64_t Sample::*, int Sample::*, bool Sample::*, double Sample::*>;
    const char* name;
    Field field;
    int decimals = 0; // a double's decimals in every file (the file's precision)
    // The column may hold kNoFigure (a double only): an empty CSV field, a JSON null.
    bool mayBeNoFigure = false;
};

// The columns after the time ("time_utc", and "t_seconds" in the series files), in the
// order of series.csv's header (docs/simulator.md).
std::span<const SampleColumn> sampleColumns();

inline constexpr const char* kTimeUtcColumn = "time_utc";
inline constexpr const char* kSecondsColumn = "t_seconds"; // since the run's start

} // namespace sluice::series
