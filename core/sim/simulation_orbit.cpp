// SPDX-License-Identifier: Apache-2.0
// The reload orbit (docs/simulator.md, "The reload orbit"): people reloading a full booking
// site's blank page at the slowest pace (a minute on average, after five failures) are
// counted, not simulated reload by reload, while the site stays full. Each reloads every
// minute from a first reload drawn as before; when a slot comes free, the member whose reload
// comes first takes part as a real event (and meets whoever else comes for the slot), and
// the first reload past a member's patience is a real event too (the person gives up there,
// as before). Only with quiet stretches on: --every-poll keeps every reload an event.
#include "simulation.h"

#include <algorithm>

namespace sluice::sim {

using engine::TimeMs;

void Simulation::scheduleBackend(std::uint32_t id, TimeMs at) {
    at = std::max(at, m_now + 1); // as the calendar does
    m_people[id].pollDueMs = static_cast<std::uint32_t>(at - m_scenario.start);
    m_calendar.schedule(at, Event{id, Kind::Backend});
}

bool Simulation::enterReloadOrbit(std::uint32_t id, TimeMs firstReloadAt) {
    const auto capacity = static_cast<std::uint64_t>(std::max(0, m_backendCapacity));
    if (!m_quiet || m_backendBusy + m_orbitPending < capacity) {
        return false; // a slot is free: the reload is not a foregone failure
    }
    Person& p = m_people[id];
    const TimeMs first = firstReloadAt - m_scenario.start;
    std::uint32_t wake = kNoBackendDue;
    if (p.patience4s != 0) {
        // The first reload past the person's patience gives up (blankPage): a real event.
        const TimeMs deadline = TimeMs{p.arriveMs} + TimeMs{p.patience4s} * 4000;
        if (deadline < first) {
            return false;
        }
        const TimeMs period = ReloadOrbit::kPeriodMs;
        wake = static_cast<std::uint32_t>(first + ((deadline - first) / period + 1) * period);
    }
    p.flags |= kInOrbit;
    p.stretchFromMs = static_cast<std::uint32_t>(first);
    m_orbit.enter(id, first, relMs());
    p.pollDueMs = wake;
    if (wake != kNoBackendDue) {
        m_calendar.schedule(m_scenario.start + wake, Event{id, Kind::Backend});
    }
    return true;
}

// A backend event with quiet stretches on: false when it is stale (the person's pending
// reload is another one). A due one ends the person's place in the orbit.
bool Simulation::backendEventDue(std::uint32_t id) {
    Person& p = m_people[id];
    if (p.pollDueMs != static_cast<std::uint32_t>(relMs())) {
        return false;
    }
    p.pollDueMs = kNoBackendDue;
    if ((p.flags & kOrbitWinner) != 0) {
        p.flags &= static_cast<std::uint8_t>(~kOrbitWinner);
        --m_orbitPending;
    } else if ((p.flags & kInOrbit) != 0) {
        // The reload past the person's patience: made real (it counts where it is handled).
        p.flags &= static_cast<std::uint8_t>(~kInOrbit);
        m_orbit.leave(p.stretchFromMs, relMs());
    }
    return true;
}

// Slots free beyond those already promised to a member: each goes to the member whose reload
// comes first, which then runs as a real event (a newcomer may still take the slot before it).
void Simulation::offerFreedSlots() {
    const auto capacity = static_cast<std::uint64_t>(std::max(0, m_backendCapacity));
    while (m_quiet && m_orbit.members() > 0 && m_backendBusy + m_orbitPending < capacity) {
        const auto pick = m_orbit.next(relMs(), [&](const ReloadOrbit::Entry& e) {
            const Person& q = m_people[e.id];
            return (q.flags & kInOrbit) != 0 && q.stretchFromMs == e.firstMs;
        });
        if (!pick) {
            return;
        }
        const auto [entry, at] = *pick;
        Person& q = m_people[entry.id];
        q.flags = static_cast<std::uint8_t>((q.flags & ~kInOrbit) | kOrbitWinner);
        m_orbit.leave(entry.firstMs, relMs());
        ++m_orbitPending;
        q.pollDueMs = static_cast<std::uint32_t>(at);
        m_calendar.schedule(m_scenario.start + at, Event{entry.id, Kind::Backend});
    }
}

} // namespace sluice::sim
