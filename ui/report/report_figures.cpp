// SPDX-License-Identifier: Apache-2.0
#include "engine/utc_format.h"
#include "feed/series_points.h"
#include "report_data.h"
#include "series/sample.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>

namespace sluice::ui {
namespace {

// The value below which `share` of the total weight lies, in pairs sorted by value.
double weightedQuantile(const std::vector<std::pair<double, double>>& sorted, double total,
                        double share) {
    if (sorted.empty()) {
        return 0;
    }
    double seen = 0;
    for (const auto& [v, w] : sorted) {
        seen += w;
        if (seen >= share * total) {
            return v;
        }
    }
    return sorted.back().first;
}

} // namespace

namespace {

// The figures every sample adds to, over samples `at(0)` … `at(n - 1)` in time order; the
// realised waits (with their admissions) into `waits` when it is given.
template <typename At>
void scanSamples(std::size_t n, const At& at, ReportFigures& f,
                 std::vector<std::pair<double, double>>* waits) {
    double admitted = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const series::Sample& x = at(i);
        const std::uint64_t waiting = x.waiting + x.preQueued;
        if (waiting > f.peakWaiting) {
            f.peakWaiting = waiting;
            f.peakAt = x.at;
        }
        admitted += x.admitsPerSecond;
        if (waits != nullptr && x.admitsPerSecond > 0 && x.realisedWaitSeconds > 0) {
            waits->emplace_back(x.realisedWaitSeconds, x.admitsPerSecond);
        }
        if (x.capacity > 0 && static_cast<double>(x.activeSessions) >= 0.99 * x.capacity) {
            f.minutesAtCapacity += 1.0 / 60;
        }
        if (x.backendErrors > 0) {
            f.minutesWithBlankPages += 1.0 / 60;
        }
        if (i > 0 && x.at - at(i - 1).at > kGapMs) {
            f.minutesWithoutData += static_cast<double>(x.at - at(i - 1).at - 1000) / 60'000.0;
        }
    }
    f.admitted = static_cast<std::uint64_t>(std::llround(admitted));
    if (n > 0) {
        f.from = at(0).at;
        f.to = at(n - 1).at;
    }
}

// What happened to each person, from a simulation's summary.
void applySummary(ReportFigures& f, const sim::SimSummary& sum) {
    f.admitted = sum.admitted;
    f.booked = sum.booked;
    f.abandoned = sum.gaveUp;
    f.rejectedTokens = sum.rejectedTokens;
    f.longestWaitSeconds = sum.waitSeconds.max;
    f.p90WaitSeconds = sum.waitSeconds.p90;
    f.p95WaitSeconds = sum.waitSeconds.p95;
    f.medianWaitSeconds = sum.waitSeconds.p50;
    if (sum.estimateErrorShare.count > 0) {
        f.medianEstimateError = sum.estimateErrorShare.p50;
    }
    f.waitBasis = "each person's wait, from the simulation";
}

} // namespace

ReportFigures computeFigures(std::span<const series::Sample> before,
                             std::span<const series::Sample> after,
                             const sim::SimSummary& summary) {
    ReportFigures f;
    scanSamples(
        before.size() + after.size(),
        [&](std::size_t i) -> const series::Sample& {
            return i < before.size() ? before[i] : after[i - before.size()];
        },
        f, nullptr);
    applySummary(f, summary);
    return f;
}

