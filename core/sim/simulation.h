// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "arrivals.h"
#include "engine/prng.h"
#include "event_calendar.h"
#include "person_record.h"
#include "quiet_poll_load.h"
#include "reload_orbit.h"
#include "room/waiting_room.h"
#include "scenario.h"
#include "series/sample.h"
#include "server_fleet.h"
#include "sim_results.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace sluice::sim {

// How the simulation runs, beside what it simulates (the Scenario).
struct SimOptions {
    // Every poll its own event (the model before quiet stretches; docs/simulator.md): the
    // reference the faster default is tested against, and byte-identical to the runs made
    // before quiet stretches existed.
    bool everyPollAnEvent = false;
};

// Launch night as a discrete-event simulation around the real WaitingRoom (engine, signed
// tickets, admission tokens, gate), on a virtual clock with millisecond resolution.
// Deterministic: the same scenario and seed give the same samples and summary, byte for
// byte. No clock reads, no I/O, no threads.
//
// Per person: an arrival, join attempts, polls (at the engine's advice or a fixed interval),
// retries after queue-server errors, a claim, a visit to the backend, and maybe a cheat.
// See docs/simulator.md for the model and its simplifications.
class Simulation {
public:
    static engine::Result<std::unique_ptr<Simulation>> create(const Scenario& scenario,
                                                              SimOptions options = {});

    // Runs until `until` (clamped to the scenario's end). `progress`, when set, is called
    // about once per simulated minute with the fraction done.
    void runUntil(engine::TimeMs until, const std::function<void(double)>& progress = {});
    void runToEnd(const std::function<void(double)>& progress = {}) { runUntil(end(), progress); }

    // Operator controls between steps (the console's actions; the plan uses the same).
    engine::Status applyControl(const std::string& operatorName,
                                const engine::ConfigChange& change);
    void scaleOut(int nodes, int provisioningSeconds);
    int queueNodes() const { return m_servers.nodes(); }
    // The proof of work on join from now on (a scenario with fairJoins only; the console's
    // what-if): off, fixed `fixedBits`, or the scenario's auto curve.
    engine::Status setProofOfWork(PowMode mode, int fixedBits);

    engine::TimeMs now() const { return m_now; }
    engine::TimeMs start() const { return m_scenario.start; }
    engine::TimeMs end() const;
    bool finished() const { return m_now >= end(); }
    const Scenario& scenario() const { return m_scenario; }
    const std::vector<series::Sample>& samples() const { return m_samples; }
    const engine::QueueEngine& engine() const { return m_room.engine(); }
    SimSummary summarize() const;
    // Every person who has arrived so far, in the order they first arrived, as a record any
    // tool can read (people.csv); made one at a time, so a 10-million-person night needs no
    // copy. A person who gave up and came back later (clients.comeBackShare) keeps their
    // place in this order and carries the later arrival: the records are then not in
    // arrival order.
    void forEachPerson(const std::function<void(const PersonRecord&)>& visit) const;
    // The same records in arrival order (equal arrivals in the order above): for readers
    // that bin by arrival as they go. Costs an index of 4 bytes a person when someone came
    // back, nothing otherwise.
    void forEachPersonByArrival(const std::function<void(const PersonRecord&)>& visit) const;
    std::uint64_t events() const { return m_events; }
    // Polls answered inside quiet stretches: counted as queue-server load, not events.
    std::uint64_t quietPolls() const { return m_quietLoad.total(); }
    // Reloads of a full booking site's blank page counted in the reload orbit, not events.
    std::uint64_t quietReloads() const { return m_orbit.total(); }
    std::size_t memoryBytes() const;

    // A deep copy of the whole simulation as it stands (people, calendar, engine, tokens,
    // random generators): run on, it does exactly what this one would. The console projects
    // what-ifs on a fork while the real run goes on. Costs about the memory of this one.
    std::unique_ptr<Simulation> fork() const;

