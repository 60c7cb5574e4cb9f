// SPDX-License-Identifier: Apache-2.0
#include "join_rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace sluice::api {

bool JoinRateLimiter::allow(const std::string& address, engine::TimeMs now) {
    if (m_perMinute <= 0) {
        return true; // no limit configured
    }
    auto [it, fresh] = m_buckets.try_emplace(address, Bucket{static_cast<double>(m_burst), now});
    Bucket& b = it->second;
    if (!fresh && now > b.at) {
        b.tokens = std::min<double>(m_burst, b.tokens + static_cast<double>(now - b.at) *
                                                            m_perMinute / 60'000.0);
        b.at = now;
    }
    if (b.tokens < 1) {
        return false;
    }
    b.tokens -= 1;
    return true;
}

int JoinRateLimiter::retryAfterSeconds() const {
    return m_perMinute <= 0 ? 0 : std::max(1, static_cast<int>(std::ceil(60.0 / m_perMinute)));
}

void JoinRateLimiter::forgetIdle(engine::TimeMs now) {
    std::erase_if(m_buckets, [now](const auto& entry) { return now - entry.second.at > 600'000; });
}

} // namespace sluice::api
