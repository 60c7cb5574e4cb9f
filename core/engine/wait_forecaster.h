// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "departure_model.h"
#include "event_config.h"
#include "time_types.h"

#include <cstdint>
#include <vector>

namespace sluice::engine {

// A wait estimate for one place in the queue, as a range. `known` is false when nothing is
// being admitted by plan (rate 0 or capacity 0) or admissions have stalled: the page shows
// "unknown", never a number. `paused`: the operator paused admissions; the figures then count
// from the moment admissions resume (how long the pause lasts is nobody's guess), and the
// page says "paused" instead of a figure.
struct WaitEstimate {
    bool known = false;
    bool paused = false;
    bool stalled = false; // admissions stopped with people waiting (see WaitForecaster)
    double lowSeconds = 0;
    double seconds = 0;
    double highSeconds = 0;
    double forecastRatePerSecond = 0;
};

// The people waiting, front first, grouped by when they joined: `live` people who have
// waited `ageSeconds`. The engine makes one a second (a group per minute of joins; the
// pre-queue drawn at an opening is one group at its mean age).
struct QueueGroup {
    std::uint64_t live = 0;
    double ageSeconds = 0;
    bool operator==(const QueueGroup&) const = default;
};

// Forecasts the wait for each place in line from two things it learns:
//
// - The admission rate: the operator's rate (capped by what the protected site's capacity
//   allows, capacity ÷ mean slot-holding time, once 50 slots have been freed), blended with
//   the rate measured over the last 5 minutes as that history grows. The seed night showed
//   "321,000 waiting / 1 per second = 89 hours" because the old queue divided by the last
//   instant's rate; here a stall moves the measured rate by its share of a 5-minute average
//   and a pause is not measured at all, so 30 s of nothing moves the estimate by ~10 %.
// - Who ahead will give up before the person's turn (DepartureModel: the hazard by how long
//   each person has waited). Once a second the queue's age profile is walked front to back:
//   each group of people ahead is reached when the admissions have taken the survivors of
//   everyone before it, and its own survivors by then are what it costs in time. The result
//   is a table from place in line to wait, read by every poll.
//
// The range: the same walk with the hazard 40 % higher (low) and 40 % lower (high), widened
// by how far the faster and slower of the planned and measured rates are from the blend. It
// holds the real wait for at least 80 % of people on the nights the tests run (measured in
// docs/simulator.md); it is a plausible range, not a pair of percentiles.
class WaitForecaster {
public:
    static constexpr double kAverageSeconds = 300.0;
    static constexpr TimeMs kQueueEveryMs = 1000; // how often observeQueue() is wanted

    // One admission tick while the event is open. `hadDemand`: someone was waiting at the
    // start of the tick (an empty queue says nothing about the rate).
    void observeTick(TimeMs elapsedMs, std::uint32_t admitted, bool hadDemand, bool paused,
                     const EventConfig& config);
    // A waiting person left or went idle after waiting `ageSeconds`.
    void observeDeparture(double ageSeconds);
    // The queue by age, front first, `elapsedSeconds` after the previous call, and those not
    // in line yet (the pre-queues, one group each): learns the exposure of both (people
    // give up before an opening too), refits the departure model once a minute and
    // rebuilds the wait table.
    void observeQueue(double elapsedSeconds, const std::vector<QueueGroup>& queue,
                      const std::vector<QueueGroup>& notYetInLine, const EventConfig& config);
    // A capacity slot came free after `heldSeconds` (session ended or claim expired).
    void observeSlotFreed(double heldSeconds);
    // The operator changed rate or capacity: the past rate no longer predicts the future.
    void restart(const EventConfig& config);

    double plannedRatePerSecond(const EventConfig& config) const;
    double measuredRatePerSecond() const { return m_measured; }
    // Changes whenever anything estimate() depends on (besides the config) changes.
    std::uint64_t version() const { return m_version; }
    const DepartureModel& departures() const { return m_departures; }
    // The rest of its state, for the engine's digest.
    double observedSeconds() const { return m_observedSeconds; }
    double meanHeldSeconds() const { return m_meanHeldSeconds; }
    std::uint64_t slotsFreed() const { return m_slotsFreed; }
    double stalledSeconds() const { return m_stalledSeconds; }
    // Wait for the person at `position` (1 = next) who stays, ignoring any time before an
    // opening.
    WaitEstimate estimate(std::uint64_t position, const EventConfig& config) const;

    // The wait table: place in line (people alive now) → seconds, at the rate it was built
    // with, for three hazard scales (more leave, as learnt, fewer leave), on one evenly
    // spaced grid of places (0, step, 2·step, …), so that a poll's estimate is a lookup.
    static constexpr std::size_t kTables = 3;
    static constexpr std::size_t kTablePoints = 1024;
    struct Table {
        double positionStep = 0;
        std::array<std::vector<double>, kTables> seconds;
    };
    // One walk of the queue: places in line (ascending) and the wait at each.
    struct Walk {
        std::vector<double> position, seconds;
    };

    // Everything it has learnt, for the engine's snapshots.
    struct State {
        double measured = 0, observedSeconds = 0, meanHeldSeconds = 0, stalledSeconds = 0;
        std::uint64_t slotsFreed = 0, version = 0;
        double sinceRefitSeconds = 0, tableRate = 0;
        DepartureModel::State departures;
        Table table;
    };
    State state() const;
    void restore(const State& s);

private:
    double m_measured = 0;        // people per second, exponential 5-minute average
    double m_observedSeconds = 0; // how much of the average is real data (saturates)
    double m_meanHeldSeconds = 0; // exponential average of slot holding time
    double m_stalledSeconds = 0;  // demand and room to admit, yet nobody admitted, for so long
    std::uint64_t m_slotsFreed = 0;
    DepartureModel m_departures;
    double m_sinceRefitSeconds = 0;
    // The table, built from the latest walks on demand: most seconds of a night read a few
    // places of it (the metrics' newcomer), and computing those from the walks gives the
    // same figures as the whole table; past kReadsBeforeTable reads the table is built.
    static constexpr int kReadsBeforeTable = 32;
    double tableSeconds(std::size_t k, std::size_t i) const; // m_table.seconds[k][i]
    void buildTable() const;
    mutable Table m_table;            // positionStep set by observeQueue(), seconds on demand
    mutable bool m_tableBuilt = true; // seconds hold the table of the latest walks
    mutable int m_tableReads = 0;     // places read from the walks since they were walked
    std::array<Walk, kTables> m_walks;
    double m_tableRate = 0; // the blended rate it was built with
    // What the table was last walked from: the same again (an empty line for hours, the
    // same pre-queue) gives the same table, which is then kept instead of walked anew.
    struct Walked {
        bool valid = false;
        std::vector<QueueGroup> queue;
        std::uint64_t later = 0;
        double rate = 0;
        std::uint64_t departures = 0; // DepartureModel::tableVersion()
    };
    Walked m_walked;

    // What estimate() derives from the averages, kept until they or the config change:
    // every poll asks for an estimate, the averages move once a tick.
    struct Derived {
        std::uint64_t version = ~std::uint64_t{0};
        int ratePerMinute = -1;
        int capacity = -1;
        bool paused = false;
        double blended = 0, lowFactor = 0, highFactor = 0, tableScale = 0;
    };
    const Derived& derived(const EventConfig& config) const;
    std::uint64_t m_version = 0; // bumped whenever an average changes
    mutable Derived m_derived;
};

} // namespace sluice::engine
