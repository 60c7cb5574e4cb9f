// SPDX-License-Identifier: Apache-2.0
#include "order_index.h"

namespace sluice::engine {
namespace {
constexpr std::uint32_t lowBit(std::uint32_t i) {
    return i & (~i + 1);
}
} // namespace

void OrderIndex::append(bool live) {
    // Node i covers slots (i - lowbit(i), i]; all but the new one are already in the tree.
    const auto i = static_cast<std::uint32_t>(m_tree.size()) + 1;
    const std::int32_t value = live ? 1 : 0;
    const std::int32_t covered = prefix(i - 1) - prefix(i - lowBit(i));
    m_tree.push_back(value + covered);
    m_live += static_cast<std::uint32_t>(value);
}

void OrderIndex::add(std::uint32_t slot, std::int32_t delta) {
    const auto n = static_cast<std::uint32_t>(m_tree.size());
    for (std::uint32_t i = slot + 1; i <= n; i += lowBit(i)) {
        m_tree[i - 1] += delta;
    }
    m_live = static_cast<std::uint32_t>(static_cast<std::int64_t>(m_live) + delta);
}

std::int32_t OrderIndex::prefix(std::uint32_t n) const {
    std::int32_t sum = 0;
    for (std::uint32_t i = n; i > 0; i -= lowBit(i)) {
        sum += m_tree[i - 1];
    }
    return sum;
}

std::uint32_t OrderIndex::liveUpTo(std::uint32_t slot) const {
    return static_cast<std::uint32_t>(prefix(slot + 1));
}

} // namespace sluice::engine
