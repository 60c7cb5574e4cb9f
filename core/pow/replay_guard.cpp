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
    const bool fresh = m_buckets[bucketOf(issuedAt, m_bucketMs)].insert(key).second;
    m_size += fresh ? 1 : 0;
    return fresh;
}

bool ReplayGuard::contains(engine::TimeMs issuedAt, const Key& key) const {
    const auto it = m_buckets.find(bucketOf(issuedAt, m_bucketMs));
    return it != m_buckets.end() && it->second.contains(key);
}

} // namespace sluice::pow
