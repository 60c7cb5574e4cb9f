// SPDX-License-Identifier: Apache-2.0
#include "estimate_scores.h"

#include "series/decimal_text.h"
#include "simulation.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>

namespace sluice::sim {
namespace {

struct ArrivalBucket {
    const char* label;
    double toMinutes; // arrivals before this many minutes after the opening
};
constexpr ArrivalBucket kArrivalBuckets[] = {{"arrived before the opening", 0},
                                             {"arrived 0-10 min after it", 10},
                                             {"arrived 10-40 min", 40},
                                             {"arrived 40-90 min", 90},
                                             {"arrived after 90 min", 1e300}};
constexpr double kChangeWindowSeconds = 3600;

bool changesRate(const std::string& field) {
    return field == "admissionRatePerMinute" || field == "capacity" || field == "paused";
}

std::string minutes(double seconds) {
    return series::fixedDecimals(seconds / 60.0, 0);
}

} // namespace

std::vector<ChangeWindow> changeWindows(const std::vector<engine::AuditEntry>& audit,
                                        engine::TimeMs start, engine::TimeMs opensAt) {
    std::vector<ChangeWindow> out;
    for (const engine::AuditEntry& e : audit) {
        if (!changesRate(e.field)) {
            continue;
        }
        const double at = static_cast<double>(e.at - start) / 1000.0;
        const std::string what = e.field + " " + e.oldValue + " -> " + e.newValue;
        if (!out.empty() && out.back().fromSeconds == at) {
            out.back().what += ", " + what; // one change of several fields
            continue;
        }
        const double sinceOpening = static_cast<double>(e.at - opensAt) / 1000.0;
        out.push_back(ChangeWindow{at, at + kChangeWindowSeconds,
                                   "at +" + minutes(sinceOpening) + " min: " + what});
    }
    for (std::size_t i = 0; i + 1 < out.size(); ++i) {
        out[i].toSeconds = std::min(out[i].toSeconds, out[i + 1].fromSeconds);
    }
    return out;
}

EstimateScorer::EstimateScorer(std::vector<ChangeWindow> changes)
    : m_changes(std::move(changes)), m_arrival(std::size(kArrivalBuckets)),
      m_change(m_changes.size()) {}

void EstimateScorer::addTo(Group& g, const PersonRecord& p) const {
    ++g.people;
    if (!p.admittedSeconds || !p.scored || !p.scored->seconds) {
        return;
    }
    const double real = *p.admittedSeconds - p.scored->atSeconds;
    if (real < kMinWaitForEstimateErrorSeconds) {
        return;
    }
    const double shown = *p.scored->seconds;
    g.error.push_back(std::abs(shown - real) / real);
    g.ratio.push_back(shown / real);
    g.shown.push_back(shown);
    g.real.push_back(real);
    if (p.scored->lowSeconds && p.scored->highSeconds && real >= *p.scored->lowSeconds &&
        real <= *p.scored->highSeconds) {
        ++g.inRange;
    }
    if (p.first && p.first->seconds) {
        const double firstReal = *p.admittedSeconds - p.first->atSeconds;
        g.firstError.push_back(std::abs(*p.first->seconds - firstReal) / firstReal);
    }
}

void EstimateScorer::add(const PersonRecord& p) {
    const double sinceOpeningMinutes = p.sinceOpeningSeconds / 60.0;
    std::size_t b = 0;
    while (sinceOpeningMinutes >= kArrivalBuckets[b].toMinutes) {
        ++b;
    }
    addTo(m_arrival[b], p);
    for (std::size_t i = 0; i < m_changes.size(); ++i) {
        if (p.arrivalSeconds >= m_changes[i].fromSeconds &&
            p.arrivalSeconds < m_changes[i].toSeconds) {
            addTo(m_change[i], p);
        }
    }
    if (p.outcome == PersonOutcome::GaveUp || p.outcome == PersonOutcome::LeftOnEstimate) {
        ++m_gaveUp;
        m_gaveWaited.push_back(p.waitedSeconds);
        if (p.first && p.first->seconds) {
            m_gaveFirst.push_back(*p.first->seconds);
        }
        if (p.last && p.last->seconds && p.last->position > 0) {
            m_gaveLast.push_back(*p.last->seconds);
            m_gavePosition.push_back(static_cast<double>(p.last->position));
        }
    }
}

EstimateScores EstimateScorer::finish() const {
    auto score = [](const Group& g, std::string label) {
        EstimateScore s;
        s.label = std::move(label);
        s.people = g.people;
        s.scored = g.error.size();
        s.error = describe(g.error);
        s.ratio = describe(g.ratio);
        s.shownSeconds = describe(g.shown);
        s.realSeconds = describe(g.real);
        s.rangeCoverage =
            s.scored > 0 ? static_cast<double>(g.inRange) / static_cast<double>(s.scored) : 0.0;
        s.firstErrorP50 = describe(g.firstError).p50;
        return s;
    };
    EstimateScores out;
    for (std::size_t b = 0; b < m_arrival.size(); ++b) {
        out.byArrival.push_back(score(m_arrival[b], kArrivalBuckets[b].label));
    }
    for (std::size_t i = 0; i < m_change.size(); ++i) {
        out.byChange.push_back(score(m_change[i], "after the change " + m_changes[i].what));
    }
    out.gaveUp.people = m_gaveUp;
    out.gaveUp.waitedSeconds = describe(m_gaveWaited);
    out.gaveUp.firstToldSeconds = describe(m_gaveFirst);
    out.gaveUp.lastToldSeconds = describe(m_gaveLast);
    out.gaveUp.lastPosition = describe(m_gavePosition);
    return out;
}

EstimateScores scoreEstimates(const Simulation& sim,
                              const std::function<void(const PersonRecord&)>& alsoVisit) {
    const engine::EventConfig& event = sim.scenario().event;
    engine::TimeMs opensAt = event.opensAt;
    if (!event.cohorts.empty()) {
        opensAt = event.cohorts.front().opensAt;
        for (const engine::CohortWindow& c : event.cohorts) {
            opensAt = std::min(opensAt, c.opensAt);
        }
    }
    EstimateScorer scorer(changeWindows(sim.engine().audit(), sim.start(), opensAt));
    sim.forEachPerson([&](const PersonRecord& p) {
        scorer.add(p);
        if (alsoVisit) {
            alsoVisit(p);
        }
    });
    return scorer.finish();
}

std::string scoresText(const EstimateScores& scores) {
    std::string out = "estimate shown vs the wait that followed (first figure after the last "
                      "operator change; people who then waited >= 1 min):\n";
    char row[512];
    std::snprintf(row, sizeof row, "  %-28s %9s %9s %8s %8s %10s %9s %9s %9s\n", "who", "people",
                  "scored", "err p50", "err p90", "shown/real", "in range", "shown p50",
                  "waited p50");
    out += row;
    auto line = [&](const EstimateScore& s) {
        std::snprintf(row, sizeof row,
                      "  %-28s %9" PRIu64 " %9" PRIu64 " %7.1f%% %7.1f%% %10.2f %8.1f%% %6.0f min "
                      "%6.0f min\n",
                      s.label.c_str(), s.people, s.scored, s.error.p50 * 100, s.error.p90 * 100,
                      s.ratio.p50, s.rangeCoverage * 100, s.shownSeconds.p50 / 60,
                      s.realSeconds.p50 / 60);
        out += row;
    };
    for (const EstimateScore& s : scores.byArrival) {
        line(s);
    }
    for (const EstimateScore& s : scores.byChange) {
        out += "  " + s.label + ":\n";
        EstimateScore copy = s;
        copy.label = "  arrived before the next (1 h)";
        line(copy);
    }
    const GaveUpScore& g = scores.gaveUp;
    std::snprintf(row, sizeof row,
                  "  gave up: %" PRIu64 " people after waiting %s min (median; p90 %s); first "
                  "told %s min, last told %s min still to wait, %s places from the front "
                  "(medians)\n",
                  g.people, minutes(g.waitedSeconds.p50).c_str(),
                  minutes(g.waitedSeconds.p90).c_str(), minutes(g.firstToldSeconds.p50).c_str(),
                  minutes(g.lastToldSeconds.p50).c_str(),
                  series::fixedDecimals(g.lastPosition.p50, 0).c_str());
    out += row;
    return out;
}

} // namespace sluice::sim
