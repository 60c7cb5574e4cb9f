// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/event_config.h"
#include "feed/event_time.h"

#include <QString>

namespace sluice::ui {

// A control change in the words an operator reads, for the timeline, the undo warning and
// the report: "Admission rate 5,000 → 4,000 /min", "Admissions paused", "Capacity 1,000 →
// 2,000", "Opening 2021-07-19 20:00:00 KST → 2021-07-19 20:05:00 KST" (in the event's time
// zone), "Message "Welcome" → "Sold out"". A field the console does not know is named as the
// engine names it.
QString describeChange(const engine::AuditEntry& entry, const EventTime& time = {});
// The field alone, lower case for inside a sentence: "the admission rate", "the opening".
QString fieldWords(const QString& field);

} // namespace sluice::ui
