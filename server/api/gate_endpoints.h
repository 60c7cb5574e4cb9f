// SPDX-License-Identifier: Apache-2.0
#pragma once

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
    // `trustedProxy`: whose X-Real-IP names the client (nginx passes it to the gate too).
    GateEndpoints(room::WaitingRoom& room, const DriverSlot& driver,
                  const std::string& trustedProxy)
        : m_room(room), m_driver(driver), m_trustedProxy(trustedProxy) {}

    // 204 lets the request through, 401 sends the person to the waiting page.
    http::Response check(const Call& call);
    // Ends the token's session (journaled, answered once durable): the token is refused
    // from then on and its cookie cleared.
    std::optional<http::Response> complete(const Call& call);
    // Tokens checked from more than one address (/metrics); forgets idle ones.
    const TokenAddresses& tokenAddresses() const { return m_addresses; }
    void forgetIdle(engine::TimeMs now) { m_addresses.forgetIdle(now); }

private:
    room::WaitingRoom& m_room;
    const DriverSlot& m_driver;
    const std::string& m_trustedProxy;
    TokenAddresses m_addresses;
};

} // namespace sluice::api
