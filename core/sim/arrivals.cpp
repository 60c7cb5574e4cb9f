// SPDX-License-Identifier: Apache-2.0
#include "arrivals.h"

#include "engine/prng.h"

#include <algorithm>
#include <cmath>

namespace sluice::sim {
namespace {

double uniform01(engine::SplitMix64& rng) {
    return engine::unitOpen(rng.next());
}

engine::TimeMs openingOf(const Scenario& sc, std::size_t cohort) {
    return sc.event.cohorts.empty() ? sc.event.opensAt : sc.event.cohorts[cohort].opensAt;
}

} // namespace

std::vector<Arrival> drawArrivals(const Scenario& sc, std::uint64_t seed) {
    engine::SplitMix64 rng(engine::mix64(seed ^ 0xA11'7E5ULL));
    const engine::TimeMs endMs = std::int64_t{sc.durationSeconds} * engine::kMsPerSecond;
    const std::size_t cohorts = std::max<std::size_t>(1, sc.event.cohorts.size());
    std::vector<double> cumulative(cohorts);
    double total = 0;
    for (std::size_t c = 0; c < cohorts; ++c) {
        total += sc.population.cohortShares.empty() ? 1.0 : sc.population.cohortShares[c];
        cumulative[c] = total;
    }
    const Population& pop = sc.population;
    std::vector<Arrival> out;
    out.reserve(pop.people);
    auto keep = [&](double atFromStartMs, std::size_t cohort) {
        if (atFromStartMs >= 0 && atFromStartMs < static_cast<double>(endMs)) {
            out.push_back(Arrival{static_cast<std::uint32_t>(atFromStartMs),
                                  static_cast<std::uint8_t>(cohort)});
        }
    };
    // Those already waiting come first, at the first moment they can join as waiting.
    const auto first =
        static_cast<double>(std::max<engine::TimeMs>(openingOf(sc, 0) - sc.start, 0));
    for (std::uint32_t i = 0; i < pop.initialWaiting; ++i) {
        keep(first, 0);
    }
    const std::uint32_t arriving = pop.people - std::min(pop.people, pop.initialWaiting);
    if (pop.arrivals == ArrivalShape::Poisson) {
        double t = first;
        for (std::uint32_t i = 0; i < arriving; ++i) {
            t += -std::log(uniform01(rng)) * 1000.0 / pop.ratePerSecond;
            keep(std::floor(t), 0);
        }
        return out;
    }
    const double spikeMeanMs = pop.spikeSeconds * 1000.0 / 3.0; // 95% within spikeSeconds
    // The waves take their shares from the top of the draw, so that a scenario without waves
    // draws exactly what it always did.
    double waveShare = 0;
    for (const ArrivalWave& w : pop.waves) {
        waveShare += w.share;
    }
    const double restShare = 1 - pop.preQueueShare - waveShare;
    for (std::uint32_t i = 0; i < arriving; ++i) {
        std::size_t cohort = 0;
        if (cohorts > 1) {
            const double u = uniform01(rng) * total;
            cohort = static_cast<std::size_t>(
                std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
            cohort = std::min(cohort, cohorts - 1);
        }
        const auto openMs = static_cast<double>(openingOf(sc, cohort) - sc.start);
        const double kind = uniform01(rng);
        const double u = uniform01(rng);
        double at = 0;
        if (kind < pop.preQueueShare) {
            at = openMs - u * pop.preQueueSeconds * 1000.0;
        } else if (kind < pop.preQueueShare + restShare / 2) {
            at = openMs - std::log(u) * spikeMeanMs;
        } else if (kind < pop.preQueueShare + restShare) {
            at = openMs + u * pop.tailSeconds * 1000.0;
        } else {
            double above = kind - pop.preQueueShare - restShare;
            std::size_t w = 0;
            while (w + 1 < pop.waves.size() && above >= pop.waves[w].share) {
                above -= pop.waves[w++].share;
            }
            const ArrivalWave& wave = pop.waves[w];
            at = static_cast<double>(wave.at - sc.start) -
                 std::log(u) * wave.spikeSeconds * 1000.0 / 3.0;
        }
        keep(std::floor(at), cohort);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Arrival& a, const Arrival& b) { return a.atMs < b.atMs; });
    return out;
}

} // namespace sluice::sim
