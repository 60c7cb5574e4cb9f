// SPDX-License-Identifier: Apache-2.0
#include "wait_forecaster.h"

#include <algorithm>
#include <cmath>

namespace sluice::engine {
namespace {
// Below this many freed slots the mean session length is noise; the capacity limit on the
// rate is then left to the measured rate to show.
constexpr std::uint64_t kMinSlotsForCapacityForecast = 50;
constexpr double kSlotAverageWeight = 0.02;
constexpr double kRefitEverySeconds = 60.0;
// The hazard scales of the three tables: more people leave (the range's low end), as
// learnt, fewer leave (its high end). Measured: ±40 % holds the real wait for over 80 % of
// the people in every arrival bucket of the tested nights (docs/simulator.md).
constexpr std::array<double, WaitForecaster::kTables> kHazardScale = {1.4, 1.0, 0.6};
// The rate part of the range: the faster and slower of planned and measured, and this much
// on each side for what neither shows (the backend's pace changing, session lengths).
constexpr double kRateMargin = 0.05;
// The walk's time step: a minute near the front, a twentieth of the wait further back, so
// a table over a week of waiting has a few hundred points.
constexpr double kMinStepSeconds = 60.0;
constexpr double kStepShare = 0.05;
constexpr double kMaxTableSeconds = 7 * 24 * 3600.0;
// Admissions count as stalled after this long without one while people wait, the rate
// allows them and nothing is paused (or three intervals of a slow rate, if longer): the
// estimate then says "unknown" instead of growing a figure out of nothing.
constexpr double kStallSeconds = 120.0;

// Place in line → wait for each hazard scale, by walking the queue front to back (see the
// class comment), into `walks`, whose vectors keep their capacity (three walks a second).
//
// The three walks go side by side, a group at a time. Each is one long chain of dependent
// arithmetic (a step's length depends on the wait so far, which depends on the last step's
// survival, an exp()): walked one after another the core waited on each link in turn;
// side by side it works on three independent chains at once. Each walk's own arithmetic is
// exactly what it was alone, so the tables are the same to the bit.
void walkAll(std::array<WaitForecaster::Walk, WaitForecaster::kTables>& walks,
             const std::vector<QueueGroup>& queue, std::uint64_t notYetInLine, double rate,
             const DepartureModel& departures) {
    struct Chain {
        WaitForecaster::Walk* t;
        double hazardScale;
        double tau = 0, passed = 0, remaining = 0;
    };
    std::array<Chain, WaitForecaster::kTables> chains{};
    for (std::size_t k = 0; k < chains.size(); ++k) {
        chains[k].t = &walks[k];
        chains[k].hazardScale = kHazardScale[k];
        walks[k].position.assign(1, 0.0);
        walks[k].seconds.assign(1, 0.0);
    }
    auto consume = [&](double live, double age) {
        // The group's cumulative hazard so far, once per group rather than per step.
        const double atAge = departures.cumulative(age);
        // One step of one walk: survivors are taken at `rate`; a step passes rate·step ÷
        // survival of the people alive now (survival in the middle of the step).
        auto step = [&](Chain& c) {
            double length = std::max(kMinStepSeconds, c.tau * kStepShare);
            const double s = std::max(
                1e-12, std::exp(-c.hazardScale *
                                (departures.cumulative(age + (c.tau + length / 2)) - atAge)));
            double passes = rate * length / s;
            if (passes > c.remaining) {
                // The group ends inside the step.
                length = c.remaining * s / rate;
                passes = c.remaining;
            }
            c.tau += length;
            c.passed += passes;
            c.remaining -= passes;
            c.t->position.push_back(c.passed);
            c.t->seconds.push_back(c.tau);
        };
        auto walking = [](const Chain& c) {
            return c.remaining > 1e-9 && c.tau < kMaxTableSeconds;
        };
        for (Chain& c : chains) {
            c.remaining = live;
        }
        for (bool more = true; more;) {
            more = false;
            for (Chain& c : chains) {
                if (walking(c)) {
                    step(c);
                    more = true;
                }
            }
        }
    };
    for (const QueueGroup& g : queue) {
        consume(static_cast<double>(g.live), g.ageSeconds);
    }
    // Those not in line yet (the pre-queue, newcomers), as if they joined now: the table
    // reaches past the last person waiting, and beyond it the last step's slope goes on.
    consume(static_cast<double>(std::max<std::uint64_t>(notYetInLine, 1000)), 0.0);
}

// The interval [i − 1, i] to interpolate a place in, from the index of the first position
// above it (as std::upper_bound finds it); past the end, the last one (its slope goes on).
std::size_t intervalOf(std::size_t firstAbove, std::size_t size) {
    return std::clamp<std::size_t>(firstAbove, 1, size - 1);
}

// The intervals of ascending places in `positions` (ascending). Each call moves on from where
// the last one stopped: the table's 1,024 places walk the positions once, where a binary
// search per place was most of observeQueue's own time on the 2021 night.
class IntervalCursor {
public:
    explicit IntervalCursor(const std::vector<double>& positions) : m_positions(positions) {}
    std::size_t next(double position) {
        while (m_first < m_positions.size() && m_positions[m_first] <= position) {
            ++m_first;
        }
        return intervalOf(m_first, m_positions.size());
    }

private:
    const std::vector<double>& m_positions;
    std::size_t m_first = 0;
};

double interpolate(const std::vector<double>& positions, const std::vector<double>& seconds,
                   std::size_t i, double position) {
    const double p0 = positions[i - 1], p1 = positions[i];
    const double s0 = seconds[i - 1], s1 = seconds[i];
    return p1 > p0 ? s0 + (s1 - s0) * (position - p0) / (p1 - p0) : s1;
}

} // namespace

void WaitForecaster::observeTick(TimeMs elapsedMs, std::uint32_t admitted, bool hadDemand,
                                 bool paused, const EventConfig& config) {
    if (elapsedMs <= 0 || !hadDemand || paused) {
        if (paused && m_stalledSeconds > 0) {
            ++m_version;
            m_stalledSeconds = 0; // a pause is not a stall
        }
        return;
    }
    const double dt = static_cast<double>(elapsedMs) / 1000.0;
    const double alpha = 1.0 - std::exp(-dt / kAverageSeconds);
    ++m_version;
    if (m_observedSeconds == 0) {
        m_measured = plannedRatePerSecond(config);
    }
    m_measured += alpha * (static_cast<double>(admitted) / dt - m_measured);
    m_observedSeconds = std::min(kAverageSeconds, m_observedSeconds + dt);
    m_stalledSeconds = admitted > 0 ? 0.0 : m_stalledSeconds + dt;
}

void WaitForecaster::observeDeparture(double ageSeconds) {
    m_departures.observeDeparture(ageSeconds);
}

void WaitForecaster::observeQueue(double elapsedSeconds, const std::vector<QueueGroup>& queue,
                                  const std::vector<QueueGroup>& notYetInLine,
                                  const EventConfig& config) {
    ++m_version;
    std::uint64_t later = 0;
    for (const QueueGroup& g : notYetInLine) {
        later += g.live;
    }
    if (elapsedSeconds > 0) {
        for (const QueueGroup& g : notYetInLine) {
            m_departures.observeExposure(std::max(0.0, g.ageSeconds - elapsedSeconds / 2),
                                         static_cast<double>(g.live) * elapsedSeconds);
        }
        for (const QueueGroup& g : queue) {
            // The people of a group aged through the interval: count them at its middle.
            m_departures.observeExposure(std::max(0.0, g.ageSeconds - elapsedSeconds / 2),
                                         static_cast<double>(g.live) * elapsedSeconds);
        }
    }
    m_sinceRefitSeconds += elapsedSeconds;
    if (m_sinceRefitSeconds >= kRefitEverySeconds || elapsedSeconds <= 0) {
        m_sinceRefitSeconds = 0;
        m_departures.refit();
    }
    const Derived& d = derived(config);
    m_tableRate = d.blended;
    if (m_walked.valid && m_walked.rate == m_tableRate && m_walked.later == later &&
        m_walked.departures == m_departures.tableVersion() && m_walked.queue == queue) {
        ++m_version; // as below: the table is the one the same walk gave last time
        return;
    }
    m_walked = Walked{true, queue, later, m_tableRate, m_departures.tableVersion()};
    m_table = Table{};
    m_tableBuilt = true; // empty, unless walked below
    if (m_tableRate > 0) {
        walkAll(m_walks, queue, later, m_tableRate, m_departures);
        // Read onto an even grid up to the last place walked (beyond it, the last slope).
        const double end = std::max(1.0, m_walks[1].position.back());
        m_table.positionStep = end / static_cast<double>(kTablePoints);
        m_tableBuilt = false;
        m_tableReads = 0;
    }
    ++m_version; // the table changed: the cached scale must be derived again
}

// The table's point i of hazard scale k, read from the walk as buildTable() reads it.
double WaitForecaster::tableSeconds(std::size_t k, std::size_t i) const {
    if (m_tableBuilt) {
        return m_table.seconds[k][i];
    }
    const Walk& w = m_walks[k];
    const double p = static_cast<double>(i) * m_table.positionStep;
    const auto above = std::upper_bound(w.position.begin(), w.position.end(), p);
    return interpolate(
        w.position, w.seconds,
        intervalOf(static_cast<std::size_t>(above - w.position.begin()), w.position.size()), p);
}

void WaitForecaster::buildTable() const {
    if (m_tableBuilt) {
        return;
    }
    for (std::size_t k = 0; k < kTables; ++k) {
        const Walk& w = m_walks[k];
        IntervalCursor interval(w.position);
        m_table.seconds[k].clear();
        m_table.seconds[k].reserve(kTablePoints + 1);
        for (std::size_t i = 0; i <= kTablePoints; ++i) {
            const double p = static_cast<double>(i) * m_table.positionStep;
            m_table.seconds[k].push_back(interpolate(w.position, w.seconds, interval.next(p), p));
        }
    }
    m_tableBuilt = true;
}

void WaitForecaster::observeSlotFreed(double heldSeconds) {
    ++m_version;
    ++m_slotsFreed;
    if (m_slotsFreed == 1) {
        m_meanHeldSeconds = heldSeconds;
    } else {
        m_meanHeldSeconds += kSlotAverageWeight * (heldSeconds - m_meanHeldSeconds);
    }
}

void WaitForecaster::restart(const EventConfig& config) {
    ++m_version;
    m_observedSeconds = 0;
    m_stalledSeconds = 0;
    m_measured = plannedRatePerSecond(config);
}

double WaitForecaster::plannedRatePerSecond(const EventConfig& config) const {
    double rate = config.admissionRatePerMinute / 60.0;
    if (m_slotsFreed >= kMinSlotsForCapacityForecast && m_meanHeldSeconds > 0) {
        rate = std::min(rate, config.capacity / m_meanHeldSeconds);
    }
    return config.capacity > 0 ? rate : 0.0;
}

const WaitForecaster::Derived& WaitForecaster::derived(const EventConfig& config) const {
    Derived& d = m_derived;
    if (d.version == m_version && d.ratePerMinute == config.admissionRatePerMinute &&
        d.capacity == config.capacity && d.paused == config.paused) {
        return d;
    }
    d = Derived{m_version, config.admissionRatePerMinute, config.capacity, config.paused, 0, 0, 0,
                0};
    const double planned = plannedRatePerSecond(config);
    if (planned <= 0) {
        return d; // blended = 0: unknown
    }
    // Trust in the measured rate grows with how much of the 5-minute window it has seen.
    const double w = m_observedSeconds / kAverageSeconds;
    const double measured = w > 0 ? m_measured : planned;
    // A measured rate near zero (site down) must still give a finite figure; a long stall
    // is reported as such (estimate()).
    const double floorRate = planned * 0.01;
    d.blended = std::max(floorRate, (1.0 - w) * planned + w * measured);
    const double fast = std::max(planned, measured);
    const double slow = std::max(floorRate, std::min(planned, measured));
    d.lowFactor = std::min(1.0, d.blended / fast) * (1.0 - kRateMargin);
    d.highFactor = std::max(1.0, d.blended / slow) * (1.0 + kRateMargin);
    // The tables were walked at m_tableRate; a rate changed since (an operator's change, the
    // average moving between walks) scales them until the next walk.
    d.tableScale = m_tableRate > 0 ? m_tableRate / d.blended : 0.0;
    return d;
}

WaitEstimate WaitForecaster::estimate(std::uint64_t position, const EventConfig& config) const {
    WaitEstimate e;
    const Derived& d = derived(config);
    e.paused = config.paused;
    if (d.blended <= 0) {
        return e;
    }
    const double stallLimit = std::max(kStallSeconds, 3.0 / d.blended);
    if (m_stalledSeconds >= stallLimit) {
        e.stalled = true;
        return e;
    }
    const auto people = static_cast<double>(position);
    double seconds[kTables];
    if (d.tableScale > 0 && m_table.positionStep > 0) {
        const double x = people / m_table.positionStep;
        const std::size_t i = std::min(static_cast<std::size_t>(x), kTablePoints - 1);
        const double f = x - static_cast<double>(i); // past the end: the last slope goes on
        if (!m_tableBuilt && ++m_tableReads > kReadsBeforeTable) {
            buildTable();
        }
        for (std::size_t k = 0; k < kTables; ++k) {
            const double t0 = tableSeconds(k, i), t1 = tableSeconds(k, i + 1);
            seconds[k] = (t0 + (t1 - t0) * f) * d.tableScale;
        }
    } else {
        seconds[0] = seconds[1] = seconds[2] = people / d.blended; // before the first walk
    }
    e.known = true;
    e.forecastRatePerSecond = d.blended;
    e.seconds = seconds[1];
    e.lowSeconds = std::min(seconds[0], seconds[1]) * d.lowFactor;
    e.highSeconds = std::max(seconds[2], seconds[1]) * d.highFactor;
    return e;
}

WaitForecaster::State WaitForecaster::state() const {
    buildTable();
    return State{
        m_measured, m_observedSeconds,   m_meanHeldSeconds, m_stalledSeconds,     m_slotsFreed,
        m_version,  m_sinceRefitSeconds, m_tableRate,       m_departures.state(), m_table};
}

void WaitForecaster::restore(const State& s) {
    m_measured = s.measured;
    m_observedSeconds = s.observedSeconds;
    m_meanHeldSeconds = s.meanHeldSeconds;
    m_stalledSeconds = s.stalledSeconds;
    m_slotsFreed = s.slotsFreed;
    m_sinceRefitSeconds = s.sinceRefitSeconds;
    m_tableRate = s.tableRate;
    m_departures.restore(s.departures);
    m_table = s.table;
    m_tableBuilt = true;
    m_walked = Walked{};       // walk afresh: the state says nothing of what the table came from
    m_version = s.version + 1; // cached derivations must not survive
}

} // namespace sluice::engine
