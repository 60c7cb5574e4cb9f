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

// The Sluice night with the operator throttling: 5,000/min → 2,500/min 40 minutes after
// the opening, → 10,000/min at 90 minutes (the queue fleet's scale-out kept).
inline std::string throttledPlan() {
    return R"(operatorPlan=[)"
           R"({"at":"2021-07-19T19:30:00+09:00","operator":"ops","scaleOutToNodes":8,"provisioningSeconds":600},)"
           R"({"at":"2021-07-19T20:40:00+09:00","operator":"ops","admissionRatePerMinute":2500},)"
           R"({"at":"2021-07-19T21:30:00+09:00","operator":"ops","admissionRatePerMinute":10000}])";
}

// The 2021 night at a tenth through its first 4 h 40 min: the overload, the pause with the
// site down, the scale-out, the reopening at 60/min and the change to 240/min.
inline std::vector<std::string> seedNightAtATenthThroughTheRateChanges() {
    std::vector<std::string> o = tenthScale();
    o.emplace_back("durationSeconds=16800");
    o.emplace_back(
        R"(operatorPlan=[{"at":"2021-07-19T20:50:00+09:00","operator":"agency","message":"x"},)"
        R"({"at":"2021-07-19T21:00:00+09:00","operator":"agency","paused":true,"backendCapacity":0,"scaleOutToNodes":10,"provisioningSeconds":3000},)"
        R"({"at":"2021-07-19T22:00:00+09:00","operator":"agency","paused":false,"admissionRatePerMinute":60,"backendCapacity":2500},)"
        R"({"at":"2021-07-19T23:30:00+09:00","operator":"agency","admissionRatePerMinute":240}])");
    return o;
}

// A night of 10 million people at a tenth of its size (the Sluice night's servers, rates
// and backend at a tenth, 1 million people), run for 16 hours so that the line drains far
// enough for people of every arrival bucket to reach the front.
inline std::vector<std::string> tenMillionNightAtTenthScale() {
    std::vector<std::string> o = tenthScale();
    o.push_back("population.people=1000000");
    o.push_back("durationSeconds=57600");
    o.push_back(
        R"(operatorPlan=[)"
        R"({"at":"2021-07-19T19:30:00+09:00","operator":"ops","scaleOutToNodes":8,"provisioningSeconds":600},)"
        R"({"at":"2021-07-19T20:30:00+09:00","operator":"ops","admissionRatePerMinute":600}])");
    return o;
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
