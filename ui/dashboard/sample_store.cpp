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
        for (std::size_t i = from; i < to; ++i) {
            const double v = column(m_samples[i]);
            if (v < column(m_samples[lo])) {
                lo = i;
            }
            if (v > column(m_samples[hi])) {
                hi = i;
            }
        }
        for (const std::size_t i : {std::min(lo, hi), std::max(lo, hi)}) {
            out.append(QPointF(static_cast<double>(m_samples[i].at), column(m_samples[i])));
        }
    }
    return out;
}

} // namespace sluice::ui
