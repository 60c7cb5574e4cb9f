// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <queue>
#include <vector>

namespace sluice::sim {

// A calendar queue: a ring of 32-ms buckets spanning 1,048 seconds, and a heap for events
// further out. Almost every event of launch night (polls at most a minute apart, retries,
// claims, the end of a quiet stretch at most 10 minutes ahead) lands in the ring, so scheduling is
// an append, and a bucket is split into its 32 milliseconds once, when the clock reaches it. Coarse
// buckets keep the appends' targets few enough to stay in cache; the split keeps millisecond
// resolution. Events of one millisecond come out in the order they were scheduled, which keeps runs
// reproducible.
//
// `Event` must have a `std::uint8_t calendarMs` member: the calendar keeps an event's
// millisecond inside its bucket there, so a ring entry is the event itself (8 bytes for the
// simulator's) rather than the event plus a tag.
template <class Event> class EventCalendar {
public:
    static constexpr int kShift = 5;
    static constexpr std::int64_t kBucketMs = std::int64_t{1} << kShift;
    static constexpr std::int64_t kBuckets = std::int64_t{1} << 15;
    static constexpr std::size_t kKeptCapacity = 512; // events a ring slot keeps room for

    // `now` is the first millisecond take() will be asked for.
    explicit EventCalendar(std::int64_t now)
        : m_ring(kBuckets), m_split(kBucketMs), m_now(now), m_bucket(now >> kShift) {}

    // `at` is clamped to the next millisecond: an event never lands in the millisecond
    // being processed, so a processing loop sees each event once.
    void schedule(std::int64_t at, const Event& ev) {
        if (at <= m_now) {
            at = m_now + 1;
        }
        ++m_pending;
        const std::int64_t bucket = at >> kShift;
        if (bucket == m_bucket) {
            m_split[static_cast<std::size_t>(at & (kBucketMs - 1))].push_back(ev);
        } else if (bucket - m_bucket < kBuckets) {
            Event tagged = ev;
            tagged.calendarMs = static_cast<std::uint8_t>(at & (kBucketMs - 1));
            m_ring[slotOf(bucket)].push_back(tagged);
        } else {
            m_far.push(Far{at, m_farOrder++, ev});
        }
    }

    // The events due at `now`, which must be the millisecond after the previous call's (or
    // the constructor's). Valid until the next call.
    std::vector<Event>& take(std::int64_t now) {
        m_split[static_cast<std::size_t>(m_now & (kBucketMs - 1))].clear();
        m_now = now;
        if ((now >> kShift) != m_bucket) {
            enterBucket(now >> kShift);
        }
        std::vector<Event>& due = m_split[static_cast<std::size_t>(now & (kBucketMs - 1))];
        m_pending -= due.size();
        return due;
    }

    // Calls visit(event) for each event already known for millisecond `at`, in the current
    // bucket or the next one (for prefetching; the next bucket's events are found by a pass
    // over its unsplit ring entry).
    template <class Visit> void forEachKnown(std::int64_t at, Visit&& visit) const {
        if (at <= m_now) {
            return;
        }
        const std::int64_t bucket = at >> kShift;
        if (bucket == m_bucket) {
            for (const Event& ev : m_split[static_cast<std::size_t>(at & (kBucketMs - 1))]) {
                visit(ev);
            }
        } else if (bucket == m_bucket + 1) {
            const auto ms = static_cast<std::uint8_t>(at & (kBucketMs - 1));
            for (const Event& ev : m_ring[slotOf(bucket)]) {
                if (ev.calendarMs == ms) {
                    visit(ev);
                }
            }
        }
    }

    // Calls visit(event) for each event the next bucket holds so far (its unsplit ring entry)
    // and returns true, or visits nothing and returns false when it holds more than `most`.
    template <class Visit> bool forEachInNextBucket(std::size_t most, Visit&& visit) const {
        const std::vector<Event>& next = m_ring[slotOf(m_bucket + 1)];
        if (next.size() > most) {
            return false;
        }
        for (const Event& ev : next) {
            visit(ev);
        }
        return true;
    }

    // Calls visit(event) for each event of the current bucket due from millisecond `from` on.
    template <class Visit> void forEachInBucketFrom(std::int64_t from, Visit&& visit) const {
        for (std::int64_t at = std::max(from, m_now); (at >> kShift) == m_bucket; ++at) {
            for (const Event& ev : m_split[static_cast<std::size_t>(at & (kBucketMs - 1))]) {
                visit(ev);
            }
        }
    }

    // The first millisecond after the last one taken, up to `limit`, that may hold events
    // (or `limit` when none does): the clock may skip to it. Conservative: a later bucket
    // with any event stops the search at that bucket's first millisecond.
    std::int64_t firstDue(std::int64_t limit) const {
        std::int64_t t = m_now + 1;
        while (t < limit) {
            const std::int64_t bucket = t >> kShift;
            if (bucket == m_bucket) {
                if (!m_split[static_cast<std::size_t>(t & (kBucketMs - 1))].empty()) {
                    return t;
                }
                ++t;
            } else if (bucket - m_bucket < kBuckets && m_ring[slotOf(bucket)].empty()) {
                t = (bucket + 1) << kShift;
            } else {
                return t;
            }
        }
        if (!m_far.empty() && m_far.top().at < limit) {
            return std::max(m_now + 1, m_far.top().at);
        }
        return limit;
    }

    // As if take() had been called for every millisecond up to `to`, all of them empty
    // (firstDue() says so).
    void skipTo(std::int64_t to) {
        if (to <= m_now) {
            return;
        }
        m_split[static_cast<std::size_t>(m_now & (kBucketMs - 1))].clear();
        m_now = to;
        if ((to >> kShift) != m_bucket) {
            enterBucket(to >> kShift);
        }
    }

    std::size_t pending() const { return m_pending; }
    std::size_t memoryBytes() const {
        std::size_t bytes = m_far.size() * sizeof(Far);
        for (const auto& b : m_ring) {
            bytes += b.capacity() * sizeof(Event);
        }
        for (const auto& b : m_split) {
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
    static std::size_t slotOf(std::int64_t bucket) {
        return static_cast<std::size_t>(bucket & (kBuckets - 1));
    }

    void enterBucket(std::int64_t bucket) {
        m_bucket = bucket;
        // Far events now within the ring's span move in, in time order.
        while (!m_far.empty() && (m_far.top().at >> kShift) - bucket < kBuckets) {
            const Far& f = m_far.top();
            const std::int64_t b = f.at >> kShift;
            const auto ms = static_cast<std::uint8_t>(f.at & (kBucketMs - 1));
            if (b == bucket) {
                m_split[ms].push_back(f.ev);
            } else {
                Event tagged = f.ev;
                tagged.calendarMs = ms;
                m_ring[slotOf(b)].push_back(tagged);
            }
            m_far.pop();
        }
        std::vector<Event>& arrived = m_ring[slotOf(bucket)];
        for (const Event& ev : arrived) {
            m_split[ev.calendarMs].push_back(ev);
        }
        if (arrived.capacity() > kKeptCapacity) {
            // Each of the 32,768 slots would otherwise keep the most it ever held until the
            // ring comes round again: 0.7 GB on the 2021 night instead of tens of MB. (Kept
            // at the size it last held instead: 707 MiB peak; the regrowth costs no more
            // than noise on these machines.)
            std::vector<Event>().swap(arrived);
        } else {
            arrived.clear();
        }
    }

    std::vector<std::vector<Event>> m_ring;
    std::vector<std::vector<Event>> m_split; // the current bucket, one vector a millisecond
    std::priority_queue<Far, std::vector<Far>, std::greater<>> m_far;
    std::int64_t m_now;
    std::int64_t m_bucket; // the bucket m_now falls in
    std::uint64_t m_farOrder = 0;
    std::size_t m_pending = 0;
};

} // namespace sluice::sim
