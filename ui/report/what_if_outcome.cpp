// SPDX-License-Identifier: Apache-2.0
#include "what_if_outcome.h"

#include "engine/utc_format.h"
#include "report_data.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <algorithm>
#include <cmath>

namespace sluice::ui {
namespace {

const QLocale kEnglish(QLocale::English, QLocale::UnitedKingdom);

QString count(std::uint64_t n) {
    return kEnglish.toString(static_cast<qulonglong>(n));
}

QString utc(engine::TimeMs t) {
    return QString::fromStdString(engine::formatUtc(t));
}

// The figures every row shares; `emptyAt` works out when the line emptied after the peak.
template <typename EmptyAt>
void fill(WhatIfOutcome& o, const ReportFigures& f, bool eachPerson, const EmptyAt& emptyAt) {
    o.peakWaiting = f.peakWaiting;
    o.peakAt = f.peakAt;
    o.admitted = f.admitted;
    o.booked = f.booked;
    o.gaveUp = f.abandoned;
    o.p90WaitSeconds = f.p90WaitSeconds;
    o.waitBasis = eachPerson ? "each person" : "per second";
    o.until = f.to;
    o.emptyAt = o.peakWaiting == 0 ? std::nullopt : emptyAt(f.peakAt);
}

// The same from the night's samples alone (no summary).
void fill(WhatIfOutcome& o, std::span<const series::Sample> night) {
    fill(o, computeFigures(night, std::nullopt), false,
         [night](engine::TimeMs peakAt) { return lineEmptyAt(night, peakAt); });
}

} // namespace

WhatIfOutcome runOutcome(std::span<const series::Sample> run) {
    WhatIfOutcome o;
    o.label = "the run";
    o.reference = true;
    if (!run.empty()) {
        o.from = run.front().at;
    }
    fill(o, run);
    return o;
}

WhatIfOutcome projectionOutcome(const QString& label, std::uint32_t rgb, const WhatIfResult& r,
                                std::span<const series::Sample> run) {
    WhatIfOutcome o;
    o.label = label;
    o.rgb = rgb;
    o.from = r.from;
    o.samples = r.samples;
    // The night had the change been made at the fork: the run up to it, the projection after.
    const auto fork = std::partition_point(
        run.begin(), run.end(), [&r](const series::Sample& s) { return s.at <= r.from; });
    const std::span<const series::Sample> before(run.begin(), fork);
    if (r.summary) {
        // The people's figures come from the summary: the samples only give the peak, the
        // span and the minutes at capacity, read in place (no copy of the night: this runs on
        // the GUI thread when a what-if is answered).
        const std::span<const series::Sample> after(r.samples.constData(),
                                                    static_cast<std::size_t>(r.samples.size()));
        fill(o, computeFigures(before, after, *r.summary), true,
             [before, after](engine::TimeMs peakAt) { return lineEmptyAt(before, after, peakAt); });
        return o;
    }
    std::vector<series::Sample> night(before.begin(), before.end());
    if (!night.empty()) {
        // A fork made from live counts starts its totals at zero: the run's carry on.
        const series::Sample& at = night.back();
        for (series::Sample s : r.samples) {
            s.bookedTotal += at.bookedTotal;
            s.gaveUpTotal += at.gaveUpTotal;
            s.cheatAttemptsTotal += at.cheatAttemptsTotal;
            s.cheatSuccessesTotal += at.cheatSuccessesTotal;
            s.rejectedTokensTotal += at.rejectedTokensTotal;
            night.push_back(s);
        }
    } else {
        night.insert(night.end(), r.samples.begin(), r.samples.end());
    }
    fill(o, night);
    return o;
}

QString waitText(double seconds) {
    if (seconds < 90) {
        return QString("%1 s").arg(std::llround(seconds));
    }
    const auto minutes = static_cast<long long>(std::llround(seconds / 60.0));
    return minutes < 60 ? QString("%1 min").arg(minutes)
                        : QString("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

QString outcomeHeader(OutcomeColumn column) {
    switch (column) {
    case OutcomeColumn::Label:
        return "What-if";
    case OutcomeColumn::From:
        return "From";
    case OutcomeColumn::PeakWaiting:
        return "Peak waiting";
    case OutcomeColumn::EmptyAt:
        return "Line empty";
    case OutcomeColumn::Admitted:
        return "Admitted";
    case OutcomeColumn::Booked:
        return "Booked";
    case OutcomeColumn::GaveUp:
        return "Gave up";
    case OutcomeColumn::P90Wait:
        return "p90 wait";
    }
    return {};
}

QString outcomeText(const WhatIfOutcome& o, OutcomeColumn column, const EventTime& time) {
    switch (column) {
    case OutcomeColumn::Label:
        return o.label;
    case OutcomeColumn::From:
        return o.reference ? "to " + time.clock(o.until) : time.clock(o.from);
    case OutcomeColumn::PeakWaiting:
        return count(o.peakWaiting);
    case OutcomeColumn::EmptyAt:
        return o.emptyAt ? time.clock(*o.emptyAt) : "not by " + time.clock(o.until);
    case OutcomeColumn::Admitted:
        return count(o.admitted);
    case OutcomeColumn::Booked:
        return count(o.booked);
    case OutcomeColumn::GaveUp:
        return count(o.gaveUp);
    case OutcomeColumn::P90Wait:
        return waitText(o.p90WaitSeconds);
    }
    return {};
}

QByteArray outcomesJson(const std::vector<WhatIfOutcome>& outcomes) {
    QJsonArray rows;
    for (const WhatIfOutcome& o : outcomes) {
        QJsonObject row{{"label", o.label},
                        {"reference", o.reference},
                        {"from", utc(o.from)},
                        {"until", utc(o.until)},
                        {"peakWaiting", static_cast<double>(o.peakWaiting)},
                        {"peakAt", utc(o.peakAt)},
                        {"emptyAt", o.emptyAt ? QJsonValue(utc(*o.emptyAt)) : QJsonValue()},
                        {"admitted", static_cast<double>(o.admitted)},
                        {"booked", static_cast<double>(o.booked)},
                        {"gaveUp", static_cast<double>(o.gaveUp)},
                        {"p90WaitSeconds", o.p90WaitSeconds},
                        {"waitBasis", o.waitBasis}};
        rows.append(row);
    }
    return QJsonDocument(QJsonObject{{"format", "sluice-what-ifs/1"}, {"outcomes", rows}}).toJson();
}

QByteArray outcomesCsv(const std::vector<WhatIfOutcome>& outcomes) {
    const auto quoted = [](QString text) { return '"' + text.replace('"', "\"\"") + '"'; };
    QByteArray out = "label,reference,from,until,peak_waiting,peak_at,empty_at,admitted,booked,"
                     "gave_up,p90_wait_seconds,wait_basis\n";
    for (const WhatIfOutcome& o : outcomes) {
        const QStringList cells{quoted(o.label),
                                o.reference ? "1" : "0",
                                utc(o.from),
                                utc(o.until),
                                QString::number(o.peakWaiting),
                                utc(o.peakAt),
                                o.emptyAt ? utc(*o.emptyAt) : QString(),
                                QString::number(o.admitted),
                                QString::number(o.booked),
                                QString::number(o.gaveUp),
                                QString::number(o.p90WaitSeconds, 'f', 1),
                                quoted(o.waitBasis)};
        out += cells.join(',').toUtf8() + '\n';
    }
    return out;
}

} // namespace sluice::ui
