// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/event_config.h"
#include "series/sample.h"
#include "sim/sim_results.h"
#include "what_if_outcome.h"

#include <QMap>
#include <QString>
#include <optional>
#include <span>
#include <vector>

namespace sluice::ui {

// Something in the report's timeline: an operator action or an alert (raised or cleared).
struct TimelineEntry {
    engine::TimeMs at = 0;
    bool alert = false;
    QString text;
};

// What an incident report is made of: a night's 1-second samples (simulated, live, or a
// node's recorded history), the operator actions and alerts, and, for a simulation, the
// outcome of every person.
struct ReportData {
    QString title;  // the event or scenario
    QString source; // "simulation of …", "live nodes …", "node history in …"
    std::vector<series::Sample> samples;
    std::vector<engine::AuditEntry> audit;
    std::vector<TimelineEntry> alerts;
    // The console's own lines: confirmations asked and answered, refusals, undo, what-ifs,
    // nodes lost and back — everything in its timeline that is not an audit entry or an alert.
    std::vector<TimelineEntry> notes;
    // How the console told each audit entry (same order as `audit`; "… (undo)" for an undo).
    // Empty: each is told in words (describeChange).
    std::vector<QString> auditText;
    // The event's IANA time zone: the PDF shows its times in it (the data files stay UTC).
    QString timeZone = "UTC";
    std::optional<sim::SimSummary> summary;         // per-person outcomes (simulation)
    QMap<QString, quint64> tokenRejectionsByReason; // gate refusals (live nodes or the engine)
    // The what-if comparison, when the operator kept some: the run itself first, then each
    // what-if (see WhatIfOutcome). Empty: none.
    std::vector<WhatIfOutcome> whatIfs;
};

// The summary figures on the report's first page. Per-person figures come from the
// simulation's summary when there is one; otherwise from the samples: realised waits are
// weighted by the admissions of each second (first come, first served: those admitted in
// one second joined at about the same time), and the estimate error compares the estimate
// shown at each second with the wait realised by the people admitted when that estimate
// came due.
struct ReportFigures {
    engine::TimeMs from = 0, to = 0;
    std::uint64_t peakWaiting = 0;
    engine::TimeMs peakAt = 0;
    double longestWaitSeconds = 0;
    double p90WaitSeconds = 0;
    double p95WaitSeconds = 0;
    double medianWaitSeconds = 0;
    std::optional<double> medianEstimateError; // |shown − realised| ÷ realised
    std::uint64_t admitted = 0, booked = 0, abandoned = 0, rejectedTokens = 0;
    QMap<QString, quint64> rejectedByReason;
    double minutesAtCapacity = 0;     // every slot of the protected site taken
    double minutesWithoutData = 0;    // gaps in the samples (live nodes all down)
    double minutesWithBlankPages = 0; // the protected site refusing people
    int actions = 0, alertsRaised = 0;
    QString waitBasis; // how the wait figures were obtained
};

ReportFigures computeFigures(const ReportData& data);
// The figures that come from the samples (and the summary) alone: no rejection reasons, no
// counts of actions and alerts.
ReportFigures computeFigures(std::span<const series::Sample> samples,
                             const std::optional<sim::SimSummary>& summary);
// The same for a simulation's what-if, over the run's samples up to the fork (`before`)
// and the projection's (`after`), read in place; the people's figures from `summary`.
ReportFigures computeFigures(std::span<const series::Sample> before,
                             std::span<const series::Sample> after, const sim::SimSummary& summary);
// figures.json: the first page's figures, for machines.
QByteArray figuresJson(const ReportFigures& f);

} // namespace sluice::ui
