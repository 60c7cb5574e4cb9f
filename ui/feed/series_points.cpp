// SPDX-License-Identifier: Apache-2.0
#include "series_points.h"

#include "series/sample.h"

#include <algorithm>

namespace sluice::ui {

QList<QPointF> columnPoints(std::span<const series::Sample> samples, const Column& column,
                            int maxPoints) {
    QList<QPointF> out;
    const auto n = samples.size();
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
        for (std::size_t i = 0; i < n; ++i) {
            point(i, value(i));
        }
        return out;
    }
    out.reserve(static_cast<qsizetype>(buckets * 2));
    for (std::size_t b = 0; b < buckets; ++b) {
        const std::size_t from = b * n / buckets, to = (b + 1) * n / buckets;
        std::size_t lo = from, hi = from;
        double loValue = value(from), hiValue = loValue;
        for (std::size_t i = from + 1; i < to; ++i) {
            const double v = value(i);
            if (v < loValue) {
                lo = i;
                loValue = v;
            }
            if (v > hiValue) {
                hi = i;
                hiValue = v;
            }
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
    for (const auto& run : runs) {
        const auto share = std::max<std::size_t>(
            4, static_cast<std::size_t>(std::max(0, maxPoints)) * run.size() / total);
        out.push_back(columnPoints(run, column, static_cast<int>(share)));
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
