// SPDX-License-Identifier: Apache-2.0
#include "in_force.h"

#include "engine/utc_format.h"

namespace sluice::ui {

InForce InForce::ofScenario(const sim::Scenario& scenario) {
    const engine::EventConfig& e = scenario.event;
    InForce f;
    f.known = true;
    f.ratePerMinute = e.admissionRatePerMinute;
    f.capacity = e.capacity;
    f.paused = e.paused;
    f.opensAt = e.cohorts.empty() ? e.opensAt : e.cohorts.front().opensAt;
    for (const engine::CohortWindow& w : e.cohorts) {
        f.cohorts.append({QString::fromStdString(w.name), w.opensAt});
    }
    f.message = QString::fromStdString(e.message);
    f.nodes = scenario.queueServers.nodes;
    return f;
}

engine::TimeMs InForce::openingOf(const std::optional<std::string>& cohort) const {
    if (!cohort) {
        return opensAt;
    }
    for (const Window& w : cohorts) {
        if (w.name.toStdString() == *cohort) {
            return w.opensAt;
        }
    }
    return 0;
}

void InForce::follow(const series::Sample& latest) {
    known = true;
    ratePerMinute = latest.admissionRatePerMinute;
    capacity = latest.capacity;
    paused = latest.paused;
    if (latest.nodes > 0) {
        nodes = latest.nodes;
    }
}

void InForce::follow(const QList<engine::AuditEntry>& entries, bool sharesPerNode) {
    for (const engine::AuditEntry& e : entries) {
        const QString to = QString::fromStdString(e.newValue);
        if (sharesPerNode && (e.field == "admissionRatePerMinute" || e.field == "capacity")) {
            continue;
        }
        if (e.field == "admissionRatePerMinute") {
            ratePerMinute = to.toInt();
        } else if (e.field == "capacity") {
            capacity = to.toInt();
        } else if (e.field == "paused") {
            paused = to == "true";
        } else if (e.field == "message") {
            message = to;
        } else if (e.field == "opensAt") {
            engine::TimeMs at = 0;
            if (engine::parseUtc(e.newValue, at)) {
                opensAt = at;
            }
        } else if (e.field.starts_with("opensAt[") && e.field.ends_with(']')) {
            // A cohort window's opening, "opensAt[50-52]" (the engine's audit field).
            const QString name = QString::fromStdString(e.field.substr(8, e.field.size() - 9));
            engine::TimeMs at = 0;
            for (Window& w : cohorts) {
                if (w.name == name && engine::parseUtc(e.newValue, at)) {
                    w.opensAt = at;
                }
            }
        }
    }
}

} // namespace sluice::ui
