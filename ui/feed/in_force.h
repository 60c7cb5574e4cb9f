// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/event_config.h"
#include "series/sample.h"
#include "sim/scenario.h"

#include <QList>
#include <QString>

#include <optional>
#include <string>

namespace sluice::ui {

// The event's settings in force, as the console knows them: seeded from the scenario when a
// simulation is loaded (before the first sample, so the controls never offer "0 /min"), then
// moved by every sample, every audit entry (an applied change shows at once, even while the
// simulation is paused and no sample comes) and, live, the node's event config. Until a
// live node has reported, `known` is false and nothing here may be shown as a value.
// A plain value: GUI thread, no signals.
struct InForce {
    bool known = false;
    int ratePerMinute = 0;
    int capacity = 0;
    bool paused = false;
    engine::TimeMs opensAt = 0; // 0: not known yet
    // An event that opens per cohort window: each window's opening (opensAt is then unused).
    struct Window {
        QString name;
        engine::TimeMs opensAt = 0;
        bool operator==(const Window&) const = default;
    };
    QList<Window> cohorts;
    QString message;
    int nodes = 0; // queue-server nodes (simulation); 0 when not known

    // The opening a change naming `cohort` (or none) moves: the window's, or the event's.
    engine::TimeMs openingOf(const std::optional<std::string>& cohort) const;

    // The settings a simulation of `scenario` starts with.
    static InForce ofScenario(const sim::Scenario& scenario);
    // The latest sample's rate, capacity, pause and nodes.
    void follow(const series::Sample& latest);
    // What applied changes set; other fields are left alone. Live, a node's entry for the
    // rate or the capacity is its share of the total (`sharesPerNode`): those wait for the
    // next sample, which sums them.
    void follow(const QList<engine::AuditEntry>& entries, bool sharesPerNode = false);
};

} // namespace sluice::ui
