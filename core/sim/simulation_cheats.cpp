// SPDX-License-Identifier: Apache-2.0
// The cheats of the seed night, each tried against what stops it: nothing under
// client-side enforcement, the real gate and engine under Sluice.
#include "simulation.h"
#include "tokens/base64url.h"

namespace sluice::sim {
namespace {

using engine::TicketState;
using engine::TimeMs;

constexpr TimeMs kAirplaneOfflineMs = 3000; // the incident's "3 seconds of airplane mode"

} // namespace

std::string_view nameOf(Cheat cheat) {
    switch (cheat) {
    case Cheat::None:
        return "none";
    case Cheat::AirplaneMode:
        return "airplaneMode";
    case Cheat::DevConsole:
        return "devConsole";
    case Cheat::DirectLink:
        return "directLink";
    case Cheat::ForgedToken:
        return "forgedToken";
    case Cheat::SharedToken:
        return "sharedToken";
    }
    return "?";
}

bool Simulation::gateLetsIn(Cheat cheat) {
    // Each attempt goes to the real gate with what the cheater actually holds.
    std::string token;
    switch (cheat) {
    case Cheat::ForgedToken: {
        const std::string header =
            tokens::base64UrlEncode(std::string_view(R"({"alg":"EdDSA","typ":"JWT"})"));
        const std::string payload = tokens::base64UrlEncode(
            std::string(R"({"iss":"https://sim.sluice.invalid","sub":"1","evt":")") +
            m_scenario.event.eventId + R"(","exp":4102444800})");
        std::array<std::uint8_t, 64> sig{};
        for (auto& b : sig) {
            b = static_cast<std::uint8_t>(m_rng.next());
        }
        token = header + "." + payload + "." + tokens::base64UrlEncode(sig);
        break;
    }
    case Cheat::SharedToken:
        token = m_sharedToken; // empty until a donor has booked: nothing to share yet
        break;
    default:
        break; // the console flag and the typed-in link carry no token at all
    }
    return m_room.checkToken(m_now, token).isOk();
}

void Simulation::onCheat(std::uint32_t id) {
    Person& p = m_people[id];
    p.flags |= kCheated;
    const auto kind = static_cast<std::size_t>(p.cheat) - 1;
    ++m_cheatsAttempted[kind];
    bool through = false;
    TimeMs reachesSiteAfter = pageLoadMs();
    if (m_scenario.clientSideEnforcement) {
        // Nothing on the server stops any of them: the agent fails open after a 3-second
        // time-out and one retry, obeys a console flag, and the booking page checks nothing.
        through = true;
        if (p.cheat == Cheat::AirplaneMode) {
            reachesSiteAfter = 2 * kAirplaneOfflineMs;
        }
    } else if (p.cheat == Cheat::AirplaneMode) {
        // Back online, the page asks to go in: the engine decides. Only a ticket it has
        // admitted gets a session, so a "yes" here is a real admission, not a bypass.
        if (m_servers.offer() && m_room.engine().state(p.seq) == TicketState::Admitted) {
            learnAdmission(id);
        }
        return;
    } else {
        through = gateLetsIn(p.cheat);
    }
    if (!through) {
        return; // the page goes on waiting with its ticket; the pending poll stands
    }
    ++m_cheatsSucceeded[kind];
    p.flags |= kBypassed;
    leaveQueue(p);
    p.phase = Phase::Backend;
    scheduleBackend(id, m_now + reachesSiteAfter);
}

} // namespace sluice::sim