    ~Simulation();
    Simulation& operator=(const Simulation&) = delete;

private:
    enum class Kind : std::uint8_t { Join, Poll, Claim, Cheat, Backend, BackendDone };
    struct Event {
        std::uint32_t person;
        Kind kind;
        std::uint8_t calendarMs = 0; // the calendar's (see EventCalendar)
    };
    static_assert(sizeof(Event) == 8);
    enum class Phase : std::uint8_t { Joining, Queued, Claiming, Backend, Done };
    enum class Outcome : std::uint8_t {
        None,
        Booked,
        GaveUp,
        LeftOnEstimate,
        FailedAfterAdmission,
        SessionExpired
    };
    // 64 bytes a person, aligned to a cache line: a poll reads and writes one line of the
    // people array and nothing else of the person (the last estimate shown is kept here, the
    // rarely written first and scored ones in Trail). 10 million people fit in 640 MB. Times
    // are ms since the start.
    struct alignas(64) Person {
        std::uint32_t arriveMs = 0;
        std::uint32_t queuedMs = 0;    // latest successful join
        std::uint32_t leftQueueMs = 0; // admitted (learned it), got past it, or gave up
        std::uint32_t seq = kNoTicket;
        // The first estimate shown with a place in line (Waiting), and when: what the
        // person plans by. Pre-queued people get theirs after the opening's random order.
        std::uint32_t shownEstimateS = kNoEstimate;
        std::uint32_t estimateAtMs = 0;
        std::uint16_t patience4s = 0; // in 4-second units, at most 72 h; 0 = never gives up
        Phase phase = Phase::Joining;
        Outcome outcome = Outcome::None;
        Cheat cheat = Cheat::None;
        std::uint8_t errors = 0; // consecutive failed requests, for backoff
        std::uint8_t cohort = 0;
        std::uint8_t flags = 0;
        // The last estimate the page showed (see Trail), written by every poll.
        std::uint32_t lastS = kNoEstimate, lastLowS = kNoEstimate, lastHighS = kNoEstimate,
                      lastAtMs = 0, lastPosition = 0;
        // The pending poll's time: a poll event at any other time is stale (a quiet stretch
        // cut short leaves its wake-up event behind). In the backend, with quiet stretches
        // on, the pending reload's time (the reload orbit leaves events behind too).
        std::uint32_t pollDueMs = 0;
        // A quiet stretch (simulation_quiet.cpp): polls at stretchFromMs and every
        // stretchPeriodMs after it, up to the pending poll; stretchPeriodMs 0 = not in one.
        // In the reload orbit, stretchFromMs is the first reload.
        std::uint32_t stretchFromMs = 0, stretchPeriodMs = 0;
    };
    static_assert(sizeof(Person) == 64);
    static constexpr std::uint32_t kNoTicket = 0xFFFF'FFFFu;
    static constexpr std::uint32_t kNoEstimate = 0xFFFF'FFFFu;
    static constexpr std::uint32_t kUnknownEstimate = 0xFFFF'FFFEu; // shown as words
    static constexpr std::uint8_t kSawHuge = 1, kCheated = 2, kBypassed = 4, kDonor = 8,
                                  kAdmitted = 16,
                                  kRescore = 32, // an operator changed the rate since scored
        // The reload orbit (simulation_orbit.cpp): reloading a full site at the slowest pace,
        // counted; picked for the next slot that came free, its reload a real event.
        kInOrbit = 64, kOrbitWinner = 128;
    static constexpr std::uint32_t kNoBackendDue = 0xFFFF'FFFFu;
    // What the pages showed a person beyond the first figure (kept in Person), for scoring
    // the estimate (people.csv): the first one's range and place, the first one after the
    // latest operator change (the last one is in Person). Seconds rounded; kNoEstimate =
    // none shown, kUnknownEstimate = words shown. A separate array, touched only when a
    // first or scored figure is shown, so that a poll touches one line of Person.
    struct Trail {
        std::uint32_t firstLowS = kNoEstimate, firstHighS = kNoEstimate, firstPosition = 0;
        std::uint32_t scoredS = kNoEstimate, scoredLowS = kNoEstimate, scoredHighS = kNoEstimate,
                      scoredAtMs = 0;
    };
    static_assert(sizeof(Trail) == 28);

    Simulation(const Scenario& scenario, room::WaitingRoom room, SimOptions options);
    Simulation(const Simulation&) = default; // fork() only

