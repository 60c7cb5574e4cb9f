// SPDX-License-Identifier: Apache-2.0
#include "sample_store.h"

#include <algorithm>

namespace sluice::ui {

void SampleStore::append(const QList<sim::SimSample>& samples) {
    for (const sim::SimSample& s : samples) {
        if (m_samples.empty() || s.at - m_samples.back().at > kGapMs) {
            m_segmentStarts.push_back(m_samples.size());
        }
        m_samples.push_back(s);
    }
}

std::vector<std::span<const sim::SimSample>> SampleStore::segments() const {
    std::vector<std::span<const sim::SimSample>> out;
    for (std::size_t i = 0; i < m_segmentStarts.size(); ++i) {
        const std::size_t from = m_segmentStarts[i];
        const std::size_t to =
            i + 1 < m_segmentStarts.size() ? m_segmentStarts[i + 1] : m_samples.size();
        out.emplace_back(m_samples.data() + from, to - from);
    }
    return out;
}

} // namespace sluice::ui
