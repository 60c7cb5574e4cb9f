// SPDX-License-Identifier: Apache-2.0
#include "simulation.h"

#include "tokens/base64url.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sluice::sim {
namespace {

using engine::kMsPerSecond;
using engine::TicketState;
using engine::TimeMs;

constexpr TimeMs kTickMs = 100;
constexpr TimeMs kMaxBackoffMs = 60 * kMsPerSecond;
constexpr TimeMs kAirplaneOfflineMs = 3000; // the incident's "3 seconds of airplane mode"
constexpr std::uint32_t kDonorEvery = 997;  // one honest person in ~1000 holds real tokens

std::uint32_t clampU32(double v) {
    if (!(v > 0)) {
        return 0;
    }
    return v >= 4.0e9 ? 4'000'000'000u : static_cast<std::uint32_t>(v);
}

} // namespace

std::string_view nameOf(Cheat cheat) {
    switch (cheat) {
    case Cheat::None:
        return "none";
    case Cheat::AirplaneMode:
        return "airplaneMode";
    case Cheat::DevConsole:
        return "devConsole";
    case Cheat::DirectLink:
        return "directLink";
    case Cheat::ForgedToken:
        return "forgedToken";
    case Cheat::SharedToken:
        return "sharedToken";
    }
    return "?";
}

