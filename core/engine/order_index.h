// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "chunked_array.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace sluice::engine {

// Counts live entries over an append-only sequence of queue slots, so that
// position = liveUpTo(slot) is as cheap for ticket 9,999,999 as for ticket 1.
//
// Two levels, because a status poll lands on a random slot and a per-slot Fenwick tree
// (4 bytes a slot, ~24 levels) costs several cache misses per poll:
// - a bitmap of live slots, one bit a slot, in 64-byte lines of 512 slots (one cache line);
// - a live count per line, kept as a Fenwick tree over lines: 1/128 of the old tree's size,
//   so its upper levels stay in L1/L2.
// liveUpTo is then a Fenwick prefix over whole lines plus a popcount inside one cache line.
// Both levels grow in fixed chunks and never move, so appending slot 10,000,000 costs no copy.
class OrderIndex {
public:
    OrderIndex() = default;
    // Deep copies (a simulation forks for the console's what-if); moves stay cheap.
    OrderIndex(const OrderIndex& other);
    // Reuses the chunks it holds (the store's snapshot spare); if an allocation fails midway
    // the index is unusable until assigned again (no strong guarantee).
    OrderIndex& operator=(const OrderIndex& other);
    OrderIndex(OrderIndex&&) noexcept = default;
    OrderIndex& operator=(OrderIndex&&) noexcept = default;

    // Appends a slot, live or not. O(log(n / 512)).
    void append(bool live);
    // Marks a live slot dead (or a dead one live again). O(log(n / 512)). The caller keeps the
    // live/dead truth: killing a dead slot or reviving a live one is a caller bug (asserted in
    // debug builds).
    void kill(std::uint32_t slot);
    void revive(std::uint32_t slot);

    // Number of live slots in [0, slot]; slot < size(). O(log(n / 512)).
    std::uint32_t liveUpTo(std::uint32_t slot) const;
    // The first live slot in [from, end), or `end` when there is none; end <= size(). Reads
    // the bitmap a word (64 slots) at a time.
    std::uint32_t firstLiveIn(std::uint32_t from, std::uint32_t end) const;
    std::uint32_t liveTotal() const { return m_live; }
    // Starts loading the bitmap line that liveUpTo(slot) reads; slot < size().
    void prefetch(std::uint32_t slot) const {
        __builtin_prefetch(&line(slot >> kSlotsPerLineBits));
    }
    std::uint32_t size() const { return m_size; }
    // Heap bytes held: whole chunks of both levels plus the chunk pointer table.
    std::size_t memoryBytes() const;

private:
    static constexpr std::uint32_t kSlotsPerLineBits = 9; // 512 slots = 8 words = 64 bytes
    static constexpr std::uint32_t kSlotsPerLine = 1u << kSlotsPerLineBits;
    static constexpr std::uint32_t kWordsPerLine = kSlotsPerLine / 64;
    static_assert(kWordsPerLine == 8, "order_index.cpp's countLine reads eight words");
    // 4,096 lines = 256 KiB = 2,097,152 slots a chunk: little waste for a small event, and
    // at most 2,048 chunk pointers for 2^32 slots.
    static constexpr std::uint32_t kLinesPerChunkBits = 12;
    static constexpr std::uint32_t kLinesPerChunk = 1u << kLinesPerChunkBits;

    // Aligned so that one line is exactly one cache line: a poll touches one, never two.
    struct alignas(64) Line {
        std::uint64_t words[kWordsPerLine];
    };

    Line& line(std::uint32_t index) {
        return m_chunks[index >> kLinesPerChunkBits][index & (kLinesPerChunk - 1)];
    }
    const Line& line(std::uint32_t index) const {
        return m_chunks[index >> kLinesPerChunkBits][index & (kLinesPerChunk - 1)];
    }
    // Adds delta (mod 2^32, so ~0u subtracts one) to the count of line `index`.
    void addToLine(std::uint32_t index, std::uint32_t delta);
    // Live slots in lines [0, lines): Fenwick prefix.
    std::uint32_t livePrefixOfLines(std::uint32_t lines) const;

    std::vector<std::unique_ptr<Line[]>> m_chunks; // the bitmap, value-initialised (all dead)
    // Fenwick tree over line counts: m_lineTree[i-1] holds node i. Unsigned: every true
    // partial sum is a slot count below 2^32, and modular arithmetic keeps the tree exact.
    ChunkedArray<std::uint32_t> m_lineTree;
    std::uint32_t m_size = 0;
    std::uint32_t m_live = 0;
};

} // namespace sluice::engine
