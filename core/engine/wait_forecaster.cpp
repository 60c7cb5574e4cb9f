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
} // namespace

void WaitForecaster::observeTick(TimeMs elapsedMs, std::uint32_t admitted, std::uint64_t departed,
                                 std::uint64_t waiting, bool hadDemand, bool paused,
                                 const EventConfig& config) {
    if (elapsedMs <= 0 || !hadDemand) {
        return;
    }
    const double dt = static_cast<double>(elapsedMs) / 1000.0;
    const double alpha = 1.0 - std::exp(-dt / kAverageSeconds);
    // People give up during a pause too: the hazard keeps learning while the rate waits.
    const double population = static_cast<double>(waiting + departed);
    ++m_version;
    if (population > 0) {
        m_hazard += alpha * (static_cast<double>(departed) / population / dt - m_hazard);
    }
    if (paused) {
        return;
    }
    if (m_observedSeconds == 0) {
        m_measured = plannedRatePerSecond(config);
    }
    m_measured += alpha * (static_cast<double>(admitted) / dt - m_measured);
    m_observedSeconds = std::min(kAverageSeconds, m_observedSeconds + dt);
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
        d.capacity == config.capacity) {
        return d;
    }
    d = Derived{m_version, config.admissionRatePerMinute, config.capacity, 0, 0, 0, 0, 0};
    const double planned = plannedRatePerSecond(config);
    if (planned <= 0) {
        return d; // blended = 0: unknown
    }
    // Trust in the measured rate grows with how much of the 5-minute window it has seen.
    const double w = m_observedSeconds / kAverageSeconds;
    const double measured = w > 0 ? m_measured : planned;
    // A measured rate near zero (site down) must still give a finite, growing figure.
    const double floorRate = planned * 0.01;
    d.blended = std::max(floorRate, (1.0 - w) * planned + w * measured);
    d.invBlended = 1.0 / d.blended;
    const double fast = std::max(planned, measured);
    const double slow = std::max(floorRate, std::min(planned, measured));
    // The range scales the estimate by how far the faster and slower rates are from the
    // blended one.
    d.lowFactor = std::min(1.0, d.blended / fast) * 0.9;
    d.highFactor = std::max(1.0, d.blended / slow) * 1.1;
    d.invHazard = m_hazard > 0 ? 1.0 / m_hazard : 0.0;
    return d;
}

WaitEstimate WaitForecaster::estimate(std::uint64_t position, const EventConfig& config) const {
    WaitEstimate e;
    const Derived& d = derived(config);
    if (d.blended <= 0) {
        return e;
    }
    const auto people = static_cast<double>(position);
    const double x = m_hazard * people * d.invBlended;
    // log1p keeps the no-departure limit (x → 0) exact: p / r.
    const double seconds = x < 1e-9 ? people * d.invBlended : std::log1p(x) * d.invHazard;
    e.known = true;
    e.forecastRatePerSecond = d.blended;
    e.seconds = seconds;
    e.lowSeconds = seconds * d.lowFactor;
    e.highSeconds = seconds * d.highFactor;
    return e;
}

} // namespace sluice::engine
