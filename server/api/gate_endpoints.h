// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "room/waiting_room.h"
#include "room_driver.h"
#include "route_table.h"

namespace sluice::api {

// What nginx asks before every protected request (auth_request), and the protected site's
// "this session is over". The admission token comes as "Authorization: Bearer …" or as the
// cookie the claim set. Loop thread only; the room and journal must outlive this.
class GateEndpoints {
public:
    GateEndpoints(room::WaitingRoom& room, const DriverSlot& driver)
        : m_room(room), m_driver(driver) {}

    // 204 lets the request through, 401 sends the person to the waiting page.
    http::Response check(const Call& call);
    // Ends the token's session (journaled, answered once durable): the token is refused
    // from then on and its cookie cleared.
    std::optional<http::Response> complete(const Call& call);

private:
    room::WaitingRoom& m_room;
    const DriverSlot& m_driver;
};

} // namespace sluice::api
