// SPDX-License-Identifier: Apache-2.0
#include "departure_model.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numbers>
#include <vector>

namespace sluice::engine {
namespace {

// Below this many departures a fit says more about noise than about patience.
constexpr double kMinDeparturesToFit = 200.0;
// A band's own data count as much as the fit once it has seen this many departures: the
// weight given to the fit is that many departures' worth of exposure.
constexpr double kFitWeightDepartures = 50.0;
constexpr double kMinMu = 4.0;  // e^4 s ≈ 1 minute
constexpr double kMaxMu = 12.5; // e^12.5 s ≈ 75 hours
constexpr double kMinSigma = 0.2;
// Departures in the first band (10 minutes of waiting) are mostly reactions — to the figure
// shown, to a page that failed — not patience running out: on the 10-million-person night
// they were as frequent as at two hours, and a fit that took them in saw a hazard falling
// with age and expected far too few of the people ahead to leave (estimates 2× too long).
// The fit of patience starts at the second band; the first keeps its own data.
constexpr std::size_t kFirstFittedBand = 1;
constexpr double kMaxSigma = 2.5;

// `logAge` is std::log(age), passed in where the same ages recur (the fit's grid search
// evaluates the same band middles thousands of times).
double lognormalHazard(double age, double logAge, double mu, double sigma) {
    if (age <= 0) {
        return 0.0;
    }
    const double z = (logAge - mu) / sigma;
    const double density =
        std::exp(-0.5 * z * z) / (std::sqrt(2.0 * std::numbers::pi) * sigma * age);
    const double survival = 0.5 * std::erfc(z / std::sqrt(2.0));
    // Far in the tail the ratio tends to z / (σ·a): keep it finite where erfc underflows.
    return survival > 1e-300 ? density / survival : std::max(z, 0.0) / (sigma * age);
}

double bandMid(int b) {
    return (b + 0.5) * DepartureModel::kBandSeconds;
}

double lognormalHazard(double age, double mu, double sigma) {
    return lognormalHazard(age, age > 0 ? std::log(age) : 0.0, mu, sigma);
}

// The first round of the fit's grid search is the same grid every time: its hazards and
// their logs, by point (in the search's order) and band, worked out once (968 KB), so that
// a refit's first round is sums of products; the same functions, the same figures.
constexpr double kCoarseMuStep = 0.25, kCoarseSigmaStep = 0.1;
struct CoarseGrid {
    std::vector<double> mu, sigma;         // per point
    std::vector<double> hazard, logHazard; // per point, kBands each
};

// std::log of each band's middle, once.
const std::array<double, DepartureModel::kBands>& logBandMids() {
    static const std::array<double, DepartureModel::kBands> logs = [] {
        std::array<double, DepartureModel::kBands> l{};
        for (int b = 0; b < DepartureModel::kBands; ++b) {
            l[static_cast<std::size_t>(b)] = std::log(bandMid(b));
        }
        return l;
    }();
    return logs;
}

const CoarseGrid& coarseGrid() {
    static const CoarseGrid grid = [] {
        CoarseGrid g;
        const auto& logMid = logBandMids();
        for (double mu = kMinMu; mu <= kMaxMu + 1e-9; mu += kCoarseMuStep) {
            for (double s = kMinSigma; s <= kMaxSigma + 1e-9; s += kCoarseSigmaStep) {
                g.mu.push_back(mu);
                g.sigma.push_back(s);
                for (int b = 0; b < DepartureModel::kBands; ++b) {
                    const double h =
                        lognormalHazard(bandMid(b), logMid[static_cast<std::size_t>(b)], mu, s);
                    g.hazard.push_back(h);
                    g.logHazard.push_back(h > 0 ? std::log(h) : 0.0);
                }
            }
        }
        return g;
    }();
    return grid;
}

} // namespace

void DepartureModel::observeExposure(double ageSeconds, double personSeconds) {
    m_exposure[static_cast<std::size_t>(bandOf(ageSeconds))] += personSeconds;
    m_lastFit.reset();
}

void DepartureModel::observeDeparture(double ageSeconds) {
    m_departures[static_cast<std::size_t>(bandOf(ageSeconds))] += 1.0;
    m_lastFit.reset();
}

double DepartureModel::departuresSeen() const {
    double n = 0;
    for (const double d : m_departures) {
        n += d;
    }
    return n;
}

double DepartureModel::fittedMedianSeconds() const {
    return m_fitted ? std::exp(m_mu) : 0.0;
}

double DepartureModel::fittedHazard(double ageSeconds) const {
    return lognormalHazard(ageSeconds, m_mu, m_sigma);
}

void DepartureModel::refit() {
    // The fit is a function of the bands and of where its search starts (the previous fit).
    // With nothing observed since a refit that started from the same point, it would find
    // the same fit and table again: an empty night's tail skips the search (a few ms each).
    const FitStart start{m_mu, m_sigma, m_fitted};
    if (m_lastFit && *m_lastFit == start) {
        return;
    }
    m_lastFit = start;
    if (departuresSeen() - m_departures[0] >= kMinDeparturesToFit) {
        // Poisson log-likelihood of the bands: Σ d·ln h − e·h, h at the band's middle.
        const auto& logMid = logBandMids();
        auto logLikelihood = [&](double mu, double sigma) {
            double ll = 0;
            for (std::size_t b = kFirstFittedBand; b < kBands; ++b) {
                if (m_exposure[b] <= 0) {
                    continue;
                }
                const double h =
                    lognormalHazard(bandMid(static_cast<int>(b)), logMid[b], mu, sigma);
                ll += (h > 0 ? m_departures[b] * std::log(h) : (m_departures[b] > 0 ? -1e300 : 0)) -
                      m_exposure[b] * h;
            }
            return ll;
        };
        // The first round's grid, from its table (coarseGrid): the same sum, term by term.
        const CoarseGrid& grid = coarseGrid();
        auto coarseLogLikelihood = [&](std::size_t point) {
            const double* hs = &grid.hazard[point * static_cast<std::size_t>(kBands)];
            const double* logs = &grid.logHazard[point * static_cast<std::size_t>(kBands)];
            double ll = 0;
            for (std::size_t b = kFirstFittedBand; b < kBands; ++b) {
                if (m_exposure[b] <= 0) {
                    continue;
                }
                const double h = hs[b];
                ll += (h > 0 ? m_departures[b] * logs[b] : (m_departures[b] > 0 ? -1e300 : 0)) -
                      m_exposure[b] * h;
            }
            return ll;
        };
        // A coarse grid over every plausible patience, then two finer ones around the best:
        // the likelihood has a long ridge early in the night, and a grid cannot diverge.
        double bestMu = m_fitted ? m_mu : 8.0, bestSigma = m_fitted ? m_sigma : 1.0;
        double best = logLikelihood(bestMu, bestSigma);
        double muStep = kCoarseMuStep, sigmaStep = kCoarseSigmaStep;
        double muLo = kMinMu, muHi = kMaxMu, sLo = kMinSigma, sHi = kMaxSigma;
        for (int round = 0; round < 3; ++round) {
            std::size_t point = 0;
            for (double mu = muLo; mu <= muHi + 1e-9; mu += muStep) {
                for (double s = sLo; s <= sHi + 1e-9; s += sigmaStep) {
                    assert(round > 0 || (grid.mu[point] == mu && grid.sigma[point] == s));
                    const double ll =
                        round == 0 ? coarseLogLikelihood(point++) : logLikelihood(mu, s);
                    if (ll > best) {
                        best = ll;
                        bestMu = mu;
                        bestSigma = s;
                    }
                }
            }
            muLo = std::max(kMinMu, bestMu - 2 * muStep);
            muHi = std::min(kMaxMu, bestMu + 2 * muStep);
            sLo = std::max(kMinSigma, bestSigma - 2 * sigmaStep);
            sHi = std::min(kMaxSigma, bestSigma + 2 * sigmaStep);
            muStep /= 5;
            sigmaStep /= 5;
        }
        m_mu = bestMu;
        m_sigma = bestSigma;
        m_fitted = true;
    }
    rebuildTable();
}

void DepartureModel::rebuildTable() {
    ++m_tableVersion;
    double exposure = 0, departures = 0;
    for (std::size_t b = 0; b < kBands; ++b) {
        exposure += m_exposure[b];
        departures += m_departures[b];
    }
    const double pooled = exposure > 0 ? departures / exposure : 0.0;
    m_cumulative[0] = 0;
    for (std::size_t b = 0; b < kBands; ++b) {
        // The band's own rate, shrunk towards the fit (or the pooled rate before there is
        // one) by kFitWeightDepartures departures' worth of exposure.
        const double prior = m_fitted ? fittedHazard(bandMid(static_cast<int>(b))) : pooled;
        double h = prior;
        if (prior > 0) {
            const double priorExposure = kFitWeightDepartures / prior;
            h = (m_departures[b] + kFitWeightDepartures) / (m_exposure[b] + priorExposure);
        } else if (m_exposure[b] > 0) {
            h = m_departures[b] / m_exposure[b];
        }
        m_hazard[b] = h;
        m_cumulative[b + 1] = m_cumulative[b] + h * kBandSeconds;
    }
}

double DepartureModel::hazard(double ageSeconds) const {
    return m_hazard[static_cast<std::size_t>(bandOf(ageSeconds))];
}

void DepartureModel::restore(const State& s) {
    m_exposure = s.exposure;
    m_departures = s.departures;
    m_mu = s.mu;
    m_sigma = s.sigma;
    m_fitted = s.fitted;
    m_lastFit.reset();
    rebuildTable();
}

} // namespace sluice::engine
