// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "feed/series_points.h"
#include "series/sample.h"

#include <QList>
#include <algorithm>
#include <span>
#include <vector>

namespace sluice::ui {

// Every 1-second sample of the run, and where the gaps in it are (indexed as samples are
// added: asking for the runs at each chart refresh costs nothing per old sample). GUI thread.
class SampleStore {
public:
    // Address space for a week of 1-second samples (116 MiB), reserved, not touched: growing
    // a vector copies it into fresh pages, and on the GUI thread that copy was the live
    // console's longest stall (35–50 ms when 65,536 samples grew to room for 131,072, a page
    // fault per 4 KiB). Reserved pages take no memory until a sample is written to them.
    static constexpr std::size_t kReservedSamples = 7 * 24 * 3600;

    SampleStore() { m_samples.reserve(kReservedSamples); }
    void append(const QList<series::Sample>& samples) {
        m_samples.insert(m_samples.end(), samples.begin(), samples.end());
        m_gaps.extend(m_samples);
    }
    // Seconds missed (a node's own history of a gap): each sample not already held goes in
    // its place by time, and one held from fewer nodes (made live while another node was
    // still reconnecting) is replaced; the gaps are indexed again. Returns how many went in.
    std::size_t fill(const QList<series::Sample>& samples) {
        std::size_t added = 0;
        for (const series::Sample& s : samples) {
            const auto at = std::lower_bound(
                m_samples.begin(), m_samples.end(), s.at,
                [](const series::Sample& x, engine::TimeMs t) { return x.at < t; });
            if (at != m_samples.end() && at->at == s.at) {
                if (at->nodes < s.nodes) {
                    *at = s;
                    ++added;
                }
                continue; // held already
            }
            m_samples.insert(at, s);
            ++added;
        }
        if (added > 0) {
            m_gaps.clear();
            m_gaps.extend(m_samples);
        }
        return added;
    }
    void clear() {
        m_samples.clear(); // keeps the reserved capacity
        m_gaps.clear();
    }
    // Runs of samples without a gap, oldest first (one for a simulation).
    Runs segments() const { return m_gaps.runs(m_samples); }
    std::size_t gapCount() const { return m_gaps.gapCount(); }
    const std::vector<series::Sample>& samples() const { return m_samples; }
    bool empty() const { return m_samples.empty(); }
    const series::Sample& last() const { return m_samples.back(); }

private:
    std::vector<series::Sample> m_samples;
    GapIndex m_gaps;
};

} // namespace sluice::ui
