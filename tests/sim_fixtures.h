// SPDX-License-Identifier: Apache-2.0
// Scenarios the simulator, feed and dashboard tests share: the presets, with overrides.
#pragma once

#include "sim/scenario.h"

#include <QtGlobal>
#include <string>
#include <vector>

namespace sluice::testing {

inline const std::string kPresets = SLUICE_SOURCE_DIR "/resources/scenarios/";

// A preset file (e.g. "seed-night-2021.json") with `--set`-style overrides; a preset that
// does not load is a broken test, not a failing one.
inline sim::Scenario loadPreset(const std::string& file,
                                const std::vector<std::string>& overrides = {}) {
    auto sc = sim::loadScenario(kPresets + file, overrides);
    if (!sc.isOk()) {
        qFatal("%s", sc.status().message().c_str());
    }
    return std::move(sc).value();
}

// The 2021 night at a tenth of its size (people, queue servers, admission rate, capacity
// and backend): a run takes a second or two.
inline std::vector<std::string> tenthScale() {
    return {"population.people=151000", "event.admissionRatePerMinute=500", "event.capacity=2500",
            "backend.capacity=2500", "queueServers.requestsPerSecondPerNode=1500"};
}

// The Sluice night with 20,000 people and no plan: fractions of a second to run, for
// tests of what sits around the simulation.
inline sim::Scenario smallNight(std::vector<std::string> extra = {}) {
    std::vector<std::string> o = {"population.people=20000", "event.admissionRatePerMinute=300",
                                  "event.capacity=1000", "backend.capacity=1000",
                                  "operatorPlan=[]"};
    o.insert(o.end(), extra.begin(), extra.end());
    return loadPreset("sluice-night-2021.json", o);
}

} // namespace sluice::testing
