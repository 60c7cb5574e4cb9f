// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/event_config.h"
#include "person_record.h"
#include "sim_results.h"

#include <functional>
#include <string>
#include <vector>

namespace sluice::sim {

// How honest the wait estimate was, for everyone in the line: per arrival bucket, per
// operator change, and for the people who gave up. A person's estimate is scored by the
// first figure shown with a place in line after the last operator change of rate, capacity
// or pause before they left the line (their first figure when there was none), against the
// wait that followed it, for people admitted by the queue who then waited at least
// kMinWaitForEstimateErrorSeconds. See docs/simulator.md.

struct EstimateScore {
    std::string label;
    std::uint64_t people = 0;  // arrived in the group
    std::uint64_t scored = 0;  // of them, scored (see above)
    Distribution error;        // |shown − real| ÷ real
    Distribution ratio;        // shown ÷ real
    Distribution shownSeconds; // the figure scored
    Distribution realSeconds;  // the wait that followed it
    double rangeCoverage = 0;  // share of the scored whose real wait fell inside low … high
    double firstErrorP50 = 0;  // the first figure's median error, never rescored (context)
};

struct GaveUpScore {
    std::uint64_t people = 0;      // gave up or left at the sight of the estimate
    Distribution waitedSeconds;    // arrival to leaving
    Distribution firstToldSeconds; // the first figure they were shown in line
    Distribution lastToldSeconds;  // the last figure: what they were told was still to wait
    Distribution lastPosition;     // their place in line then (how far from the front)
};

struct EstimateScores {
    std::vector<EstimateScore> byArrival; // before the opening, 0–10, 10–40, 40–90, 90+ min
    std::vector<EstimateScore> byChange;  // people who arrived in the window after a change
    GaveUpScore gaveUp;
};

// An operator change of rate, capacity or pause (from the engine's audit trail), and the
// window after it whose arrivals it scores: until the next change, at most an hour.
struct ChangeWindow {
    double fromSeconds = 0, toSeconds = 0; // since the run's start
    std::string what;                      // "admissionRatePerMinute 5000 → 2500"
};
std::vector<ChangeWindow> changeWindows(const std::vector<engine::AuditEntry>& audit,
                                        engine::TimeMs start, engine::TimeMs opensAt);

// Fed one person at a time (Simulation::forEachPerson), so nothing is copied.
class EstimateScorer {
public:
    explicit EstimateScorer(std::vector<ChangeWindow> changes);
    void add(const PersonRecord& person);
    EstimateScores finish() const;

private:
    struct Group {
        std::uint64_t people = 0, inRange = 0;
        std::vector<double> error, ratio, shown, real, firstError;
    };
    void addTo(Group& g, const PersonRecord& person) const;
    std::vector<ChangeWindow> m_changes;
    std::vector<Group> m_arrival, m_change;
    std::vector<double> m_gaveWaited, m_gaveFirst, m_gaveLast, m_gavePosition;
    std::uint64_t m_gaveUp = 0;
};

class Simulation;
// Scores everyone who has arrived in `sim` so far (its audit trail gives the changes);
// `alsoVisit`, when set, sees each person of the same pass (people.csv is written so).
EstimateScores scoreEstimates(const Simulation& sim,
                              const std::function<void(const PersonRecord&)>& alsoVisit = {});

// A table for a terminal.
std::string scoresText(const EstimateScores& scores);

} // namespace sluice::sim
