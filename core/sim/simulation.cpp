// SPDX-License-Identifier: Apache-2.0
// The simulation's event loop: creation, the millisecond step, dispatching the calendar's
// events to the people (simulation_people.cpp) and cheats (simulation_cheats.cpp), the
// engine's tick, the operator plan. The second's sample is taken in simulation_sampling.cpp.
#include "simulation.h"

#include "series/sample.h"

#include <algorithm>
#include <cmath>

namespace sluice::sim {
namespace {

using engine::kMsPerSecond;
using engine::TimeMs;

constexpr TimeMs kTickMs = 100;

} // namespace

engine::Result<std::unique_ptr<Simulation>> Simulation::create(const Scenario& scenario,
                                                               SimOptions options) {
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
    return std::unique_ptr<Simulation>(new Simulation(scenario, std::move(room).value(), options));
}

Simulation::Simulation(const Scenario& scenario, room::WaitingRoom room, SimOptions options)
    : m_scenario(scenario), m_room(std::move(room)), m_now(scenario.start),
      m_calendar(scenario.start),
      m_servers(scenario.queueServers.nodes, scenario.queueServers.requestsPerSecondPerNode,
                engine::mix64(scenario.seed ^ 0x5345'5256ULL)),
      m_rng(engine::mix64(scenario.seed ^ 0x434C'4945ULL)), m_seed(scenario.seed),
      m_quiet(!options.everyPollAnEvent), m_backendCapacity(scenario.backend.capacity) {
    m_arrivals = drawArrivals(scenario, scenario.seed);
    if (m_scenario.fairJoins) {
        m_fair = &*m_scenario.fairJoins;
        const double shared = static_cast<double>(scenario.population.people) *
                              m_fair->sharedAddressShare /
                              static_cast<double>(m_fair->peoplePerSharedAddress);
        m_sharedAddresses =
            m_fair->sharedAddressShare > 0
                ? std::max<std::uint32_t>(1, static_cast<std::uint32_t>(std::ceil(shared)))
                : 0;
        m_buckets.resize(m_sharedAddresses +
                         (m_fair->botFarm.bots > 0 ? m_fair->botFarm.addresses : 0));
        m_fairPeople.reserve(m_arrivals.size());
    }
    m_people.reserve(m_arrivals.size());
    m_trails.reserve(m_arrivals.size());
    m_personOfSeq.reserve(m_arrivals.size() + m_arrivals.size() / 8);
    m_samples.reserve(static_cast<std::size_t>(scenario.durationSeconds) + 1);
}

Simulation::~Simulation() = default;

TimeMs Simulation::end() const {
    return m_scenario.start + TimeMs{m_scenario.durationSeconds} * kMsPerSecond;
}

std::unique_ptr<Simulation> Simulation::fork() const {
    std::unique_ptr<Simulation> copy(new Simulation(*this));
    copy->m_fair = copy->m_scenario.fairJoins ? &*copy->m_scenario.fairJoins : nullptr;
    return copy;
}

std::size_t Simulation::memoryBytes() const {
    return m_room.engine().memoryBytes() + m_people.capacity() * sizeof(Person) +
           m_trails.capacity() * sizeof(Trail) + m_personOfSeq.capacity() * sizeof(std::uint32_t) +
           m_arrivals.capacity() * sizeof(Arrival) + m_calendar.memoryBytes() +
           m_samples.capacity() * sizeof(series::Sample) +
           m_fairPeople.capacity() * sizeof(FairPerson) + m_buckets.capacity() * sizeof(Bucket) +
           m_orbit.memoryBytes();
}

void Simulation::runUntil(TimeMs until, const std::function<void(double)>& progress) {
    until = std::min(until, end());
    const double total = static_cast<double>(end() - m_scenario.start);
    while (m_now < until) {
        stepMillisecond();
        skipIdleMilliseconds(until);
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
    if (m_fair != nullptr) {
        farmStep();
    }
    dispatchAll(m_calendar.take(m_now));
    if (rel % kTickMs == 0 || m_tickWanted) {
        tickEngine();
    }
    ++m_now;
}

// Moves the clock over the milliseconds ahead that hold nothing: no event, arrival, plan
// step, tick or whole second. Skipped milliseconds would have done nothing, so results are
// unchanged; the tail of a night, hours with a few events a second, costs almost nothing.
void Simulation::skipIdleMilliseconds(TimeMs until) {
    if (m_fair != nullptr || m_tickWanted) {
        return; // the bot farm acts every millisecond
    }
    const TimeMs rel = relMs();
    TimeMs target = std::min(until, m_now + (kTickMs - rel % kTickMs) % kTickMs);
    if (m_nextArrival < m_arrivals.size()) {
        target = std::min(target, m_scenario.start + TimeMs{m_arrivals[m_nextArrival].atMs});
    }
    if (m_nextPlanStep < m_scenario.plan.size()) {
        target = std::min(target, m_scenario.plan[m_nextPlanStep].at);
    }
    target = m_calendar.firstDue(target);
    if (target > m_now) {
        m_calendar.skipTo(target - 1);
        m_now = target;
    }
}

// Events touch people and tickets all over memory. While one millisecond is processed,
// the people two milliseconds ahead are fetched (the calendar knows them already), and the
// tickets of the next millisecond, whose people were fetched a millisecond ago: far enough
// ahead that the lines have arrived when the events run, even when a millisecond holds only
// a few events. Spread over the loop rather than issued at once, so the core's few
// outstanding-miss slots are never flooded. Prefetching changes nothing but speed.
void Simulation::dispatchAll(const std::vector<Event>& due) {
    const std::int64_t bucket = m_now >> EventCalendar<Event>::kShift;
    if (bucket != m_aheadBucket) {
        m_aheadBucket = bucket;
        m_sparseAhead = prefetchBucketAhead();
    }
    const engine::QueueEngine& e = m_room.engine();
    // This millisecond's tickets were fetched a millisecond (or a bucket) ago: now their
    // lines of the order index, which a waiting ticket's poll counts its place from.
    for (const Event& ev : due) {
        const std::uint32_t seq = m_people[ev.person].seq;
        if (seq != kNoTicket) {
            e.prefetchPlace(seq);
        }
    }
    m_aheadPeople.clear();
    m_aheadTickets.clear();
    if (!m_sparseAhead) { // sparse: fetched a bucket at a time instead
        m_calendar.forEachKnown(m_now + 1, [&](const Event& ev) {
            const std::uint32_t seq = m_people[ev.person].seq;
            if (seq != kNoTicket) {
                m_aheadTickets.push_back(seq);
            }
        });
        m_calendar.forEachKnown(m_now + 2,
                                [&](const Event& ev) { m_aheadPeople.push_back(ev.person); });
    }
    const std::size_t people = m_aheadPeople.size(), tickets = m_aheadTickets.size();
    for (std::size_t i = 0; i < due.size(); ++i) {
        if (i < people) {
            __builtin_prefetch(&m_people[m_aheadPeople[i]]);
        }
        if (i < tickets) {
            e.prefetch(m_aheadTickets[i]);
        }
        dispatch(due[i]);
    }
    for (std::size_t i = due.size(); i < people; ++i) {
        __builtin_prefetch(&m_people[m_aheadPeople[i]]);
    }
    for (std::size_t i = due.size(); i < tickets; ++i) {
        e.prefetch(m_aheadTickets[i]);
    }
}

// When the calendar is sparse (a few events a millisecond or fewer, as in the hours after a
// launch when only the ends of quiet stretches remain), prefetching a millisecond or two
// ahead reaches one event or none: the clock skips the empty milliseconds between them, and
// each event waited for its person and ticket in turn. Then, on entering a bucket, the
// people of the next bucket are fetched and the tickets of this one (whose people were
// fetched a bucket ago). Returns false, fetching nothing, when the next bucket is dense: a
// bucket's worth of lines at once would then crowd the cache, and the millisecond scheme
// reaches far enough. (64 a bucket, two a millisecond: 3 % faster on the 2021 night, whose
// nine hours after the reopening hold a few hundred events a second.)
bool Simulation::prefetchBucketAhead() {
    constexpr std::size_t kSparseBucketEvents = 64;
    if (!m_calendar.forEachInNextBucket(kSparseBucketEvents, [&](const Event& ev) {
            __builtin_prefetch(&m_people[ev.person]);
        })) {
        return false;
    }
    const engine::QueueEngine& e = m_room.engine();
    m_calendar.forEachInBucketFrom(m_now, [&](const Event& ev) {
        const std::uint32_t seq = m_people[ev.person].seq;
        if (seq != kNoTicket) {
            e.prefetch(seq);
        }
    });
    return true;
}

void Simulation::tickEngine() {
    m_tickWanted = false;
    ++m_events;
    const bool push = m_scenario.clients.notifyOnAdmission;
    m_pushed.clear();
    m_room.engine().tick(m_now, push || m_quiet ? &m_pushed : nullptr);
    for (const engine::TicketSeq seq : m_pushed) {
        const std::uint32_t id = m_personOfSeq[seq];
        if (m_people[id].phase != Phase::Queued || m_people[id].seq != seq) {
            continue;
        }
        if (push) {
            learnAdmission(id);
        } else {
            cutStretch(id, true); // learns it at the next poll, as without the stretch
        }
    }
}

void Simulation::everySecond() {
    ++m_events;
    if (m_fair != nullptr) {
        fairEverySecond();
    }
    for (auto it = m_scaleOuts.begin(); it != m_scaleOuts.end();) {
        if (it->at <= m_now) {
            m_servers.setNodes(it->nodes);
            it = m_scaleOuts.erase(it);
        } else {
            ++it;
        }
    }
    quietSecondEnded();
    m_servers.startSecond();
    quietEverySecond();
    if (m_now == m_scenario.start) {
        m_room.engine().sampleMetrics(m_now); // starts the sampler's interval
        return;
    }
    sampleSecond();
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
        if (step.backendCapacity) {
            // Sessions in progress run out; no new one starts while the site is over it.
            m_backendCapacity = *step.backendCapacity;
            offerFreedSlots();
        }
    }
}

engine::Status Simulation::applyControl(const std::string& operatorName,
                                        const engine::ConfigChange& change) {
    engine::Status status = m_room.engine().configure(m_now, operatorName, change);
    if (status.isOk() && (change.admissionRatePerMinute || change.capacity || change.paused)) {
        // What people were told before no longer holds: each is scored again by the first
        // estimate shown after the change (a forecast cannot know an operator's next move).
        for (Person& p : m_people) {
            if (p.phase == Phase::Queued || p.phase == Phase::Joining) {
                p.flags |= kRescore;
            }
        }
        cutAllStretches(); // and the next poll of each shows the change, as without them
    }
    return status;
}

void Simulation::scaleOut(int nodes, int provisioningSeconds) {
    m_scaleOuts.push_back(PendingScale{m_now + TimeMs{provisioningSeconds} * kMsPerSecond, nodes});
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
        if (m_people[ev.person].phase != Phase::Queued ||
            m_people[ev.person].pollDueMs != static_cast<std::uint32_t>(relMs())) {
            return; // a poll overtaken by a push, a cheat, a give-up or a cut stretch
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
        if (m_quiet && !backendEventDue(ev.person)) {
            return; // a reload overtaken by the orbit
        }
        onBackend(ev.person);
        break;
    case Kind::BackendDone:
        onBackendDone(ev.person);
        break;
    }
    ++m_events;
}

} // namespace sluice::sim
