// SPDX-License-Identifier: Apache-2.0
#include "estimate_accuracy.h"

#include "sim/simulation.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace sluice::ui {
namespace {

// The lower middle for an even count (nearest rank); NaN for none.
double medianOf(std::vector<double>& v) {
    if (v.empty()) {
        return series::kNoFigure;
    }
    const auto middle = v.begin() + static_cast<std::ptrdiff_t>((v.size() - 1) / 2);
    std::nth_element(v.begin(), middle, v.end());
    return *middle;
}

engine::TimeMs floorTo(engine::TimeMs at, engine::TimeMs step) {
    return at >= 0 ? at / step * step : -((-at + step - 1) / step) * step;
}

} // namespace

engine::TimeMs EstimateAccuracy::knownUpTo() const {
    engine::TimeMs upTo = 0;
    for (const AccuracyBin& b : bins) {
        if (!b.final) {
            break;
        }
        upTo = b.from + binMs;
    }
    return upTo;
}

std::uint64_t EstimateAccuracy::stillWaiting() const {
    std::uint64_t n = 0;
    for (const AccuracyBin& b : bins) {
        n += b.stillWaiting;
    }
    return n;
}

engine::TimeMs accuracyBinMs(engine::TimeMs spanMs) {
    constexpr std::array<engine::TimeMs, 7> kMinutes{1, 2, 5, 10, 15, 30, 60};
    for (const engine::TimeMs m : kMinutes) {
        if (spanMs <= m * 60'000 * 240) {
            return m * 60'000;
        }
    }
    return kMinutes.back() * 60'000;
}

AccuracyBinner::AccuracyBinner(engine::TimeMs start, engine::TimeMs binMs)
    : m_start(start), m_binMs(std::max<engine::TimeMs>(1000, binMs)) {
    m_out.binMs = m_binMs;
}

void AccuracyBinner::add(const sim::PersonRecord& p) {
    const auto arrival =
        m_start + static_cast<engine::TimeMs>(std::llround(p.arrivalSeconds * 1000));
    const engine::TimeMs from = floorTo(arrival, m_binMs);
    if (!m_open || from != m_bin.from) {
        if (m_open) {
            close();
        }
        // Bins with no arrival between two with some are still there (empty), so the chart's
        // bins are evenly spaced and a lull is a gap.
        for (engine::TimeMs next = m_open ? m_bin.from + m_binMs : from; next < from;
             next += m_binMs) {
            AccuracyBin empty;
            empty.from = next;
            empty.final = true;
            m_out.bins.push_back(empty);
        }
        m_bin = AccuracyBin{};
        m_bin.from = from;
        m_open = true;
    }
    ++m_bin.arrived;
    switch (p.outcome) {
    case sim::PersonOutcome::GaveUp:
    case sim::PersonOutcome::LeftOnEstimate:
        ++m_bin.gaveUp;
        break;
    case sim::PersonOutcome::StillQueued:
        ++m_bin.stillWaiting;
        break;
    default:
        break;
    }
    if (!p.admittedSeconds) {
        return; // never reached the front (or got past the queue without it): not scored
    }
    if (!p.first) {
        // Admitted having been shown only words ("unknown", "paused"): counted, no figure.
        if (p.last && !p.last->seconds) {
            ++m_bin.reachedFront;
            ++m_bin.shownWords;
            m_real.push_back((*p.admittedSeconds - p.arrivalSeconds) / 60);
        }
        return;
    }
    ++m_bin.reachedFront;
    const double real = *p.admittedSeconds - p.first->atSeconds;
    m_real.push_back(real / 60);
    m_shown.push_back(*p.first->seconds / 60);
    if (p.first->lowSeconds && p.first->highSeconds) {
        m_low.push_back(*p.first->lowSeconds / 60);
        m_high.push_back(*p.first->highSeconds / 60);
        ++m_ranged;
        if (real >= *p.first->lowSeconds && real <= *p.first->highSeconds) {
            ++m_inRange;
        }
    }
}

void AccuracyBinner::close() {
    m_bin.shownMinutes = medianOf(m_shown);
    m_bin.lowMinutes = medianOf(m_low);
    m_bin.highMinutes = medianOf(m_high);
    m_bin.realMinutes = medianOf(m_real);
    m_bin.inRangeShare =
        m_ranged > 0 ? static_cast<double>(m_inRange) / m_ranged : series::kNoFigure;
    m_bin.final = m_bin.stillWaiting == 0;
    m_out.bins.push_back(m_bin);
    m_shown.clear();
    m_low.clear();
    m_high.clear();
    m_real.clear();
    m_inRange = m_ranged = 0;
}

EstimateAccuracy AccuracyBinner::finish(engine::TimeMs asOf) {
    if (m_open) {
        close();
        m_open = false;
    }
    m_out.asOf = asOf;
    EstimateAccuracy out = std::move(m_out);
    m_out = EstimateAccuracy{};
    m_out.binMs = m_binMs;
    return out;
}

EstimateAccuracy accuracyOf(const sim::Simulation& sim) {
    AccuracyBinner binner(sim.start(), accuracyBinMs(sim.end() - sim.start()));
    sim.forEachPersonByArrival([&binner](const sim::PersonRecord& p) { binner.add(p); });
    return binner.finish(sim.now());
}

EstimateAccuracy accuracyOfSamples(std::span<const series::Sample> samples, engine::TimeMs binMs) {
    EstimateAccuracy out;
    out.binMs = std::max<engine::TimeMs>(1000, binMs);
    out.fromSamples = true;
    if (samples.empty()) {
        return out;
    }
    out.asOf = samples.back().at;
    const engine::TimeMs first = floorTo(samples.front().at, out.binMs);
    const auto binOf = [&](engine::TimeMs at) {
        return static_cast<std::size_t>((floorTo(at, out.binMs) - first) / out.binMs);
    };
    const std::size_t n = binOf(samples.back().at) + 1;
    std::vector<std::vector<double>> shown(n), real(n);
    engine::TimeMs lastAdmittedArrival = 0; // of the people admitted most recently
    for (const series::Sample& s : samples) {
        if (series::hasFigure(s.shownEstimateSeconds)) {
            shown[binOf(s.at)].push_back(s.shownEstimateSeconds / 60);
        }
        if (s.admitsPerSecond > 0 && s.realisedWaitSeconds > 0) {
            const engine::TimeMs arrival =
                s.at - static_cast<engine::TimeMs>(std::llround(s.realisedWaitSeconds * 1000));
            lastAdmittedArrival = arrival;
            if (arrival >= first) {
                real[binOf(arrival)].push_back(s.realisedWaitSeconds / 60);
            }
        }
    }
    out.bins.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        AccuracyBin& b = out.bins[i];
        b.from = first + static_cast<engine::TimeMs>(i) * out.binMs;
        b.reachedFront = static_cast<std::uint32_t>(real[i].size()); // seconds, not people
        b.shownMinutes = medianOf(shown[i]);
        b.realMinutes = medianOf(real[i]);
        b.final = b.from + out.binMs <= lastAdmittedArrival;
    }
    return out;
}

} // namespace sluice::ui