engine::Result<std::unique_ptr<Simulation>> Simulation::create(const Scenario& scenario) {
    // Keys from the seed: a run is reproducible down to the tokens it signs.
    engine::SplitMix64 keyRng(engine::mix64(scenario.seed ^ 0x6B65'7973ULL));
    tokens::ServerKeys keys;
    for (auto& b : keys.ticketKey) {
        b = static_cast<std::uint8_t>(keyRng.next());
    }
    tokens::Ed25519Seed edSeed{};
    for (auto& b : edSeed) {
        b = static_cast<std::uint8_t>(keyRng.next());
    }
    auto pair = tokens::Ed25519KeyPair::fromSeed(edSeed);
    if (!pair.isOk()) {
        return pair.status();
    }
    keys.admissionKey = std::move(pair).value();
    engine::EventConfig config = scenario.event;
    config.shuffleSeed = engine::mix64(scenario.seed ^ 0x5348'5546ULL);
    auto room = room::WaitingRoom::create(std::move(config), keys, "https://sim.sluice.invalid",
                                          scenario.start);
    if (!room.isOk()) {
        return room.status();
    }
    return std::unique_ptr<Simulation>(new Simulation(scenario, std::move(room).value()));
}

Simulation::Simulation(const Scenario& scenario, room::WaitingRoom room)
    : m_scenario(scenario), m_room(std::move(room)), m_now(scenario.start),
      m_calendar(scenario.start),
      m_servers(scenario.queueServers.nodes, scenario.queueServers.requestsPerSecondPerNode,
                engine::mix64(scenario.seed ^ 0x5345'5256ULL)),
      m_rng(engine::mix64(scenario.seed ^ 0x434C'4945ULL)), m_seed(scenario.seed) {
    m_arrivals = drawArrivals(scenario, scenario.seed);
    m_people.reserve(m_arrivals.size());
    m_personOfSeq.reserve(m_arrivals.size() + m_arrivals.size() / 8);
    m_samples.reserve(static_cast<std::size_t>(scenario.durationSeconds) + 1);
}

Simulation::~Simulation() = default;

TimeMs Simulation::end() const {
    return m_scenario.start + TimeMs{m_scenario.durationSeconds} * kMsPerSecond;
}

std::unique_ptr<Simulation> Simulation::fork() const {
    return std::unique_ptr<Simulation>(new Simulation(*this));
}

std::size_t Simulation::memoryBytes() const {
    return m_room.engine().memoryBytes() + m_people.capacity() * sizeof(Person) +
           m_personOfSeq.capacity() * sizeof(std::uint32_t) +
           m_arrivals.capacity() * sizeof(Arrival) + m_calendar.memoryBytes() +
           m_samples.capacity() * sizeof(SimSample);
}

double Simulation::uniformFor(std::uint32_t id, std::uint64_t salt) const {
    return engine::unitOpen(engine::mix64(m_seed ^ (std::uint64_t{id} << 20) ^ salt));
}

std::optional<int> Simulation::birthDateOf(const Person& p) const {
    if (m_scenario.event.cohorts.empty()) {
        return std::nullopt;
    }
    return m_scenario.event.cohorts[p.cohort].bornFrom;
}

double Simulation::serviceSeconds() {
    const Backend& b = m_scenario.backend;
    const double u = engine::unitOpen(m_rng.next());
    if (b.distribution == ServiceDistribution::Exponential) {
        return -b.serviceSecondsMean * std::log(u);
    }
    // Lognormal with the given mean: median = mean × exp(−σ²/2).
    const double z = engine::standardNormal(u, engine::unitOpen(m_rng.next()));
    const double s = b.serviceSecondsSigma;
    return b.serviceSecondsMean * std::exp(s * z - s * s / 2.0);
}

void Simulation::runUntil(TimeMs until, const std::function<void(double)>& progress) {
    until = std::min(until, end());
    const double total = static_cast<double>(end() - m_scenario.start);
    while (m_now < until) {
        stepMillisecond();
        if (progress && (m_now - m_scenario.start) % 60'000 == 0) {
            progress(static_cast<double>(m_now - m_scenario.start) / total);
        }
    }
    if (progress) {
        progress(static_cast<double>(m_now - m_scenario.start) / total);
    }
}

// One millisecond: the second's bookkeeping, the plan, arrivals, the people's events, and
// the engine's tick every 100 ms (or at once when a slot came free and pages are pushed).
void Simulation::stepMillisecond() {
    const TimeMs rel = relMs();
    if (rel % kMsPerSecond == 0) {
        everySecond();
    }
    applyPlan();
    while (m_nextArrival < m_arrivals.size() && m_arrivals[m_nextArrival].atMs <= rel) {
        arrive(m_arrivals[m_nextArrival++]);
        ++m_events;
    }
    dispatchAll(m_calendar.take(m_now));
    if (rel % kTickMs == 0 || m_tickWanted) {
        tickEngine();
    }
    ++m_now;
}

// Events touch people and tickets all over memory. While one millisecond is processed,
// the people of the next one are fetched (the calendar knows them already), and the
// tickets of this one a few events ahead, whose people were fetched a millisecond ago.
// Spread over the loop rather than issued at once, so the core's few outstanding-miss
// slots are never flooded.
void Simulation::dispatchAll(const std::vector<Event>& due) {
    constexpr std::size_t kAhead = 10;
    const std::vector<Event>* next = m_calendar.peek(m_now + 1);
    const std::size_t nextCount = next != nullptr ? next->size() : 0;
    auto fetchTicket = [&](std::size_t i) {
        const std::uint32_t seq = m_people[due[i].person].seq;
        if (seq != kNoTicket) {
            m_room.engine().prefetch(seq);
        }
    };
    for (std::size_t i = 0; i < due.size() && i < kAhead; ++i) {
        fetchTicket(i);
    }
    for (std::size_t i = 0; i < due.size(); ++i) {
        if (i + kAhead < due.size()) {
            fetchTicket(i + kAhead);
        }
        if (i < nextCount) {
            __builtin_prefetch(&m_people[(*next)[i].person]);
        }
        dispatch(due[i]);
    }
    for (std::size_t i = due.size(); i < nextCount; ++i) {
        __builtin_prefetch(&m_people[(*next)[i].person]);
    }
}

void Simulation::tickEngine() {
    m_tickWanted = false;
    ++m_events;
    const bool push = m_scenario.clients.notifyOnAdmission;
    m_pushed.clear();
    m_room.engine().tick(m_now, push ? &m_pushed : nullptr);
    for (const engine::TicketSeq seq : m_pushed) {
        const std::uint32_t id = m_personOfSeq[seq];
        if (m_people[id].phase == Phase::Queued && m_people[id].seq == seq) {
            learnAdmission(id);
        }
    }
}

void Simulation::everySecond() {
    ++m_events;
    for (auto it = m_scaleOuts.begin(); it != m_scaleOuts.end();) {
        if (it->at <= m_now) {
            m_servers.setNodes(it->nodes);
            it = m_scaleOuts.erase(it);
        } else {
            ++it;
        }
    }
    m_servers.startSecond();
    if (m_now == m_scenario.start) {
        m_room.engine().sampleMetrics(m_now); // starts the sampler's interval
        return;
    }
    const engine::MetricsSnapshot snap = m_room.engine().sampleMetrics(m_now);
    m_lastSecondAdmits = snap.admitsPerSecond;
    SimSample s;
    s.at = m_now;
    s.waiting = snap.waiting;
    s.preQueued = snap.preQueued;
    s.activeSessions = snap.activeSessions;
    s.admittedUnclaimed = snap.admittedUnclaimed;
    s.capacity = snap.capacity;
    s.admissionRatePerMinute = snap.admissionRatePerMinute;
    s.paused = snap.paused;
    s.joinsPerSecond = snap.joinsPerSecond;
    s.admitsPerSecond = snap.admitsPerSecond;
    s.engineEstimateSeconds = snap.newArrivalWait.known ? snap.newArrivalWait.seconds : 0.0;
    if (m_scenario.clientSideEnforcement) {
        s.shownEstimateSeconds = static_cast<double>(snap.waiting + snap.preQueued) /
                                 std::max(1.0, snap.admitsPerSecond);
    } else {
        s.shownEstimateSeconds = s.engineEstimateSeconds;
    }
    if (m_realisedThisSecond > 0) {
        m_lastRealisedWaitSeconds = static_cast<double>(m_realisedMsThisSecond) /
                                    static_cast<double>(m_realisedThisSecond) / 1000.0;
        m_realisedMsThisSecond = 0;
        m_realisedThisSecond = 0;
    }
    s.realisedWaitSeconds = m_lastRealisedWaitSeconds;
    s.peopleQueued = m_peopleQueued;
    s.nodes = m_servers.nodes();
    s.queueRequests = m_servers.lastSecondOffered();
    s.queueErrors = m_servers.lastSecondFailed();
    m_queueErrorsTotal += s.queueErrors;
    s.backendBusy = m_backendBusy;
    s.backendCapacity = m_scenario.backend.capacity;
    s.backendErrors = m_backendErrorsThisSecond;
    m_backendErrorsThisSecond = 0;
    s.bookedTotal = m_booked;
    s.gaveUpTotal = m_gaveUp + m_leftOnEstimate;
    for (std::size_t k = 0; k < kCheatKinds; ++k) {
        s.cheatAttemptsTotal += m_cheatsAttempted[k];
        s.cheatSuccessesTotal += m_cheatsSucceeded[k];
    }
    for (const std::uint64_t n : snap.tokenRejections) {
        s.rejectedTokensTotal += n;
    }
    m_queuedSampleSum += m_peopleQueued;
    m_samples.push_back(s);
}

void Simulation::applyPlan() {
    while (m_nextPlanStep < m_scenario.plan.size() && m_scenario.plan[m_nextPlanStep].at <= m_now) {
        const PlanStep& step = m_scenario.plan[m_nextPlanStep++];
        ++m_events;
        if (!step.change.empty()) {
            // A plan step the engine refuses is skipped; the audit trail shows what applied.
            (void)applyControl(step.operatorName, step.change);
        }
        if (step.scaleOutToNodes) {
            scaleOut(*step.scaleOutToNodes, step.provisioningSeconds);
        }
    }
}

engine::Status Simulation::applyControl(const std::string& operatorName,
                                        const engine::ConfigChange& change) {
    return m_room.engine().configure(m_now, operatorName, change);
}

void Simulation::scaleOut(int nodes, int provisioningSeconds) {
    m_scaleOuts.push_back(PendingScale{m_now + TimeMs{provisioningSeconds} * kMsPerSecond, nodes});
}

void Simulation::arrive(const Arrival& arrival) {
    const auto id = static_cast<std::uint32_t>(m_people.size());
    Person& p = m_people.emplace_back();
    p.arriveMs = arrival.atMs;
    p.cohort = arrival.cohort;
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

void Simulation::dispatch(const Event& ev) {
    switch (ev.kind) {
    case Kind::Join:
        if (m_people[ev.person].phase != Phase::Joining) {
            return;
        }
        onJoin(ev.person);
        break;
    case Kind::Poll:
        if (m_people[ev.person].phase != Phase::Queued) {
            return; // a poll overtaken by a push, a cheat or a give-up
        }
        onPoll(ev.person);
        break;
    case Kind::Claim:
        onClaim(ev.person);
        break;
    case Kind::Cheat:
        if (m_people[ev.person].phase != Phase::Queued) {
            return;
        }
        onCheat(ev.person);
        break;
    case Kind::Backend:
        onBackend(ev.person);
        break;
    case Kind::BackendDone:
        onBackendDone(ev.person);
        break;
    }
    ++m_events;
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
            m_calendar.schedule(m_now + pageLoadMs(), Event{id, Kind::Backend});
            return;
        }
        (void)gateLetsIn(Cheat::DirectLink); // no token: refused; the page keeps its ticket
    }
    auto delay = static_cast<TimeMs>(c.retrySeconds * 1000.0);
    // A blank booking page is reloaded by a person, not by a script: people slow down
    // after a few failures whatever the agent does.
    if (c.backoff || kind == Kind::Backend) {
        // Exponential backoff with full jitter around it (what Retry-After asks for).
        const int exponent = std::min<int>(p.errors, 6);
        delay = std::min(kMaxBackoffMs, delay << exponent);
        delay = delay / 2 + static_cast<TimeMs>(m_rng.below(static_cast<std::uint64_t>(delay) + 1));
    }
    if (p.errors < 255) {
        ++p.errors;
    }
    m_calendar.schedule(m_now + delay, Event{id, kind});
}

void Simulation::onJoin(std::uint32_t id) {
    Person& p = m_people[id];
    if (!m_servers.offer()) {
        retryLater(id, Kind::Join);
        return;
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
    if (p.cheat != Cheat::None && (p.flags & kCheated) == 0) {
        const auto after = static_cast<TimeMs>(5000 + uniformFor(id, 5) * 55'000);
        m_calendar.schedule(m_now + after, Event{id, Kind::Cheat});
    }
    afterView(id, view.value());
}

void Simulation::onPoll(std::uint32_t id) {
    Person& p = m_people[id];
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
            engine::TicketView view;
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
    const double shown = shownEstimate(view);
    if (p.shownEstimateS == kNoEstimate && view.state == TicketState::Waiting) {
        p.shownEstimateS = clampU32(std::round(shown));
        p.estimateAtMs = static_cast<std::uint32_t>(relMs());
    }
    const Clients& c = m_scenario.clients;
    if (shown > c.hugeEstimateSeconds && (p.flags & kSawHuge) == 0) {
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
    m_calendar.schedule(m_now + std::max<TimeMs>(next, 1), Event{id, Kind::Poll});
}

double Simulation::shownEstimate(const engine::TicketView& view) const {
    if (!m_scenario.clientSideEnforcement) {
        return view.wait.known ? view.wait.seconds : 0.0;
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
    p.phase = Phase::Done;
    p.outcome = outcome;
    if (outcome == Outcome::GaveUp) {
        ++m_gaveUp;
    } else if (outcome == Outcome::LeftOnEstimate) {
        ++m_leftOnEstimate;
    }
}

void Simulation::onClaim(std::uint32_t id) {
    Person& p = m_people[id];
    if (!m_servers.offer()) {
        retryLater(id, Kind::Claim);
        return;
    }
    p.errors = 0;
    bool claimed = false;
    if ((p.flags & kDonor) != 0) {
        auto result = m_room.claim(m_now, m_donorTicket[id]);
        if (result.isOk()) {
            m_donorToken[id] = result->token;
            claimed = true;
        }
    } else {
        claimed = m_room.engine().claim(m_now, p.seq).isOk();
    }
    if (!claimed) {
        // Too late: the claim grace ran out while the page was retrying.
        p.phase = Phase::Done;
        p.outcome = Outcome::FailedAfterAdmission;
        ++m_failedAfterAdmission;
        return;
    }
    if (m_scenario.clientSideEnforcement) {
        // The old agent told the queue "done" as the page loaded: the slot is freed before
        // the person has booked anything, so the queue never saw the backend fill up.
        (void)m_room.engine().complete(m_now, p.seq);
    }
    p.phase = Phase::Backend;
    m_calendar.schedule(m_now + pageLoadMs(), Event{id, Kind::Backend});
}

bool Simulation::gateLetsIn(Cheat cheat) {
    // Each attempt goes to the real gate with what the cheater actually holds.
    std::string token;
    switch (cheat) {
    case Cheat::ForgedToken: {
        const std::string header =
            tokens::base64UrlEncode(std::string_view(R"({"alg":"EdDSA","typ":"JWT"})"));
        const std::string payload = tokens::base64UrlEncode(
            std::string(R"({"iss":"https://sim.sluice.invalid","sub":"1","evt":")") +
            m_scenario.event.eventId + R"(","exp":4102444800})");
        std::array<std::uint8_t, 64> sig{};
        for (auto& b : sig) {
            b = static_cast<std::uint8_t>(m_rng.next());
        }
        token = header + "." + payload + "." + tokens::base64UrlEncode(sig);
        break;
    }
    case Cheat::SharedToken:
        token = m_sharedToken; // empty until a donor has booked: nothing to share yet
        break;
    default:
        break; // the console flag and the typed-in link carry no token at all
    }
    return m_room.checkToken(m_now, token).isOk();
}

void Simulation::onCheat(std::uint32_t id) {
    Person& p = m_people[id];
    p.flags |= kCheated;
    const auto kind = static_cast<std::size_t>(p.cheat) - 1;
    ++m_cheatsAttempted[kind];
    bool through = false;
    TimeMs reachesSiteAfter = pageLoadMs();
    if (m_scenario.clientSideEnforcement) {
        // Nothing on the server stops any of them: the agent fails open after a 3-second
        // time-out and one retry, obeys a console flag, and the booking page checks nothing.
        through = true;
        if (p.cheat == Cheat::AirplaneMode) {
            reachesSiteAfter = 2 * kAirplaneOfflineMs;
        }
    } else if (p.cheat == Cheat::AirplaneMode) {
        // Back online, the page asks to go in: the engine decides. Only a ticket it has
        // admitted gets a session, so a "yes" here is a real admission, not a bypass.
        if (m_servers.offer() && m_room.engine().state(p.seq) == TicketState::Admitted) {
            learnAdmission(id);
        }
        return;
    } else {
        through = gateLetsIn(p.cheat);
    }
    if (!through) {
        return; // the page goes on waiting with its ticket; the pending poll stands
    }
    ++m_cheatsSucceeded[kind];
    p.flags |= kBypassed;
    leaveQueue(p);
    p.phase = Phase::Backend;
    m_calendar.schedule(m_now + reachesSiteAfter, Event{id, Kind::Backend});
}

void Simulation::onBackend(std::uint32_t id) {
    Person& p = m_people[id];
    const auto capacity = static_cast<std::uint64_t>(m_scenario.backend.capacity);
    if (m_backendBusy >= capacity) {
        // "Blank page / connection refused": the person reloads, while patience lasts.
        ++m_backendErrorsThisSecond;
        ++m_backendErrorsTotal;
        if (outOfPatience(p)) {
            p.phase = Phase::Done;
            p.outcome = Outcome::FailedAfterAdmission;
            ++m_failedAfterAdmission;
            return;
        }
        retryLater(id, Kind::Backend);
        return;
    }
    p.errors = 0;
    ++m_backendBusy;
    m_peakBackendBusy = std::max(m_peakBackendBusy, m_backendBusy);
    const auto ms = static_cast<TimeMs>(std::llround(serviceSeconds() * 1000.0));
    m_calendar.schedule(m_now + std::max<TimeMs>(ms, 1), Event{id, Kind::BackendDone});
}

void Simulation::onBackendDone(std::uint32_t id) {
    Person& p = m_people[id];
    --m_backendBusy;
    p.phase = Phase::Done;
    const bool viaQueue = (p.flags & kBypassed) == 0;
    if (!m_scenario.clientSideEnforcement && viaQueue) {
        // The booking goes through only within the session the token grants.
        if (!m_room.engine().sessionActive(m_now, p.seq)) {
            p.outcome = Outcome::SessionExpired;
            ++m_sessionExpired;
            return;
        }
        if ((p.flags & kDonor) != 0) {
            auto token = m_donorToken.find(id);
            if (token != m_donorToken.end() && m_room.complete(m_now, token->second).isOk()) {
                m_sharedToken = token->second; // posted online after booking
            }
        } else {
            (void)m_room.engine().complete(m_now, p.seq);
        }
        m_tickWanted = m_room.engine().waitingCount() > 0; // refill the slot at once
    }
    p.outcome = Outcome::Booked;
    ++m_booked;
}

} // namespace sluice::sim
