// SPDX-License-Identifier: Apache-2.0
// The people of a run as plain records (people.csv, the estimate's scoring): made one at a
// time from the compact per-person state the event loop keeps.
#include "simulation.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace sluice::sim {
namespace {

// The trail's sentinels (none shown, words shown) read as "no figure".
std::optional<double> figure(std::uint32_t s) {
    if (s >= 0xFFFF'FFFEu) {
        return std::nullopt;
    }
    return static_cast<double>(s);
}

} // namespace

std::string_view nameOf(PersonOutcome outcome) {
    switch (outcome) {
    case PersonOutcome::Booked:
        return "booked";
    case PersonOutcome::GaveUp:
        return "gave_up";
    case PersonOutcome::LeftOnEstimate:
        return "left_on_estimate";
    case PersonOutcome::FailedAfterAdmission:
        return "failed_after_admission";
    case PersonOutcome::SessionExpired:
        return "session_expired";
    case PersonOutcome::Refused:
        return "refused";
    case PersonOutcome::StillJoining:
        return "joining";
    case PersonOutcome::StillQueued:
        return "queued";
    case PersonOutcome::StillClaiming:
        return "claiming";
    case PersonOutcome::StillInBackend:
        return "in_backend";
    }
    return "?";
}

PersonRecord Simulation::recordOf(std::uint32_t id) const {
    const Person& p = m_people[id];
    const Trail& t = m_trails[id];
    PersonRecord r;
    r.id = id;
    r.arrivalSeconds = static_cast<double>(p.arriveMs) / 1000.0;
    const engine::EventConfig& event = m_scenario.event;
    const engine::TimeMs opensAt =
        event.cohorts.empty() ? event.opensAt : event.cohorts[p.cohort].opensAt;
    r.sinceOpeningSeconds =
        static_cast<double>(m_scenario.start + engine::TimeMs{p.arriveMs} - opensAt) / 1000.0;
    r.cheat = p.cheat;
    r.bypassed = (p.flags & kBypassed) != 0;
    switch (p.outcome) {
    case Outcome::Booked:
        r.outcome = PersonOutcome::Booked;
        break;
    case Outcome::GaveUp:
        r.outcome = PersonOutcome::GaveUp;
        break;
    case Outcome::LeftOnEstimate:
        r.outcome = PersonOutcome::LeftOnEstimate;
        break;
    case Outcome::FailedAfterAdmission:
        r.outcome = PersonOutcome::FailedAfterAdmission;
        break;
    case Outcome::SessionExpired:
        r.outcome = PersonOutcome::SessionExpired;
        break;
    case Outcome::None:
        r.outcome = p.phase == Phase::Queued     ? PersonOutcome::StillQueued
                    : p.phase == Phase::Claiming ? PersonOutcome::StillClaiming
                    : p.phase == Phase::Backend  ? PersonOutcome::StillInBackend
                    : p.phase == Phase::Joining  ? PersonOutcome::StillJoining
                                                 : PersonOutcome::Refused;
        break;
    }
    const bool inLine = p.phase == Phase::Queued || p.phase == Phase::Joining;
    if ((p.flags & kAdmitted) != 0) {
        r.admittedSeconds = static_cast<double>(p.leftQueueMs) / 1000.0;
    }
    if (!inLine && p.seq != kNoTicket) {
        r.leftQueueSeconds = static_cast<double>(p.leftQueueMs) / 1000.0;
    }
    const double endS = r.leftQueueSeconds.value_or(static_cast<double>(relMs()) / 1000.0);
    r.waitedSeconds = endS - r.arrivalSeconds;
    if (p.shownEstimateS != kNoEstimate) {
        r.first = ShownEstimate{static_cast<double>(p.estimateAtMs) / 1000.0,
                                static_cast<double>(p.shownEstimateS), figure(t.firstLowS),
                                figure(t.firstHighS), t.firstPosition};
    }
    if (t.scoredS != kNoEstimate) {
        r.scored = ShownEstimate{static_cast<double>(t.scoredAtMs) / 1000.0, figure(t.scoredS),
                                 figure(t.scoredLowS), figure(t.scoredHighS), 0};
    }
    if (p.lastS != kNoEstimate) {
        r.last = ShownEstimate{static_cast<double>(p.lastAtMs) / 1000.0, figure(p.lastS),
                               figure(p.lastLowS), figure(p.lastHighS), p.lastPosition};
    }
    return r;
}

void Simulation::forEachPerson(const std::function<void(const PersonRecord&)>& visit) const {
    for (std::uint32_t id = 0; id < m_people.size(); ++id) {
        visit(recordOf(id));
    }
}

void Simulation::forEachPersonByArrival(
    const std::function<void(const PersonRecord&)>& visit) const {
    const auto earlier = [this](std::uint32_t a, std::uint32_t b) {
        return m_people[a].arriveMs < m_people[b].arriveMs;
    };
    const auto byArrival = [](const Person& a, const Person& b) { return a.arriveMs < b.arriveMs; };
    if (std::is_sorted(m_people.begin(), m_people.end(), byArrival)) {
        forEachPerson(visit);
        return;
    }
    std::vector<std::uint32_t> order(m_people.size());
    std::iota(order.begin(), order.end(), std::uint32_t{0});
    std::stable_sort(order.begin(), order.end(), earlier);
    for (const std::uint32_t id : order) {
        visit(recordOf(id));
    }
}

} // namespace sluice::sim