ReportFigures computeFigures(std::span<const series::Sample> s,
                             const std::optional<sim::SimSummary>& summary) {
    ReportFigures f;
    std::vector<std::pair<double, double>> waits; // realised wait, admissions that second
    scanSamples(
        s.size(), [&s](std::size_t i) -> const series::Sample& { return s[i]; }, f,
        summary ? nullptr : &waits);
    if (!s.empty()) {
        f.booked = s.back().bookedTotal - std::min(s.back().bookedTotal, s.front().bookedTotal);
        f.abandoned = s.back().gaveUpTotal - std::min(s.back().gaveUpTotal, s.front().gaveUpTotal);
        f.rejectedTokens = s.back().rejectedTokensTotal -
                           std::min(s.back().rejectedTokensTotal, s.front().rejectedTokensTotal);
    }
    if (summary) {
        applySummary(f, *summary);
    } else {
        f.longestWaitSeconds =
            waits.empty() ? 0 : std::max_element(waits.begin(), waits.end())->first;
        std::sort(waits.begin(), waits.end()); // once for the three quantiles
        double total = 0;
        for (const auto& [v, w] : waits) {
            total += w;
        }
        f.p90WaitSeconds = weightedQuantile(waits, total, 0.90);
        f.p95WaitSeconds = weightedQuantile(waits, total, 0.95);
        f.medianWaitSeconds = weightedQuantile(waits, total, 0.5);
        // The estimate shown at t against the wait of those admitted when it came due.
        std::vector<double> errors;
        for (const series::Sample& x : s) {
            const double shown = x.shownEstimateSeconds;
            if (!series::hasFigure(shown) || shown < 60) {
                continue; // no figure shown ("unknown", "paused"), or too short to score
            }
            const engine::TimeMs due = x.at + static_cast<engine::TimeMs>(shown * 1000);
            const auto later = std::lower_bound(
                s.begin(), s.end(), due,
                [](const series::Sample& y, engine::TimeMs t) { return y.at < t; });
            if (later == s.end() || later->at - due > 5000 || later->realisedWaitSeconds <= 0) {
                continue;
            }
            errors.push_back(std::abs(shown - later->realisedWaitSeconds) /
                             later->realisedWaitSeconds);
        }
        if (!errors.empty()) {
            std::nth_element(errors.begin(),
                             errors.begin() + static_cast<std::ptrdiff_t>(errors.size() / 2),
                             errors.end());
            f.medianEstimateError = errors[errors.size() / 2];
        }
        f.waitBasis = "per second of admissions (each second's mean wait, weighted by its "
                      "admissions)";
    }
    return f;
}

ReportFigures computeFigures(const ReportData& data) {
    ReportFigures f = computeFigures(data.samples, data.summary);
    // The reasons add up to the total: what no reason was counted for (a simulation's
    // samples, a node's history) is listed as "unattributed", never left out.
    f.rejectedByReason = data.tokenRejectionsByReason;
    quint64 attributed = 0;
    for (const quint64 n : std::as_const(f.rejectedByReason)) {
        attributed += n;
    }
    if (attributed < f.rejectedTokens) {
        f.rejectedByReason["unattributed"] += f.rejectedTokens - attributed;
    } else if (attributed > f.rejectedTokens) {
        f.rejectedTokens = attributed; // counted by the gates since the window began
    }
    f.actions = static_cast<int>(data.audit.size());
    f.alertsRaised = static_cast<int>(
        std::count_if(data.alerts.begin(), data.alerts.end(),
                      [](const TimelineEntry& e) { return e.text.startsWith("ALERT"); }));
    return f;
}

QByteArray figuresJson(const ReportFigures& f) {
    QJsonObject reasons;
    for (auto it = f.rejectedByReason.begin(); it != f.rejectedByReason.end(); ++it) {
        reasons[it.key()] = static_cast<double>(it.value());
    }
    const auto utc = [](engine::TimeMs t) { return QString::fromStdString(engine::formatUtc(t)); };
    QJsonObject o{{"format", "sluice-report-figures/1"},
                  {"from", utc(f.from)},
                  {"to", utc(f.to)},
                  {"peakWaiting", static_cast<double>(f.peakWaiting)},
                  {"peakAt", utc(f.peakAt)},
                  {"longestWaitSeconds", f.longestWaitSeconds},
                  {"p95WaitSeconds", f.p95WaitSeconds},
                  {"medianWaitSeconds", f.medianWaitSeconds},
                  {"admitted", static_cast<double>(f.admitted)},
                  {"booked", static_cast<double>(f.booked)},
                  {"abandoned", static_cast<double>(f.abandoned)},
                  {"rejectedTokens", static_cast<double>(f.rejectedTokens)},
                  {"rejectedTokensByReason", reasons},
                  {"minutesAtCapacity", f.minutesAtCapacity},
                  {"minutesWithoutData", f.minutesWithoutData},
                  {"minutesWithBlankPages", f.minutesWithBlankPages},
                  {"operatorActions", f.actions},
                  {"alertsRaised", f.alertsRaised},
                  {"waitBasis", f.waitBasis}};
    if (f.medianEstimateError) {
        o["medianEstimateError"] = *f.medianEstimateError;
    }
    return QJsonDocument(o).toJson();
}

} // namespace sluice::ui
