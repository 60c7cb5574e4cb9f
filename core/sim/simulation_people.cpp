// SPDX-License-Identifier: Apache-2.0
// The people and their pages: arriving, joining, polling, reacting to the estimate shown,
// retrying after errors, leaving the queue. Claiming and the backend: simulation_backend.cpp.
#include "round_seconds.h"
#include "simulation.h"

#include <algorithm>
#include <cmath>

namespace sluice::sim {
namespace {

using engine::kMsPerSecond;
using engine::TicketState;
using engine::TimeMs;

constexpr TimeMs kMaxBackoffMs = 60 * kMsPerSecond;
constexpr std::uint32_t kDonorEvery = 997; // one honest person in ~1000 holds real tokens

} // namespace

double Simulation::uniformFor(std::uint32_t id, std::uint64_t salt) const {
    return engine::unitOpen(engine::mix64(m_seed ^ (std::uint64_t{id} << 20) ^ salt));
}

std::optional<int> Simulation::birthDateOf(const Person& p) const {
    if (m_scenario.event.cohorts.empty()) {
        return std::nullopt;
    }
    return m_scenario.event.cohorts[p.cohort].bornFrom;
}

void Simulation::arrive(const Arrival& arrival) {
    const auto id = static_cast<std::uint32_t>(m_people.size());
    Person& p = m_people.emplace_back();
    m_trails.emplace_back();
    p.arriveMs = arrival.atMs;
    p.cohort = arrival.cohort;
    if (m_fair != nullptr) {
        fairArrive(id, false, 0);
    }
    const Clients& c = m_scenario.clients;
    if (c.patienceMedianSeconds > 0) {
        const double z = engine::standardNormal(uniformFor(id, 1), uniformFor(id, 2));
        const double seconds = c.patienceMedianSeconds * std::exp(c.patienceSpread * z);
        p.patience4s = static_cast<std::uint16_t>(std::clamp(seconds / 4.0, 1.0, 65535.0));
    }
    if (uniformFor(id, 3) < c.cheaterShare) {
        const CheatMix& m = c.cheats;
        const double weights[kCheatKinds] = {m.airplaneMode, m.devConsole, m.directLink,
                                             m.forgedToken, m.sharedToken};
        const double total = weights[0] + weights[1] + weights[2] + weights[3] + weights[4];
        if (total > 0) {
            double pick = uniformFor(id, 4) * total;
            std::size_t k = 0;
            while (k + 1 < kCheatKinds && pick >= weights[k]) {
                pick -= weights[k++];
            }
            p.cheat = static_cast<Cheat>(k + 1);
        }
    } else if (!m_scenario.clientSideEnforcement && id % kDonorEvery == kDonorEvery - 1) {
        p.flags |= kDonor;
    }
    onJoin(id);
}

void Simulation::retryLater(std::uint32_t id, Kind kind) {
    Person& p = m_people[id];
    const Clients& c = m_scenario.clients;
    if (c.failOpenAfterErrors > 0 && p.errors + 1 >= c.failOpenAfterErrors &&
        (kind == Kind::Join || kind == Kind::Poll)) {
        // The page gives up on the queue and goes ahead. Only the old design lets it in.
        if (m_scenario.clientSideEnforcement) {
            ++m_failedOpen;
            p.flags |= kBypassed;
            leaveQueue(p);
            p.phase = Phase::Backend;
            p.errors = 0;
            scheduleBackend(id, m_now + pageLoadMs());
            return;
        }
        (void)gateLetsIn(Cheat::DirectLink); // no token: refused; the page keeps its ticket
    }
    auto delay = static_cast<TimeMs>(c.retrySeconds * 1000.0);
    // A blank booking page is reloaded by a person, not by a script: people slow down
    // after a few failures whatever the agent does.
    bool slowest = false; // backed off as far as it goes
    if (c.backoff || kind == Kind::Backend) {
        // Exponential backoff with full jitter around it (what Retry-After asks for).
        const int exponent = std::min<int>(p.errors, 6);
        delay = std::min(kMaxBackoffMs, delay << exponent);
        slowest = delay == kMaxBackoffMs;
        delay = delay / 2 + static_cast<TimeMs>(m_rng.below(static_cast<std::uint64_t>(delay) + 1));
    }
    if (p.errors < 255) {
        ++p.errors;
    }
    if (kind == Kind::Poll) {
        schedulePoll(id, m_now + delay);
    } else if (kind == Kind::Backend) {
        // At the slowest pace, a reload of a full site joins the orbit (counted, not simulated).
        static_assert(kMaxBackoffMs == ReloadOrbit::kPeriodMs, "the orbit's period is the mean");
        if (!slowest || !enterReloadOrbit(id, m_now + delay)) {
            scheduleBackend(id, m_now + delay);
        }
    } else {
        m_calendar.schedule(m_now + delay, Event{id, kind});
    }
}

void Simulation::schedulePoll(std::uint32_t id, TimeMs at) {
    at = std::max(at, m_now + 1); // as the calendar does
    m_people[id].pollDueMs = static_cast<std::uint32_t>(at - m_scenario.start);
    m_calendar.schedule(at, Event{id, Kind::Poll});
}

void Simulation::onJoin(std::uint32_t id) {
    if (m_fair != nullptr && !fairBeforeRequest(id)) {
        return; // solving the challenge first
    }
    Person& p = m_people[id];
    if (!m_servers.offer()) {
        retryLater(id, Kind::Join);
        return;
    }
    if (m_fair != nullptr && !fairAdmitJoin(id)) {
        return; // refused by the per-address limit
    }
    p.errors = 0;
    engine::Result<engine::TicketView> view = engine::Status::notFound("no join yet");
    if ((p.flags & kDonor) != 0) {
        auto joined = m_room.join(m_now, birthDateOf(p));
        if (joined.isOk()) {
            m_donorTicket[id] = joined->ticket;
            view = joined->view;
        } else {
            view = joined.status();
        }
    } else {
        view = m_room.engine().join(m_now, birthDateOf(p));
    }
    if (!view.isOk()) {
        p.phase = Phase::Done; // the engine refused the person (e.g. outside every cohort)
        return;
    }
    p.seq = view->seq;
    if (m_personOfSeq.size() <= p.seq) {
        m_personOfSeq.resize(p.seq + 1, kNoTicket);
    }
    m_personOfSeq[p.seq] = id;
    p.phase = Phase::Queued;
    const engine::QueueEngine& e = m_room.engine();
    if (e.waitingCount() == 1 && e.activeSessions() + e.admittedUnclaimed() <
                                     static_cast<std::uint64_t>(e.config().capacity)) {
        m_tickWanted = true; // alone in line with a slot free: in now, not at the next tick
    }
    p.queuedMs = static_cast<std::uint32_t>(relMs());
    ++m_peopleQueued;
    if (m_fair != nullptr) {
        fairJoined(id);
    }
    if (p.cheat != Cheat::None && (p.flags & kCheated) == 0) {
        const auto after = static_cast<TimeMs>(5000 + uniformFor(id, 5) * 55'000);
        m_calendar.schedule(m_now + after, Event{id, Kind::Cheat});
    }
    afterView(id, view.value());
}

void Simulation::onPoll(std::uint32_t id) {
    Person& p = m_people[id];
    if (p.stretchPeriodMs != 0) {
        p.stretchPeriodMs = 0; // the poll that ends a quiet stretch
        --m_stretches;
    }
    if (outOfPatience(p)) {
        giveUp(id, Outcome::GaveUp);
        return;
    }
    if (!m_servers.offer()) {
        retryLater(id, Kind::Poll);
        return;
    }
    p.errors = 0;
    if (m_scenario.clientSideEnforcement && m_scenario.clients.pollPolicy == PollPolicy::Fixed) {
        // The old agent showed a place and its own arithmetic, nothing the engine estimates.
        auto place = m_room.engine().pollPlace(m_now, p.seq);
        if (place.isOk()) {
            // Only the place is filled in; the rest stays as constructed once (zeroing a
            // fresh 96-byte view per poll was a quarter of this function on the 2021 night).
            engine::TicketView& view = m_placeView;
            view.seq = p.seq;
            view.state = place->state;
            view.position = place->position;
            view.preQueueSize = place->preQueueSize;
            view.opensAt = place->opensAt;
            afterView(id, view);
        }
        return;
    }
    auto view = m_room.engine().poll(m_now, p.seq);
    if (view.isOk()) {
        afterView(id, view.value());
    }
}

// What a page does with an answer: shows the estimate (and the person reacts to it), goes
// on when admitted, or polls again when told to.
void Simulation::afterView(std::uint32_t id, const engine::TicketView& view) {
    Person& p = m_people[id];
    switch (view.state) {
    case TicketState::Admitted:
        learnAdmission(id);
        return;
    case TicketState::Waiting:
    case TicketState::PreQueued:
        break;
    default:
        // The engine dropped the place (the page was silent past the idle timeout): the
        // page joins again, at the back.
        ++m_placesLost;
        leaveQueue(p);
        p.phase = Phase::Joining;
        m_calendar.schedule(m_now + 1, Event{id, Kind::Join});
        return;
    }
    const std::optional<double> shown = shownEstimate(view);
    recordShown(id, view, shown);
    const Clients& c = m_scenario.clients;
    if (shown && *shown > c.hugeEstimateSeconds && (p.flags & kSawHuge) == 0 && !isBot(id)) {
        p.flags |= kSawHuge;
        if (uniformFor(id, 6) >= c.refreshShareOnHugeEstimate) {
            giveUp(id, Outcome::LeftOnEstimate);
            return;
        }
        ++m_refreshes;
        if (m_scenario.clientSideEnforcement) {
            // The old agent issued a new key on reload: back of the queue.
            (void)m_room.engine().leave(m_now, p.seq);
            leaveQueue(p);
            p.phase = Phase::Joining;
            m_calendar.schedule(m_now + pageLoadMs(), Event{id, Kind::Join});
            return;
        }
        // Under Sluice a reload asks again with the same ticket: same place.
    }
    TimeMs next = view.pollAfterMs;
    if (c.pollPolicy == PollPolicy::Fixed) {
        next = TimeMs{c.fixedPollSeconds} * kMsPerSecond;
    }
    pollAgain(id, std::max<TimeMs>(next, 1), view, shown);
}

// Keeps what the page showed for scoring: the first figure with a place in line, the first
// after an operator change, the last.
void Simulation::recordShown(std::uint32_t id, const engine::TicketView& view,
                             const std::optional<double>& shown) {
    Person& p = m_people[id];
    const auto at = static_cast<std::uint32_t>(relMs());
    const bool ranged = shown && !m_scenario.clientSideEnforcement;
    const std::uint32_t s = shown ? roundSecondsU32(*shown) : kUnknownEstimate;
    const std::uint32_t low = ranged ? roundSecondsU32(view.wait.lowSeconds) : kNoEstimate;
    const std::uint32_t high = ranged ? roundSecondsU32(view.wait.highSeconds) : kNoEstimate;
    const auto position = static_cast<std::uint32_t>(std::min<std::uint64_t>(view.position, ~0u));
    p.lastS = s;
    p.lastLowS = low;
    p.lastHighS = high;
    p.lastAtMs = at;
    p.lastPosition = position;
    if (!shown || view.state != TicketState::Waiting) {
        return; // words, or the pre-queue's range: scored from the first figure in line
    }
    if (p.shownEstimateS == kNoEstimate) {
        Trail& t = m_trails[id];
        p.shownEstimateS = s;
        p.estimateAtMs = at;
        t.firstLowS = low;
        t.firstHighS = high;
        t.firstPosition = position;
    } else if ((p.flags & kRescore) == 0) {
        return;
    }
    p.flags &= static_cast<std::uint8_t>(~kRescore);
    Trail& t = m_trails[id];
    t.scoredS = s;
    t.scoredLowS = low;
    t.scoredHighS = high;
    t.scoredAtMs = at;
}

// Inlined into afterView(), its one caller: returned through memory, the division's result
// stalled every poll of the 2021 night (8 % of its profile).
[[gnu::always_inline]] inline std::optional<double>
Simulation::shownEstimate(const engine::TicketView& view) const {
    if (!m_scenario.clientSideEnforcement) {
        if (!view.wait.known || view.paused) {
            return std::nullopt; // the page says "unknown" or "paused", not a figure
        }
        return view.wait.seconds;
    }
    // The old agent: people ahead ÷ last second's admissions, a rate of 0 taken as 1.
    const double rate = std::max(1.0, m_lastSecondAdmits);
    if (view.state == TicketState::PreQueued) {
        const double untilOpen = static_cast<double>(view.opensAt - m_now) / 1000.0;
        return untilOpen +
               static_cast<double>(m_room.engine().waitingCount() + view.preQueueSize / 2) / rate;
    }
    return static_cast<double>(view.position) / rate;
}

void Simulation::leaveQueue(Person& p) {
    if (p.phase == Phase::Queued) {
        cutStretch(static_cast<std::uint32_t>(&p - m_people.data()), false);
        p.leftQueueMs = static_cast<std::uint32_t>(relMs());
        --m_peopleQueued;
        m_queuedMsSum += static_cast<std::uint64_t>(relMs() - p.queuedMs);
    }
}

void Simulation::learnAdmission(std::uint32_t id) {
    Person& p = m_people[id];
    leaveQueue(p);
    m_realisedMsThisSecond += static_cast<std::uint64_t>(relMs() - p.arriveMs);
    ++m_realisedThisSecond;
    p.phase = Phase::Claiming;
    p.flags |= kAdmitted;
    if (isBot(id)) {
        if (m_admitted < kFirstPlaces) {
            ++m_fairTally.botsInFirstPlaces;
        }
        ++m_fairTally.botsAdmitted;
    }
    ++m_admitted;
    m_calendar.schedule(m_now + 1, Event{id, Kind::Claim});
}

void Simulation::giveUp(std::uint32_t id, Outcome outcome) {
    Person& p = m_people[id];
    (void)m_servers.offer(); // the page's "leave" (a beacon: its answer does not matter)
    if (p.seq != kNoTicket) {
        (void)m_room.engine().leave(m_now, p.seq);
    }
    leaveQueue(p);
    if (comeBackLater(id)) {
        return;
    }
    p.phase = Phase::Done;
    p.outcome = outcome;
    if (outcome == Outcome::GaveUp) {
        ++m_gaveUp;
    } else if (outcome == Outcome::LeftOnEstimate) {
        ++m_leftOnEstimate;
    }
}

// Some of those who give up try again at the next wave of arrivals (the announced
// reopening, the next morning): a fresh start, with their patience counted from then.
bool Simulation::comeBackLater(std::uint32_t id) {
    const double share = m_scenario.clients.comeBackShare;
    if (share <= 0) {
        return false;
    }
    const ArrivalWave* next = nullptr;
    for (const ArrivalWave& w : m_scenario.population.waves) {
        if (w.at > m_now && (next == nullptr || w.at < next->at)) {
            next = &w;
        }
    }
    // A draw per person and wave, so that coming back once says nothing about the next.
    if (next == nullptr || uniformFor(id, 7 ^ static_cast<std::uint64_t>(next->at)) >= share) {
        return false;
    }
    const double spreadMs = -std::log(uniformFor(id, 8 ^ static_cast<std::uint64_t>(next->at))) *
                            next->spikeSeconds * 1000.0 / 3.0;
    const TimeMs at = next->at + static_cast<TimeMs>(spreadMs);
    Person& p = m_people[id];
    p.phase = Phase::Joining;
    p.arriveMs = static_cast<std::uint32_t>(at - m_scenario.start);
    p.seq = kNoTicket;
    p.shownEstimateS = kNoEstimate;
    p.flags &= static_cast<std::uint8_t>(~(kSawHuge | kRescore));
    p.errors = 0;
    p.lastS = p.lastLowS = p.lastHighS = kNoEstimate;
    p.lastAtMs = p.lastPosition = 0;
    m_trails[id] = Trail{};
    if (m_fair != nullptr) {
        m_fairPeople[id].firstJoinMs = kNotJoined; // timed from the new arrival
    }
    m_calendar.schedule(at, Event{id, Kind::Join});
    return true;
}

} // namespace sluice::sim
