// SPDX-License-Identifier: Apache-2.0
#include "sample_store.h"

#include <algorithm>

namespace sluice::ui {

void SampleStore::append(const QList<sim::SimSample>& samples) {
    m_samples.insert(m_samples.end(), samples.begin(), samples.end());
}

QList<QPointF> SampleStore::points(const Column& column, int maxPoints) const {
    QList<QPointF> out;
    const auto n = m_samples.size();
    if (n == 0) {
        return out;
    }
    const auto buckets = static_cast<std::size_t>(std::max(1, maxPoints / 2));
    if (n <= buckets * 2) {
        out.reserve(static_cast<qsizetype>(n));
        for (const sim::SimSample& s : m_samples) {
            out.append(QPointF(static_cast<double>(s.at), column(s)));
        }
        return out;
    }
    out.reserve(static_cast<qsizetype>(buckets * 2));
    for (std::size_t b = 0; b < buckets; ++b) {
        const std::size_t from = b * n / buckets, to = (b + 1) * n / buckets;
        std::size_t lo = from, hi = from;
        double loValue = column(m_samples[from]), hiValue = loValue;
        for (std::size_t i = from + 1; i < to; ++i) {
            const double v = column(m_samples[i]);
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
        const auto point = [&](std::size_t i, double v) {
            out.append(QPointF(static_cast<double>(m_samples[i].at), v));
        };
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

} // namespace sluice::ui
