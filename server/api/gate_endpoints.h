// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api_options.h"
#include "client_address.h"
#include "room/waiting_room.h"
#include "room_driver.h"
#include "route_table.h"

namespace sluice::api {

// What nginx asks before every protected request (auth_request), and the protected site's
// "this session is over". The admission token comes as "Authorization: Bearer …" or as the
// cookie the claim set. Loop thread only; the room and journal must outlive this.
class GateEndpoints {
public:
    // `options.trustedProxy`: whose X-Real-IP names the client (nginx passes it to the gate
    // too); `options.revokeSharedAbove`: the operator's rule for copied tokens.
    GateEndpoints(room::WaitingRoom& room, const DriverSlot& driver, const ApiOptions& options)
        : m_room(room), m_driver(driver), m_options(options) {}

    // 204 lets the request through, 401 sends the person to the waiting page. A token the
    // gate has seen from more addresses than the operator allows (sluiced
    // --revoke-shared-tokens) is revoked on this node: refused from then on, wherever from.
    http::Response check(const Call& call);
    // Ends the token's session (journaled, answered once durable): the token is refused
    // from then on and its cookie cleared.
    std::optional<http::Response> complete(const Call& call);
    // Tokens checked from more than one address (/metrics); forgets idle ones.
    const TokenAddresses& tokenAddresses() const { return m_addresses; }
    // Tokens revoked for being shared, since the start (/metrics, the admin snapshot).
    std::uint64_t tokensRevoked() const { return m_revokedTotal; }
    void forgetIdle(engine::TimeMs now);

private:
    room::WaitingRoom& m_room;
    const DriverSlot& m_driver;
    const ApiOptions& m_options;
    TokenAddresses m_addresses;
    // Revoked tokens (jti) until they would have expired anyway (UTC ms).
    std::unordered_map<std::string, engine::TimeMs> m_revoked;
    std::uint64_t m_revokedTotal = 0;
};

} // namespace sluice::api