    void stepMillisecond();
    void skipIdleMilliseconds(engine::TimeMs until);
    void dispatchAll(const std::vector<Event>& due);
    bool prefetchBucketAhead();
    void everySecond();
    void sampleSecond(); // simulation_sampling.cpp
    void applyPlan();
    void tickEngine();
    void dispatch(const Event& ev);
    void onJoin(std::uint32_t id);
    void onPoll(std::uint32_t id);
    void onClaim(std::uint32_t id);
    void onCheat(std::uint32_t id);
    void onBackend(std::uint32_t id);
    void onBackendDone(std::uint32_t id);
    void blankPage(std::uint32_t id);
    void scheduleBackend(std::uint32_t id, engine::TimeMs at);
    // The reload orbit (simulation_orbit.cpp), with quiet stretches on.
    bool enterReloadOrbit(std::uint32_t id, engine::TimeMs firstReloadAt);
    bool backendEventDue(std::uint32_t id);
    void offerFreedSlots();

    void arrive(const Arrival& arrival);
    // Fair joins (simulation_fair.cpp); each only with scenario.fairJoins.
    void fairArrive(std::uint32_t id, bool bot, std::uint32_t farmAddress);
    bool fairBeforeRequest(std::uint32_t id); // false: the page is solving first
    bool fairAdmitJoin(std::uint32_t id);     // the limit; false: refused (handled)
    void fairJoined(std::uint32_t id);
    void fairEverySecond();
    int powBitsNow() const;
    void farmStep();
    bool isBot(std::uint32_t id) const {
        return m_fair != nullptr && m_fairPeople[id].kind == FairKind::Bot;
    }
    void fairSummarize(SimSummary& s) const;
    void afterView(std::uint32_t id, const engine::TicketView& view);
    // `shown` by reference: passed by value, the optional went through the stack as a byte
    // stored and eight bytes loaded, a store-forwarding stall on every poll.
    void recordShown(std::uint32_t id, const engine::TicketView& view,
                     const std::optional<double>& shown);
    void learnAdmission(std::uint32_t id);
    void leaveQueue(Person& p);
    void giveUp(std::uint32_t id, Outcome outcome);
    bool comeBackLater(std::uint32_t id);
    void retryLater(std::uint32_t id, Kind kind);
    void schedulePoll(std::uint32_t id, engine::TimeMs at);
    // Quiet stretches (simulation_quiet.cpp): the polls of a waiting person that would change
    // nothing are counted as load instead of simulated, until something may change for them.
    void pollAgain(std::uint32_t id, engine::TimeMs period, const engine::TicketView& view,
                   const std::optional<double>& shown);
    bool quietStretchesAllowed() const;
    void cutStretch(std::uint32_t id, bool pollAtNextStep);
    void cutAllStretches();
    void quietSecondEnded();
    void quietEverySecond();
    engine::TimeMs quietSpanMs(engine::TimeMs gapMs) const;
    bool gateLetsIn(Cheat cheat);
    // The figure the page shows; nullopt when it shows words instead ("unknown").
    std::optional<double> shownEstimate(const engine::TicketView& view) const;
    PersonRecord recordOf(std::uint32_t id) const; // simulation_records.cpp
    engine::TimeMs relMs() const { return m_now - m_scenario.start; }
    bool outOfPatience(const Person& p) const {
        return p.patience4s != 0 && relMs() - p.arriveMs > engine::TimeMs{p.patience4s} * 4000;
    }
    engine::TimeMs pageLoadMs() const {
        return static_cast<engine::TimeMs>(m_scenario.clients.pageLoadSeconds * 1000.0);
    }
    double uniformFor(std::uint32_t id, std::uint64_t salt) const;
    double serviceSeconds();
    std::optional<int> birthDateOf(const Person& p) const;

    Scenario m_scenario;
    const FairJoins* m_fair = nullptr; // into m_scenario; null without fairJoins
    room::WaitingRoom m_room;
    engine::TimeMs m_now;
    EventCalendar<Event> m_calendar;
    ServerFleet m_servers;
    engine::SplitMix64 m_rng;
    std::uint64_t m_seed;
    bool m_quiet; // quiet stretches on (SimOptions)
    QuietPollLoad m_quietLoad;
    engine::TimeMs m_stretchesFrom = 0; // none start before (after the fleet was overloaded)
    std::uint64_t m_stretches = 0;      // people in a quiet stretch now
    ReloadOrbit m_orbit;
    std::uint64_t m_orbitPending = 0; // picked for a slot, their reload not yet made

