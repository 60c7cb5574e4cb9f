// SPDX-License-Identifier: Apache-2.0
#include "replay_guard.h"

#include <algorithm>

namespace sluice::pow {
namespace {

// Floor division: issue times before the epoch never occur, but a bucket index must not
// depend on the sign of the rounding.
std::int64_t bucketOf(engine::TimeMs t, engine::TimeMs width) {
    return t >= 0 ? t / width : -((-t + width - 1) / width);
}

} // namespace

ReplayGuard::ReplayGuard(engine::TimeMs lifetimeMs)
    : m_lifetimeMs(std::max<engine::TimeMs>(1, lifetimeMs)),
      m_bucketMs(std::max<engine::TimeMs>(1, m_lifetimeMs / 10)) {}

void ReplayGuard::expire(engine::TimeMs now) {
    // A bucket's last challenge was issued before (index + 1) × width and is refused as
    // expired from that time + lifetime on: its entries can never matter again.
    while (!m_buckets.empty()) {
        const auto first = m_buckets.begin();
        if ((first->first + 1) * m_bucketMs + m_lifetimeMs > now) {
            break;
        }
        m_size -= first->second.size();
        m_buckets.erase(first);
    }
}

bool ReplayGuard::insert(engine::TimeMs now, engine::TimeMs issuedAt, const Key& key) {
    expire(now);
    const bool fresh = m_buckets[bucketOf(issuedAt, m_bucketMs)].insert(key);
    m_size += fresh ? 1 : 0;
    return fresh;
}

bool ReplayGuard::contains(engine::TimeMs issuedAt, const Key& key) const {
    const auto it = m_buckets.find(bucketOf(issuedAt, m_bucketMs));
    return it != m_buckets.end() && it->second.contains(key);
}

std::size_t ReplayGuard::KeySet::slotOf(const Key& key) const {
    // The key is MAC output: its first word is already uniformly random.
    const std::size_t mask = m_slots.size() - 1;
    std::size_t at = static_cast<std::size_t>(key[0]) & mask;
    while (m_slots[at] != Key{} && m_slots[at] != key) {
        at = (at + 1) & mask;
    }
    return at;
}

void ReplayGuard::KeySet::grow() {
    std::vector<Key> old(m_slots.empty() ? 64 : m_slots.size() * 2);
    old.swap(m_slots);
    for (const Key& k : old) {
        if (k != Key{}) {
            m_slots[slotOf(k)] = k;
        }
    }
}

bool ReplayGuard::KeySet::insert(const Key& key) {
    if (key == Key{}) {
        const bool fresh = !m_hasZero;
        m_hasZero = true;
        m_size += fresh ? 1 : 0;
        return fresh;
    }
    if ((m_size + 1) * 2 > m_slots.size()) {
        grow();
    }
    Key& slot = m_slots[slotOf(key)];
    if (slot == key) {
        return false;
    }
    slot = key;
    ++m_size;
    return true;
}

bool ReplayGuard::KeySet::contains(const Key& key) const {
    if (key == Key{}) {
        return m_hasZero;
    }
    return !m_slots.empty() && m_slots[slotOf(key)] == key;
}

} // namespace sluice::pow
