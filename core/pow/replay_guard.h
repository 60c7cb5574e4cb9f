// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/time_types.h"

#include <array>
#include <cstdint>
#include <map>
#include <vector>

namespace sluice::pow {

// Remembers which challenges have been spent, so a solution is never accepted twice, for as
// long as the challenge could still be accepted and no longer.
//
// Entries are kept in buckets by the challenge's issue time (a tenth of the lifetime wide);
// a whole bucket is dropped once every challenge in it has expired. Memory is therefore
// about (accepted joins per lifetime × 1.1) × 32 to 64 bytes (each bucket a flat table a
// quarter to half full), whatever the night's total — and each entry cost its sender a
// solved challenge. A challenge always lands in the bucket of
// its own issue time, so a lookup touches one bucket. Not thread-safe (one driver thread).
class ReplayGuard {
public:
    using Key = std::array<std::uint64_t, 2>; // 128 bits of the challenge's MAC

    explicit ReplayGuard(engine::TimeMs lifetimeMs);

    // Records `key` of a challenge issued at `issuedAt`; false if it was already recorded.
    // Drops the buckets that have expired by `now` first.
    bool insert(engine::TimeMs now, engine::TimeMs issuedAt, const Key& key);
    bool contains(engine::TimeMs issuedAt, const Key& key) const;

    // Every recorded (issue time's bucket start, key), oldest bucket first: a cluster node's
    // snapshot keeps them (each is re-inserted under its bucket's start time).
    template <typename F> void forEach(F&& f) const {
        for (const auto& [bucket, keys] : m_buckets) {
            keys.forEach([&](const Key& k) { f(bucket * m_bucketMs, k); });
        }
    }

    std::size_t size() const { return m_size; }
    std::size_t bucketCount() const { return m_buckets.size(); }
    engine::TimeMs lifetimeMs() const { return m_lifetimeMs; }

private:
    // The keys of one bucket: an open-addressing set (linear probing, at most half full) in
    // one flat array, instead of a heap node per key: spending a challenge is on the join
    // path of launch night (bench_pow: 43 bytes a spent challenge against 62, verification
    // with the insert 0.52 µs against 0.61).
    class KeySet {
    public:
        bool insert(const Key& key);
        bool contains(const Key& key) const;
        std::size_t size() const { return m_size; }
        template <typename F> void forEach(F&& f) const {
            if (m_hasZero) {
                f(Key{});
            }
            for (const Key& k : m_slots) {
                if (k != Key{}) {
                    f(k);
                }
            }
        }

    private:
        std::size_t slotOf(const Key& key) const;
        void grow();
        std::vector<Key> m_slots; // {0, 0} marks an empty slot; that key is m_hasZero
        std::size_t m_size = 0;
        bool m_hasZero = false;
    };
    using Bucket = KeySet;
    void expire(engine::TimeMs now);

    engine::TimeMs m_lifetimeMs;
    engine::TimeMs m_bucketMs;
    std::map<std::int64_t, Bucket> m_buckets; // by issue time / m_bucketMs; about 11 at once
    std::size_t m_size = 0;
};

} // namespace sluice::pow
