// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "event_config.h"
#include "time_types.h"

#include <cstdint>

namespace sluice::engine {

// A wait estimate for one place in the queue, as a range. `known` is false when nothing is
// being admitted by plan (rate 0 or capacity 0): the edges show "unknown", never a number.
struct WaitEstimate {
    bool known = false;
    double lowSeconds = 0;
    double seconds = 0;
    double highSeconds = 0;
    double forecastRatePerSecond = 0;
};

// Forecasts the admission rate from three things: the operator's rate, the rate the
// protected site's capacity allows (capacity / mean session length, once sessions have been
// seen to end), and the rate measured over the last minutes. The seed night showed
// "321,000 waiting / 1 per second = 89 hours" because the old queue divided by the last
// instant's rate. Here a stall moves the measured rate by its share of a 5-minute average,
// and a pause is not measured at all, so 30 s of nothing changes the estimate by ~10 %.
class WaitForecaster {
public:
    static constexpr double kAverageSeconds = 300.0;

    // One admission tick while the event is open. `hadDemand`: someone was waiting at the
    // start of the tick (an empty queue says nothing about the rate). `departed`: waiting
    // people who left or went idle since the previous tick, out of `waiting` now.
    void observeTick(TimeMs elapsedMs, std::uint32_t admitted, std::uint64_t departed,
                     std::uint64_t waiting, bool hadDemand, bool paused, const EventConfig& config);
    // A capacity slot came free after `heldSeconds` (session ended or claim expired).
    void observeSlotFreed(double heldSeconds);
    // The operator changed rate or capacity: the past rate no longer predicts the future.
    void restart(const EventConfig& config);

    double plannedRatePerSecond(const EventConfig& config) const;
    double measuredRatePerSecond() const { return m_measured; }
    // Changes whenever anything estimate() depends on (besides the config) changes.
    std::uint64_t version() const { return m_version; }
    // Share of the waiting who leave per second (5-minute average).
    double departureHazardPerSecond() const { return m_hazard; }
    // The rest of its state, for the engine's digest.
    double observedSeconds() const { return m_observedSeconds; }
    double meanHeldSeconds() const { return m_meanHeldSeconds; }
    std::uint64_t slotsFreed() const { return m_slotsFreed; }
    // Wait for the person at `position` (1 = next) who stays, ignoring any time before an
    // opening. People ahead who give up shorten it: with admissions at rate r and each
    // waiting person leaving at hazard k, the place ahead drains as dp/dt = −r − k·p, so
    // the wait is ln(1 + k·p / r) / k (p / r when nobody leaves).
    WaitEstimate estimate(std::uint64_t position, const EventConfig& config) const;

    // Everything it has learnt, for the engine's snapshots.
    struct State {
        double measured = 0, hazard = 0, observedSeconds = 0, meanHeldSeconds = 0;
        std::uint64_t slotsFreed = 0, version = 0;
    };
    State state() const {
        return {m_measured,        m_hazard,     m_observedSeconds,
                m_meanHeldSeconds, m_slotsFreed, m_version};
    }
    void restore(const State& s) {
        m_measured = s.measured;
        m_hazard = s.hazard;
        m_observedSeconds = s.observedSeconds;
        m_meanHeldSeconds = s.meanHeldSeconds;
        m_slotsFreed = s.slotsFreed;
        m_version = s.version + 1; // cached derivations must not survive
    }

private:
    double m_measured = 0;        // people per second, exponential 5-minute average
    double m_hazard = 0;          // departures per waiting person per second, same average
    double m_observedSeconds = 0; // how much of the average is real data (saturates)
    double m_meanHeldSeconds = 0; // exponential average of slot holding time
    std::uint64_t m_slotsFreed = 0;

    // What estimate() derives from the averages, kept until they or the config change:
    // every poll asks for an estimate, the averages move once a tick.
    struct Derived {
        std::uint64_t version = ~std::uint64_t{0};
        int ratePerMinute = -1;
        int capacity = -1;
        double blended = 0, invBlended = 0, lowFactor = 0, highFactor = 0, invHazard = 0;
    };
    const Derived& derived(const EventConfig& config) const;
    std::uint64_t m_version = 0; // bumped whenever an average changes
    mutable Derived m_derived;
};

} // namespace sluice::engine
