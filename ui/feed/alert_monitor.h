// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "series/sample.h"
#include "sim/sim_results.h"

#include <QList>
#include <QString>
#include <array>

namespace sluice::ui {

// The operator's alert thresholds. 0 turns a rule off.
struct AlertRules {
    int estimateAboveMinutes = 180;       // a new arrival is told more than this
    int backendErrorsAbovePerSecond = 50; // blank pages
    int saturatedForSeconds = 300;        // every slot taken for this long

    QString describe() const;
    bool operator==(const AlertRules&) const = default;
};

// One rule crossing its threshold, or coming back under it.
struct AlertEvent {
    engine::TimeMs at = 0;
    int rule = 0; // AlertMonitor::Rule
    bool raised = false;
    QString text;  // in English: the record (timeline, report, alerts.json)
    QString shown; // the same in the console's language (context "sluice::ui::AlertMonitor")
};

// Watches the run's samples against the rules: raises an alert the second a rule is
// breached (and, always, when nobody is admitted while people wait because the rate is 0 or
// admissions are paused: a stopped night is never silent), and clears it once the rule has held for
// a minute (so an error rate hovering at the threshold raises one alert, not one a second).
class AlertMonitor {
public:
    enum Rule { Estimate = 0, BackendErrors = 1, Saturated = 2, Stopped = 3, kRules = 4 };

    explicit AlertMonitor(AlertRules rules = {}) : m_rules(rules) {}

    // New rules apply from the next sample on; an alert they no longer cover clears then.
    void setRules(const AlertRules& rules) { m_rules = rules; }
    const AlertRules& rules() const { return m_rules; }
    void reset();

    QList<AlertEvent> observe(const series::Sample& s);
    bool active(Rule rule) const { return m_active[rule]; }

private:
    QString describe(int rule, bool raised, const series::Sample& s, double estimateMinutes,
                     bool translated) const;

    AlertRules m_rules;
    static constexpr engine::TimeMs kClearAfterMs = 60'000;
    std::array<bool, kRules> m_active{};
    std::array<engine::TimeMs, kRules> m_fineSince{}; // while active: first good second, or -1
    engine::TimeMs m_saturatedSince = -1;
};

} // namespace sluice::ui
