// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "feed/series_points.h"
#include "series/sample.h"

#include <QList>
#include <span>
#include <vector>

namespace sluice::ui {

// Every 1-second sample of the run, and where the gaps in it are.
class SampleStore {
public:
    void append(const QList<series::Sample>& samples) {
        m_samples.insert(m_samples.end(), samples.begin(), samples.end());
    }
    void clear() { m_samples.clear(); }
    // Runs of samples without a gap, oldest first (one for a simulation; see splitAtGaps).
    std::vector<std::span<const series::Sample>> segments() const { return splitAtGaps(m_samples); }
    std::size_t gapCount() const {
        const std::size_t runs = segments().size();
        return runs == 0 ? 0 : runs - 1;
    }
    const std::vector<series::Sample>& samples() const { return m_samples; }
    bool empty() const { return m_samples.empty(); }
    const series::Sample& last() const { return m_samples.back(); }

private:
    std::vector<series::Sample> m_samples;
};

} // namespace sluice::ui
