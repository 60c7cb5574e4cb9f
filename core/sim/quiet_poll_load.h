// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace sluice::sim {

// The queue-server requests of polls that are counted rather than simulated one by one (a
// waiting person's quiet stretch, see Simulation and docs/simulator.md, "Quiet stretches").
// A stretch's polls fall every `step` whole seconds, so the seconds they land in form an
// arithmetic progression: adding or taking back a stretch costs O(1) however many polls it
// holds (a difference array per step), where one event a poll cost a calendar entry, a
// person's line and a ticket's line each. Each poll is counted in the very second it falls
// in, so taking back the rest of a stretch whose polls become real again leaves no trace.
class QuietPollLoad {
public:
    static constexpr std::int64_t kMaxStepSeconds = 300;

    QuietPollLoad()
        : m_change(static_cast<std::size_t>((kMaxStepSeconds + 1) * kRing), 0),
          m_count(static_cast<std::size_t>((kMaxStepSeconds + 1) * kRing), 0) {}

    // Adds (sign +1) or takes back (sign -1) one poll in each of the seconds firstSecond,
    // firstSecond + step, … (`count` of them). firstSecond must not have been taken yet, and
    // the progression must end within kRing seconds of the last second taken.
    void add(std::int64_t firstSecond, std::int64_t step, std::int64_t count, int sign) {
        if (count <= 0 || step < 1 || step > kMaxStepSeconds) {
            return;
        }
        std::int64_t& until = m_until[static_cast<std::size_t>(step)];
        if (until + step <= m_taken) {
            // The step was idle (skipped by takeSecond): its counts are stale, start afresh.
            std::fill_n(m_count.begin() + step * kRing, kRing, 0);
        }
        until = std::max(until, firstSecond + count * step);
        change(step, firstSecond) += sign;
        change(step, firstSecond + count * step) -= sign;
    }

    // The polls counted in second `s`; called once for every second, in order from 0.
    std::uint64_t takeSecond(std::int64_t s) {
        m_taken = s;
        std::int64_t total = 0;
        for (std::int64_t step = 1; step <= kMaxStepSeconds; ++step) {
            if (m_until[static_cast<std::size_t>(step)] + step < s) {
                continue; // idle: every progression of this step has ended
            }
            // Polls in second s = those in s − step (the same progressions, one step on)
            // plus the progressions starting at s, minus those that ended.
            const std::int32_t c =
                (s >= step ? count(step, s - step) : 0) + std::exchange(change(step, s), 0);
            count(step, s) = c;
            total += c;
        }
        const auto whole = static_cast<std::uint64_t>(total > 0 ? total : 0);
        m_total += whole;
        return whole;
    }

    // All polls counted so far.
    std::uint64_t total() const { return m_total; }

private:
    static constexpr std::int64_t kRing = 1024; // seconds ahead a progression may reach

    std::int32_t& change(std::int64_t step, std::int64_t s) {
        return m_change[static_cast<std::size_t>(step * kRing + s % kRing)];
    }
    std::int32_t& count(std::int64_t step, std::int64_t s) {
        return m_count[static_cast<std::size_t>(step * kRing + s % kRing)];
    }

    std::vector<std::int32_t> m_change; // per step and second: progressions starting, ending
    std::vector<std::int32_t> m_count;  // per step and second: polls in that second
    // Per step: the second its last progression ends (its end marker); −kRing = never used.
    std::vector<std::int64_t> m_until =
        std::vector<std::int64_t>(static_cast<std::size_t>(kMaxStepSeconds + 1), -kRing);
    std::int64_t m_taken = -1; // the last second taken
    std::uint64_t m_total = 0;
};

} // namespace sluice::sim
