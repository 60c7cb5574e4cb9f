// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "series_points.h"

#include <QString>
#include <cstdint>
#include <vector>

namespace sluice::ui {

// One line of a chart: what it plots, how it is named and drawn.
struct ChartLine {
    QString name;      // the quantity and its unit, as the legend names it ("joins/s")
    double scale;      // plotted as the quantity × scale (to sit beside larger numbers)
    Column column;     // the plotted value at a sample: the quantity already × scale
    std::uint32_t rgb; // 0xRRGGBB: the same colour on screen and on paper
    bool projected;    // also drawn, dashed, for a what-if projection
    // The legend's and hover's name: "joins/s × 10" when scaled.
    QString label() const;
};

// A chart: its title (with the unit of its axis) and its lines, in drawing order.
struct ChartDefinition {
    QString title;
    std::vector<ChartLine> lines;
};

// The console's four charts, defined once: the dashboard draws them with Qt Charts and the
// incident report with QPainter, so the report shows what the operator saw on screen.
// 1. people waiting (pre-queued included) and joins a second; 2. the wait told to a new
// arrival and the wait realised (minutes); 3. admissions a minute: the operator's target,
// actual, and the protected site's capacity; 4. errors a second (queue, backend) and bypass
// attempts a second, refused and got through.
const std::vector<ChartDefinition>& chartDefinitions();

} // namespace sluice::ui
