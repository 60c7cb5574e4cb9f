// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "chunked_array.h"

#include <cstdint>

namespace sluice::engine {

// Counts live entries over an append-only sequence of queue slots: a Fenwick tree that can
// grow one slot at a time. position = liveUpTo(slot) is O(log n) and costs 4 bytes a slot,
// which is what lets a status poll for ticket 9,999,999 be as cheap as for ticket 1.
class OrderIndex {
public:
    // Appends a slot, live or not. O(log n).
    void append(bool live);
    // Marks a live slot dead (or a dead one live again). O(log n). The caller keeps the
    // live/dead truth; calling kill twice corrupts the counts.
    void kill(std::uint32_t slot) { add(slot, -1); }
    void revive(std::uint32_t slot) { add(slot, +1); }

    // Number of live slots in [0, slot]. O(log n).
    std::uint32_t liveUpTo(std::uint32_t slot) const;
    std::uint32_t liveTotal() const { return m_live; }
    std::uint32_t size() const { return static_cast<std::uint32_t>(m_tree.size()); }
    std::size_t memoryBytes() const { return m_tree.memoryBytes(); }

private:
    void add(std::uint32_t slot, std::int32_t delta);
    // Sum over the first n slots (1-based Fenwick prefix).
    std::int32_t prefix(std::uint32_t n) const;

    ChunkedArray<std::int32_t> m_tree; // m_tree[i-1] holds Fenwick node i
    std::uint32_t m_live = 0;
};

} // namespace sluice::engine
