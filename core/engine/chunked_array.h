// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

namespace sluice::engine {

// An append-only array stored in fixed blocks of 65,536 elements. Unlike std::vector it never
// reallocates (no copy stall at 10 million tickets) and wastes at most one block, which keeps
// the per-ticket memory budget honest. Elements are value-initialised.
// Makes `to` hold copies of the blocks of `from` (each `count` elements, copied whole),
// keeping the blocks `to` already has: only missing blocks are allocated, extra ones freed.
// Every allocation happens before `to` changes, so a failed one leaves `to` as it was.
template <typename T>
void assignBlocks(std::vector<std::unique_ptr<T[]>>& to,
                  const std::vector<std::unique_ptr<T[]>>& from, std::size_t count) {
    std::vector<std::unique_ptr<T[]>> missing;
    if (from.size() > to.size()) {
        missing.reserve(from.size() - to.size());
        for (std::size_t i = to.size(); i < from.size(); ++i) {
            missing.push_back(std::make_unique_for_overwrite<T[]>(count));
        }
        to.reserve(from.size());
    }
    to.resize(std::min(to.size(), from.size()));
    for (auto& block : missing) {
        to.push_back(std::move(block));
    }
    for (std::size_t i = 0; i < from.size(); ++i) {
        std::copy(from[i].get(), from[i].get() + count, to[i].get());
    }
}

template <typename T> class ChunkedArray {
public:
    static constexpr std::size_t kBlockBits = 16;
    static constexpr std::size_t kBlockSize = std::size_t{1} << kBlockBits;

    ChunkedArray() = default;
    // Deep copies (a simulation forks for the console's what-if); moves stay cheap.
    ChunkedArray(const ChunkedArray& other) : m_size(other.m_size) {
        m_blocks.reserve(other.m_blocks.size());
        for (const auto& block : other.m_blocks) {
            auto copy = std::make_unique_for_overwrite<T[]>(kBlockSize);
            std::copy(block.get(), block.get() + kBlockSize, copy.get());
            m_blocks.push_back(std::move(copy));
        }
    }
    // Reuses the blocks it already holds: assigning into a copy kept from before (the store's
    // snapshot spare) allocates and faults in only the blocks it lacks.
    ChunkedArray& operator=(const ChunkedArray& other) {
        if (this != &other) {
            assignBlocks(m_blocks, other.m_blocks, kBlockSize);
            m_size = other.m_size;
        }
        return *this;
    }
    ChunkedArray(ChunkedArray&&) noexcept = default;
    ChunkedArray& operator=(ChunkedArray&&) noexcept = default;

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }

    void push_back(const T& value) {
        if ((m_size & (kBlockSize - 1)) == 0) {
            m_blocks.push_back(std::make_unique<T[]>(kBlockSize));
        }
        m_blocks.back()[m_size & (kBlockSize - 1)] = value;
        ++m_size;
    }

    T& operator[](std::size_t i) { return m_blocks[i >> kBlockBits][i & (kBlockSize - 1)]; }
    const T& operator[](std::size_t i) const {
        return m_blocks[i >> kBlockBits][i & (kBlockSize - 1)];
    }

    void clear() {
        m_blocks.clear();
        m_size = 0;
    }

    std::size_t memoryBytes() const {
        return m_blocks.size() * kBlockSize * sizeof(T) +
               m_blocks.capacity() * sizeof(std::unique_ptr<T[]>);
    }

private:
    std::vector<std::unique_ptr<T[]>> m_blocks;
    std::size_t m_size = 0;
};

} // namespace sluice::engine
