// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "feed/chart_definitions.h"
#include "feed/event_time.h"
#include "report_data.h"

#include <QRectF>

class QPainter;

namespace sluice::ui {

// A chart as the console draws it (chartDefinitions()), on paper, inside `box`: the title,
// the lines broken at gaps, each what-if of data.whatIfs dashed in its colour on the lines
// the console projects, operator actions (triangles) and alerts (red diamonds) on the time
// axis, and a legend (the what-ifs by their labels). Times from `from` to `to` (UTC ms),
// labelled in the event's zone. QPainter only: any thread.
void drawReportChart(QPainter& p, const QRectF& box, const ChartDefinition& spec,
                     const ReportData& data, engine::TimeMs from, engine::TimeMs to,
                     const EventTime& time);

// The charts' time span: the samples', stretched to the last what-if's end.
std::pair<engine::TimeMs, engine::TimeMs> reportChartSpan(const ReportData& data,
                                                          const ReportFigures& figures);

} // namespace sluice::ui
