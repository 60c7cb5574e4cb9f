// SPDX-License-Identifier: Apache-2.0
#include "series_points.h"

#include "series/sample.h"

#include <algorithm>
#include <cmath>

namespace sluice::ui {

namespace {

bool known(double v) {
    return std::isfinite(v);
}

// Samples [from, to) of `samples` as points, decimated to at most `maxPoints` (each bucket's
// minimum and maximum); a sample's previous is the one before it in `samples`, so a rate is
// right at the first sample of a piece too. Values without a figure (NaN: "unknown",
// "paused") are left out, never drawn as 0.
QList<QPointF> decimate(std::span<const series::Sample> samples, std::size_t from, std::size_t to,
                        const Column& column, int maxPoints) {
    QList<QPointF> out;
    const std::size_t n = to - from;
    if (n == 0) {
        return out;
    }
    const auto value = [&](std::size_t i) {
        return column(samples[i], samples[i == 0 ? 0 : i - 1]);
    };
    const auto point = [&](std::size_t i, double v) {
        out.append(QPointF(static_cast<double>(samples[i].at), v));
    };
    const auto buckets = static_cast<std::size_t>(std::max(1, maxPoints / 2));
    if (n <= buckets * 2) {
        out.reserve(static_cast<qsizetype>(n));
        for (std::size_t i = from; i < to; ++i) {
            if (const double v = value(i); known(v)) {
                point(i, v);
            }
        }
        return out;
    }
    out.reserve(static_cast<qsizetype>(buckets * 2));
    for (std::size_t b = 0; b < buckets; ++b) {
        const std::size_t first = from + b * n / buckets, last = from + (b + 1) * n / buckets;
        std::size_t lo = first, hi = first;
        double loValue = 0, hiValue = 0;
        bool any = false;
        for (std::size_t i = first; i < last; ++i) {
            const double v = value(i);
            if (!known(v)) {
                continue;
            }
            if (!any || v < loValue) {
                lo = i;
                loValue = v;
            }
            if (!any || v > hiValue) {
                hi = i;
                hiValue = v;
            }
            any = true;
        }
        if (!any) {
            continue; // a bucket with no figure at all: nothing, not 0
        }
        // In time order, each bucket's low and high (one point when they coincide).
        if (lo <= hi) {
            point(lo, loValue);
            if (hi != lo) {
                point(hi, hiValue);
            }
        } else {
            point(hi, hiValue);
            point(lo, loValue);
        }
    }
    return out;
}

} // namespace

QList<QPointF> columnPoints(std::span<const series::Sample> samples, const Column& column,
                            int maxPoints) {
    return decimate(samples, 0, samples.size(), column, maxPoints);
}

void GapIndex::extend(std::span<const series::Sample> samples) {
    for (std::size_t i = m_indexed; i < samples.size(); ++i) {
        if (i == 0 || isGap(samples[i - 1], samples[i])) {
            m_runStarts.push_back(i);
        }
    }
    m_indexed = std::max(m_indexed, samples.size());
}

void GapIndex::clear() {
    m_runStarts.clear();
    m_indexed = 0;
}

Runs GapIndex::runs(std::span<const series::Sample> samples) const {
    Runs out;
    out.reserve(m_runStarts.size());
    const std::size_t end = std::min(m_indexed, samples.size());
    for (std::size_t k = 0; k < m_runStarts.size() && m_runStarts[k] < end; ++k) {
        const std::size_t to = k + 1 < m_runStarts.size() ? std::min(m_runStarts[k + 1], end) : end;
        out.push_back(samples.subspan(m_runStarts[k], to - m_runStarts[k]));
    }
    return out;
}

Runs splitAtGaps(std::span<const series::Sample> samples) {
    GapIndex index;
    index.extend(samples);
    return index.runs(samples);
}

std::vector<QList<QPointF>> segmentedPoints(const Runs& runs, const Column& column, int maxPoints) {
    std::vector<QList<QPointF>> out;
    std::size_t total = 0;
    for (const auto& run : runs) {
        total += run.size();
    }
    total = std::max<std::size_t>(1, total);
    // A stretch without a figure at least one decimation bucket long is a gap in the line; a
    // shorter one is narrower than a pixel column and is only left out of its piece (so a
    // flickering "unknown" cannot make thousands of series).
    const std::size_t minGap =
        std::max<std::size_t>(1, total / static_cast<std::size_t>(std::max(1, maxPoints / 2)));
    const auto piece = [&](std::span<const series::Sample> run, std::size_t from, std::size_t to) {
        if (to <= from) {
            return;
        }
        const auto share = std::max<std::size_t>(
            4, static_cast<std::size_t>(std::max(0, maxPoints)) * (to - from) / total);
        QList<QPointF> points = decimate(run, from, to, column, static_cast<int>(share));
        if (!points.isEmpty()) {
            out.push_back(std::move(points));
        }
    };
    for (const auto& run : runs) {
        std::size_t start = 0;
        for (std::size_t i = 0; i < run.size();) {
            if (known(column(run[i], run[i == 0 ? 0 : i - 1]))) {
                ++i;
                continue;
            }
            std::size_t j = i + 1;
            while (j < run.size() && !known(column(run[j], run[j - 1]))) {
                ++j;
            }
            if (j - i >= minGap || i == start || j == run.size()) {
                piece(run, start, i);
                start = j;
            }
            i = j;
        }
        piece(run, start, run.size());
    }
    return out;
}

std::vector<QList<QPointF>> segmentedPoints(std::span<const series::Sample> samples,
                                            const Column& column, int maxPoints) {
    return segmentedPoints(splitAtGaps(samples), column, maxPoints);
}

const series::Sample* sampleAt(std::span<const series::Sample> samples, engine::TimeMs at,
                               const series::Sample** previous) {
    const auto after =
        std::upper_bound(samples.begin(), samples.end(), at,
                         [](engine::TimeMs t, const series::Sample& s) { return t < s.at; });
    if (after == samples.begin()) {
        return nullptr;
    }
    const auto it = after - 1;
    if (previous != nullptr) {
        *previous = it == samples.begin() ? &*it : &*(it - 1);
    }
    return &*it;
}

} // namespace sluice::ui
