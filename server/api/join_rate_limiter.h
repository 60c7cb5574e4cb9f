// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/time_types.h"

#include <string>
#include <unordered_map>

namespace sluice::api {

// Joins per client address: a token bucket each (`perMinute` refill, `burst` deep). A
// browser joins once and then polls; a script joining in a loop from one address is held to
// the rate. Buckets idle for ten minutes are forgotten, so memory follows active addresses.
class JoinRateLimiter {
public:
    JoinRateLimiter(int perMinute, int burst) : m_perMinute(perMinute), m_burst(burst) {}

    // True if `address` may join at `now`; false means answer 429 with retryAfterSeconds().
    bool allow(const std::string& address, engine::TimeMs now);
    int retryAfterSeconds() const;
    void forgetIdle(engine::TimeMs now);
    std::size_t tracked() const { return m_buckets.size(); }

private:
    struct Bucket {
        double tokens = 0;
        engine::TimeMs at = 0;
    };
    int m_perMinute;
    int m_burst;
    std::unordered_map<std::string, Bucket> m_buckets;
};

} // namespace sluice::api
