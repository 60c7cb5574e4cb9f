// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "feed/event_time.h"
#include "report_data.h"

#include <QRectF>

class QPainter;

namespace sluice::ui {

// Where page 1 of the incident report puts what, as shares of the printable page (0 … 1,
// the page inside its margins): the headline (the event, the window in event time and the
// key figures) at the top, the waiting chart under it, the wait-estimate chart under that,
// and the what-if comparison at the foot when there is one (the charts take its room when
// there is none). Fixed shares, so a reader — or a test — knows where to look.
struct FirstPageLayout {
    QRectF headline, waiting, estimate, comparison; // comparison empty without what-ifs
};
FirstPageLayout firstPageLayout(bool withComparison);

// Draws page 1 into `page` (the printable area, in the painter's units): the title, event,
// source, window and zone, the key figures in two columns, the waiting and wait-estimate
// charts with operator actions and alerts marked (and each what-if dashed), and the
// what-if comparison table. The full figures, and the other two charts, are on page 2.
// QPainter only: any thread.
void drawFirstPage(QPainter& p, const QRectF& page, const ReportData& data,
                   const ReportFigures& figures, const EventTime& time);

// "2021-07-19 20:00:00 KST to 2021-07-19 22:00:00 KST (2 h 0 min)".
QString reportWindow(const ReportFigures& figures, const EventTime& time);
// "42 min", "1 h 5 min", "35 s", as the report writes durations.
QString reportDuration(double seconds);

} // namespace sluice::ui
