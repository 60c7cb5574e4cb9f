// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <queue>
#include <vector>

namespace sluice::sim {

// A calendar queue with one bucket per millisecond over a 65.5-second ring, and a heap for
// events further out. Almost every event of launch night (polls, retries, claims) falls
// within a minute, so scheduling is an append and taking a millisecond's events is a walk
// over one vector: no heap operation per poll. Events of one millisecond come out in the
// order they were scheduled, which keeps runs reproducible.
template <class Event> class EventCalendar {
public:
    static constexpr std::int64_t kRingMs = 1 << 16;

    // `now` is the millisecond about to be processed; events before it cannot be scheduled.
    explicit EventCalendar(std::int64_t now) : m_ring(kRingMs), m_now(now) {}

    // `at` is clamped to the next millisecond: an event never lands in the bucket being
    // processed, so a processing loop sees each bucket once.
    void schedule(std::int64_t at, const Event& ev) {
        if (at <= m_now) {
            at = m_now + 1;
        }
        ++m_pending;
        if (at - m_now < kRingMs) {
            m_ring[static_cast<std::size_t>(at & (kRingMs - 1))].push_back(ev);
        } else {
            m_far.push(Far{at, m_farOrder++, ev});
        }
    }

    // The events due at `now` (which must be the next millisecond after the last call, or
    // later); valid until the next call. Pulls far events into the ring as they come near.
    std::vector<Event>& take(std::int64_t now) {
        m_ring[static_cast<std::size_t>(m_now & (kRingMs - 1))].clear();
        m_now = now;
        while (!m_far.empty() && m_far.top().at - now < kRingMs) {
            const Far& f = m_far.top();
            m_ring[static_cast<std::size_t>(f.at & (kRingMs - 1))].push_back(f.ev);
            m_far.pop();
        }
        std::vector<Event>& due = m_ring[static_cast<std::size_t>(now & (kRingMs - 1))];
        m_pending -= due.size();
        return due;
    }

    std::size_t pending() const { return m_pending; }
    std::size_t memoryBytes() const {
        std::size_t bytes = m_far.size() * sizeof(Far);
        for (const auto& b : m_ring) {
            bytes += b.capacity() * sizeof(Event);
        }
        return bytes;
    }

private:
    struct Far {
        std::int64_t at;
        std::uint64_t order; // ties keep scheduling order
        Event ev;
        bool operator>(const Far& o) const { return at != o.at ? at > o.at : order > o.order; }
    };
    std::vector<std::vector<Event>> m_ring;
    std::priority_queue<Far, std::vector<Far>, std::greater<>> m_far;
    std::int64_t m_now;
    std::uint64_t m_farOrder = 0;
    std::size_t m_pending = 0;
};

} // namespace sluice::sim
