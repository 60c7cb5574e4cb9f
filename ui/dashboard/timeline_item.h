// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/time_types.h"

#include <QString>

namespace sluice::ui {

// What a line of the timeline is about. The filter groups the two kinds of alert.
enum class TimelineKind {
    Action,       // an operator's change (audit entry), confirmation, refusal or undo
    AlertRaised,  // an alert rule breached
    AlertCleared, // and back under it
    Node,         // a live node lost or back, a gap in the data, a gap filled
    WhatIf,       // a what-if projection
    Console,      // the run itself: the scenario or nodes watched, the alert rules
};

// One line of the timeline: when (UTC milliseconds; 0 when there is no moment to mark), what
// kind, who (an operator such as "ana @node-a", a node, or nobody) and what changed, in words.
struct TimelineItem {
    engine::TimeMs at = 0;
    TimelineKind kind = TimelineKind::Console;
    QString who;
    QString what;       // in English: the record (the report, plain-text timeline, exports)
    QString shown = {}; // the same in the console's language where it has been translated; empty:
                        // `what` is shown
};

// "operator action", "alert raised", "alert cleared", "node event", "what-if", "console", in
// the console's language.
QString kindName(TimelineKind kind);

// The line as the plain-text timeline told it, without the time: "ana: Admission rate 300 →
// 450 /min", "ALERT capacity saturated …", "cleared: capacity saturated …", "node-a: live".
QString timelineLine(const TimelineItem& item);

// What the item says on screen: `shown`, or `what` when nothing was translated.
inline const QString& shownText(const TimelineItem& item) {
    return item.shown.isEmpty() ? item.what : item.shown;
}

} // namespace sluice::ui
