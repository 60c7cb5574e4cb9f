// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

namespace sluice::engine {

// How likely a waiting person is to give up, by how long they have waited (their "age" in
// the queue): the departure hazard h(a), per person per second.
//
// Why by age: on a launch night almost everyone in line arrived in the same few minutes,
// and people who have waited 5 minutes rarely leave while people who have waited 90
// minutes often do. A single hazard learnt over the last minutes (the first model) was
// learnt from a young crowd and so expected too few of the people ahead to leave before a
// newcomer's turn: estimates 20-30% too long for everyone who arrived at the peak, 50-130%
// on a 10-million-person night (docs/simulator.md, "Why the estimate over-shot").
//
// Learnt from the queue itself: exposure (person-seconds spent waiting at each age, in
// 10-minute bands) and departures (people who left or went idle, at their age). Ages not
// yet seen — early in the night nobody has waited two hours — come from a lognormal
// patience fitted to everything seen so far (censored Poisson likelihood over the bands),
// the usual model for how long people wait on hold; where a band has data of its own, the
// data outweigh the fit. Deterministic; no clock.
class DepartureModel {
public:
    static constexpr double kBandSeconds = 600.0;
    static constexpr int kBands = 72; // 12 hours; older ages share the last band

    void observeExposure(double ageSeconds, double personSeconds);
    void observeDeparture(double ageSeconds);
    // Fits the lognormal to the bands and rebuilds the hazard table. The caller decides
    // how often (the forecaster: once a minute of engine time).
    void refit();

    // Cumulative hazard from age 0 to `ageSeconds`: the survival from age a to b is
    // exp(−(cumulative(b) − cumulative(a))). Uses the table of the latest refit().
    double cumulative(double ageSeconds) const {
        ageSeconds = std::max(0.0, ageSeconds);
        const int b = bandOf(ageSeconds);
        return m_cumulative[static_cast<std::size_t>(b)] +
               m_hazard[static_cast<std::size_t>(b)] * (ageSeconds - b * kBandSeconds);
    }
    // Changes whenever the hazard table (cumulative(), hazard()) may have changed.
    std::uint64_t tableVersion() const { return m_tableVersion; }
    double hazard(double ageSeconds) const; // per second, as of the latest refit()
    bool fitted() const { return m_fitted; }
    double fittedMedianSeconds() const;
    double fittedSigma() const { return m_sigma; }
    double departuresSeen() const;

    struct State {
        std::array<double, kBands> exposure{}, departures{};
        double mu = 0, sigma = 0;
        bool fitted = false;
    };
    State state() const { return {m_exposure, m_departures, m_mu, m_sigma, m_fitted}; }
    void restore(const State& s);

private:
    static int bandOf(double ageSeconds) {
        const auto b = static_cast<int>(std::max(0.0, ageSeconds) / kBandSeconds);
        return std::min(b, kBands - 1);
    }
    double fittedHazard(double ageSeconds) const;
    void rebuildTable();

    std::array<double, kBands> m_exposure{};   // person-seconds waited at each age band
    std::array<double, kBands> m_departures{}; // people who left at each age band
    double m_mu = 0, m_sigma = 0;              // lognormal patience: ln-median, spread
    bool m_fitted = false;
    // Derived by refit()/restore(): the hazard per band and its running sum at band starts.
    std::array<double, kBands> m_hazard{};
    std::array<double, kBands + 1> m_cumulative{};
    std::uint64_t m_tableVersion = 0;
    // Where the latest refit() started, while nothing has been observed since (it is then
    // known to change nothing).
    struct FitStart {
        double mu, sigma;
        bool fitted;
        bool operator==(const FitStart&) const = default;
    };
    std::optional<FitStart> m_lastFit;
};

} // namespace sluice::engine
