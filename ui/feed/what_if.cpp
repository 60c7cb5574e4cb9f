// SPDX-License-Identifier: Apache-2.0
#include "what_if.h"

#include "series/sample.h"

#include <QLocale>

namespace sluice::ui {

WhatIfResult summarizeProjection(engine::TimeMs from, QList<series::Sample> samples) {
    WhatIfResult r;
    r.from = from;
    r.samples = std::move(samples);
    for (const series::Sample& s : r.samples) {
        const std::uint64_t line = s.waiting + s.preQueued;
        if (line > r.peakWaiting) {
            r.peakWaiting = line;
            r.peakAt = s.at;
        }
    }
    r.emptyAt = lineEmptyAt(
        std::span(r.samples.constData(), static_cast<std::size_t>(r.samples.size())), r.peakAt);
    if (r.peakWaiting == 0) {
        r.emptyAt.reset();
    }
    if (!r.samples.isEmpty()) {
        r.bookedAtEnd = r.samples.back().bookedTotal;
        r.gaveUpAtEnd = r.samples.back().gaveUpTotal;
    }
    return r;
}

// The line is over when no one waits and no one is still joining: a quiet second between two
// cohorts is not an end.
std::optional<engine::TimeMs> lineEmptyAt(std::span<const series::Sample> samples,
                                          engine::TimeMs peakAt) {
    return lineEmptyAt(samples, {}, peakAt);
}

std::optional<engine::TimeMs> lineEmptyAt(std::span<const series::Sample> before,
                                          std::span<const series::Sample> after,
                                          engine::TimeMs peakAt) {
    std::optional<engine::TimeMs> emptyAt;
    for (std::size_t i = before.size() + after.size(); i-- > 0;) {
        const series::Sample& s = i < before.size() ? before[i] : after[i - before.size()];
        if (s.waiting + s.preQueued != 0 || s.at < peakAt) {
            break;
        }
        if (s.joinsPerSecond == 0) {
            emptyAt = s.at;
        }
    }
    return emptyAt;
}

QString describeProjection(const WhatIfResult& r, const EventTime& time) {
    const auto clock = [&time](engine::TimeMs t) { return time.clock(t); };
    if (r.samples.isEmpty()) {
        return "nothing to project: the run is over";
    }
    QString text = r.peakWaiting == 0
                       ? QString("no one waiting")
                       : QString("peak %1 waiting at %2")
                             .arg(QLocale().toString(qulonglong(r.peakWaiting)), clock(r.peakAt));
    text += r.emptyAt ? QString(", line empty by %1").arg(clock(*r.emptyAt))
                      : QString(", line not empty by %1").arg(clock(r.samples.back().at));
    text += QString("; %1 booked, %2 gave up by then")
                .arg(QLocale().toString(qulonglong(r.bookedAtEnd)),
                     QLocale().toString(qulonglong(r.gaveUpAtEnd)));
    return text;
}

} // namespace sluice::ui