    std::vector<Arrival> m_arrivals;
    std::size_t m_nextArrival = 0;
    std::vector<Person> m_people;
    std::vector<Trail> m_trails; // one per person
    std::vector<std::uint32_t> m_personOfSeq;
    std::vector<engine::TicketSeq> m_pushed; // admitted by the latest tick
    engine::TicketView m_placeView;          // onPoll's view of a place (the old agent's)
    // dispatchAll's prefetch lists (kept to reuse their memory): people two milliseconds
    // ahead, tickets one millisecond ahead.
    std::vector<std::uint32_t> m_aheadPeople;
    std::vector<engine::TicketSeq> m_aheadTickets;
    std::int64_t m_aheadBucket = -1; // the calendar bucket dispatchAll last saw
    bool m_sparseAhead = false;      // it prefetches a bucket at a time (prefetchBucketAhead)
    std::size_t m_nextPlanStep = 0;
    struct PendingScale {
        engine::TimeMs at;
        int nodes;
    };
    std::vector<PendingScale> m_scaleOuts;

    // Donors: a few honest people hold real tickets and tokens so that shared-token
    // cheaters present a real token, checked by the real gate.
    std::unordered_map<std::uint32_t, std::string> m_donorTicket;
    std::unordered_map<std::uint32_t, std::string> m_donorToken;
    std::string m_sharedToken;

    int m_backendCapacity = 0; // the scenario's, until a plan step changes it
    std::uint64_t m_backendBusy = 0;
    std::uint64_t m_backendErrorsThisSecond = 0;
    std::uint64_t m_peopleQueued = 0;
    double m_lastSecondAdmits = 0;
    std::uint64_t m_realisedMsThisSecond = 0, m_realisedThisSecond = 0;
    double m_lastRealisedWaitSeconds = 0;
    bool m_tickWanted = false;

    // Tallies for the summary.
    std::uint64_t m_events = 0;
    std::uint64_t m_booked = 0, m_gaveUp = 0, m_leftOnEstimate = 0, m_refreshes = 0,
                  m_failedAfterAdmission = 0, m_sessionExpired = 0, m_placesLost = 0,
                  m_failedOpen = 0, m_admitted = 0;
    std::array<std::uint64_t, kCheatKinds> m_cheatsAttempted{};
    std::array<std::uint64_t, kCheatKinds> m_cheatsSucceeded{};
    std::uint64_t m_backendErrorsTotal = 0, m_queueErrorsTotal = 0;
    std::uint64_t m_peakBackendBusy = 0;
    std::uint64_t m_queuedMsSum = 0; // closed stretches in the queue, for Little's law
    std::uint64_t m_queuedSampleSum = 0;
    std::vector<series::Sample> m_samples;

    // Fair joins: who is behind which address, the limit's buckets, proof of work, the farm.
    enum class FairKind : std::uint8_t { Alone, Shared, Bot };
    static constexpr std::uint32_t kNotJoined = 0xFFFF'FFFFu;
    struct FairPerson {
        std::uint32_t address = 0;
        std::uint32_t firstJoinMs = kNotJoined;
        FairKind kind = FairKind::Alone;
        bool solved = false; // holds an unspent solution
    };
    struct Bucket {
        double tokens = 0;
        engine::TimeMs at = -1; // never used
    };
    std::vector<FairPerson> m_fairPeople; // one per person, with fairJoins
    std::vector<Bucket> m_buckets;        // shared addresses, then the farm's, then one each
    std::uint32_t m_sharedAddresses = 0;
    std::array<std::uint64_t, 60> m_joinsPerSecond{}; // accepted joins, the last minute
    std::uint64_t m_joinsThisSecond = 0, m_joinsLastMinute = 0, m_fairSeconds = 0;
    int m_powBits = 0; // now; 0 with proof of work off
    double m_farmDue = 0, m_farmHashBudget = 0;
    std::uint64_t m_farmNext = 0;
    FairJoinsSummary m_fairTally;
};

} // namespace sluice::sim
