// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/prng.h"

#include <algorithm>
#include <cstdint>

namespace sluice::sim {

// The queue-server fleet as a request budget: `nodes × perNode` requests a second. Within
// the budget every request is served. Over it, a request is served with the probability
// budget ÷ (what was offered in the previous second), and never beyond the budget: the
// rest fail (time-out or 503) and the clients retry — the load amplification of the seed
// night. Random, not first-come, so clients polling at a fixed phase are not starved.
class ServerFleet {
public:
    ServerFleet(int nodes, int perNode, std::uint64_t seed)
        : m_nodes(nodes), m_perNode(perNode), m_rng(seed) {}

    // Called at each whole second of simulated time, before that second's requests.
    void startSecond() {
        m_lastOffered = m_offered;
        m_lastServed = m_served;
        m_lastFailed = m_offered - m_served;
        m_offered = 0;
        m_served = 0;
        const std::uint64_t budget = budgetPerSecond();
        m_acceptPer2to32 = (budget == 0 || m_lastOffered <= budget)
                               ? (std::uint64_t{1} << 32)
                               : (budget << 32) / m_lastOffered;
    }

    bool offer() {
        ++m_offered;
        const std::uint64_t budget = budgetPerSecond();
        if (budget != 0 && (m_served >= budget || (m_rng.next() >> 32) >= m_acceptPer2to32)) {
            return false;
        }
        ++m_served;
        return true;
    }

    // Requests served without an offer each (a quiet stretch's polls, counted per second by
    // QuietPollLoad): they count in this second's offered and served load.
    void addServed(std::uint64_t requests) {
        m_offered += requests;
        m_served += requests;
    }
    // This second turns requests away at random (the previous one was over the budget).
    bool overloaded() const { return m_acceptPer2to32 < (std::uint64_t{1} << 32); }

    void setNodes(int nodes) { m_nodes = nodes; }
    int nodes() const { return m_nodes; }
    // 0 = unlimited.
    std::uint64_t budgetPerSecond() const {
        return m_perNode == 0
                   ? 0
                   : static_cast<std::uint64_t>(m_nodes) * static_cast<std::uint64_t>(m_perNode);
    }
    std::uint64_t lastSecondOffered() const { return m_lastOffered; }
    std::uint64_t lastSecondFailed() const { return m_lastFailed; }

private:
    int m_nodes;
    int m_perNode;
    engine::SplitMix64 m_rng;
    std::uint64_t m_offered = 0, m_served = 0;
    std::uint64_t m_lastOffered = 0, m_lastServed = 0, m_lastFailed = 0;
    std::uint64_t m_acceptPer2to32 = std::uint64_t{1} << 32;
};

} // namespace sluice::sim
