// SPDX-License-Identifier: Apache-2.0
#include "order_index.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <limits>

namespace sluice::engine {
namespace {
constexpr std::uint32_t lowBit(std::uint32_t i) {
    return i & (~i + 1);
}
constexpr std::uint64_t bitOf(std::uint32_t slot) {
    return std::uint64_t{1} << (slot & 63);
}
} // namespace

OrderIndex::OrderIndex(const OrderIndex& other)
    : m_lineTree(other.m_lineTree), m_size(other.m_size), m_live(other.m_live) {
    m_chunks.reserve(other.m_chunks.size());
    for (const auto& chunk : other.m_chunks) {
        auto copy = std::make_unique_for_overwrite<Line[]>(kLinesPerChunk);
        std::copy(chunk.get(), chunk.get() + kLinesPerChunk, copy.get());
        m_chunks.push_back(std::move(copy));
    }
}

OrderIndex& OrderIndex::operator=(const OrderIndex& other) {
    if (this != &other) {
        // Reuses the chunks already here (see ChunkedArray's assignment).
        assignBlocks(m_chunks, other.m_chunks, kLinesPerChunk);
        m_lineTree = other.m_lineTree;
        m_size = other.m_size;
        m_live = other.m_live;
    }
    return *this;
}

void OrderIndex::append(bool live) {
    // size() is a uint32: slot 2^32 - 1 would make size() wrap to 0.
    assert(m_size < std::numeric_limits<std::uint32_t>::max());
    const std::uint32_t slot = m_size;
    const std::uint32_t lineIndex = slot >> kSlotsPerLineBits;
    if ((slot & (kSlotsPerLine - 1)) == 0) {
        if ((lineIndex & (kLinesPerChunk - 1)) == 0) {
            m_chunks.push_back(std::make_unique<Line[]>(kLinesPerChunk));
        }
        // Fenwick node i covers lines (i - lowbit(i), i]; the new line is empty, the others
        // are already in the tree.
        const std::uint32_t i = lineIndex + 1;
        m_lineTree.push_back(livePrefixOfLines(i - 1) - livePrefixOfLines(i - lowBit(i)));
    }
    ++m_size;
    if (live) {
        revive(slot);
    }
}

void OrderIndex::kill(std::uint32_t slot) {
    assert(slot < m_size);
    std::uint64_t& word = line(slot >> kSlotsPerLineBits).words[(slot >> 6) & (kWordsPerLine - 1)];
    assert((word & bitOf(slot)) != 0 && "killing a dead slot");
    word &= ~bitOf(slot);
    addToLine(slot >> kSlotsPerLineBits, ~0u);
    --m_live;
}

void OrderIndex::revive(std::uint32_t slot) {
    assert(slot < m_size);
    std::uint64_t& word = line(slot >> kSlotsPerLineBits).words[(slot >> 6) & (kWordsPerLine - 1)];
    assert((word & bitOf(slot)) == 0 && "reviving a live slot");
    word |= bitOf(slot);
    addToLine(slot >> kSlotsPerLineBits, 1);
    ++m_live;
}

void OrderIndex::addToLine(std::uint32_t index, std::uint32_t delta) {
    const auto n = static_cast<std::uint32_t>(m_lineTree.size());
    for (std::uint32_t i = index + 1; i <= n; i += lowBit(i)) {
        m_lineTree[i - 1] += delta;
    }
}

std::uint32_t OrderIndex::livePrefixOfLines(std::uint32_t lines) const {
    std::uint32_t sum = 0;
    for (std::uint32_t i = lines; i > 0; i -= lowBit(i)) {
        sum += m_lineTree[i - 1];
    }
    return sum;
}

namespace {
// Live slots among a line's words up to `lastWord` (its bits cut by `partial`). Built twice,
// with the POPCNT instruction and without, and picked at load time: the x86-64 baseline has
// no POPCNT, and the library fallback is a call per word on the hottest path of a poll.
__attribute__((target_clones("popcnt", "default"))) std::uint32_t
countLine(const std::uint64_t (&words)[8], std::uint32_t lastWord, std::uint64_t partial) {
    std::uint32_t inLine = 0;
    // Every word of the line, masked rather than cut short: no branch on a random slot (the
    // masks are arithmetic; a conditional per word compiled to a loop that left at the
    // random word, a mispredicted branch on most polls).
    for (std::uint32_t w = 0; w < 8; ++w) {
        const std::uint64_t before = std::uint64_t{0} - static_cast<std::uint64_t>(w < lastWord);
        const std::uint64_t at = std::uint64_t{0} - static_cast<std::uint64_t>(w == lastWord);
        inLine += static_cast<std::uint32_t>(std::popcount(words[w] & (before | (at & partial))));
    }
    return inLine;
}
} // namespace

std::uint32_t OrderIndex::liveUpTo(std::uint32_t slot) const {
    assert(slot < m_size);
    const std::uint32_t lineIndex = slot >> kSlotsPerLineBits;
    const Line& l = line(lineIndex);
    const std::uint32_t lastWord = (slot >> 6) & (kWordsPerLine - 1);
    const std::uint64_t partial = ~std::uint64_t{0} >> (63 - (slot & 63));
    return livePrefixOfLines(lineIndex) + countLine(l.words, lastWord, partial);
}

std::uint32_t OrderIndex::firstLiveIn(std::uint32_t from, std::uint32_t end) const {
    assert(end <= m_size);
    while (from < end) {
        const std::uint64_t word =
            line(from >> kSlotsPerLineBits).words[(from >> 6) & (kWordsPerLine - 1)] &
            (~std::uint64_t{0} << (from & 63));
        if (word != 0) {
            return std::min(end,
                            (from & ~63u) + static_cast<std::uint32_t>(std::countr_zero(word)));
        }
        from = (from & ~63u) + 64;
    }
    return end;
}

std::size_t OrderIndex::memoryBytes() const {
    return m_chunks.size() * kLinesPerChunk * sizeof(Line) +
           m_chunks.capacity() * sizeof(std::unique_ptr<Line[]>) + m_lineTree.memoryBytes();
}

} // namespace sluice::engine
