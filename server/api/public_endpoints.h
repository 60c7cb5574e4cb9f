// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api_options.h"
#include "join_proof.h"
#include "join_rate_limiter.h"
#include "node_sampler.h"
#include "room/waiting_room.h"
#include "room_driver.h"
#include "route_table.h"

#include <cstdint>

namespace sluice::api {

// What the waiting page calls (docs/api.md): join, status, leave, claim, and the keys that
// verify admission tokens (JWKS). Joins are limited per client address; joins, leaves and
// claims are journaled and answered once durable. Loop thread only; the room, options,
// journal and sampler must outlive this.
class PublicEndpoints {
public:
    PublicEndpoints(room::WaitingRoom& room, const ApiOptions& options, const DriverSlot& driver,
                    NodeSampler& sampler);

    // Changes go through the room's driver: answered now, or later (nothing returned).
    std::optional<http::Response> join(const Call& call);
    http::Response status(const Call& call);
    std::optional<http::Response> leave(const Call& call);
    std::optional<http::Response> claim(const Call& call);
    http::Response jwks(const Call& call) const;
    // GET /api/v1/join/challenge: 200 with a challenge, 204 when none is asked for.
    http::Response challenge(const Call& call);
    // Proof of work on join (nothing: joins need none).
    void setJoinProof(JoinProof* proof) { m_proof = proof; }

    // Joins refused by the per-address limit so far (/metrics).
    std::uint64_t joinsRateLimited() const { return m_rateLimited; }
    // Forgets the limits of addresses idle long enough (once a second).
    void forgetIdle(engine::TimeMs now) { m_joinLimiter.forgetIdle(now); }

private:
    http::Response claimAnswer(const cluster::ChangeOutcome& outcome);
    // A join refused for its proof of work: the reason and a fresh challenge to retry with.
    http::Response powRefusal(const engine::Status& status, pow::PowRefusal why,
                              engine::TimeMs now);

    room::WaitingRoom& m_room;
    const ApiOptions& m_options;
    const DriverSlot& m_driver;
    NodeSampler& m_sampler;
    JoinRateLimiter m_joinLimiter;
    JoinProof* m_proof = nullptr;
    std::uint64_t m_rateLimited = 0;
};

} // namespace sluice::api
