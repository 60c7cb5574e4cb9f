// SPDX-License-Identifier: Apache-2.0
// Quiet stretches: a waiting person's polls that would change nothing are counted as
// queue-server load instead of being simulated one event each (docs/simulator.md, "Quiet
// stretches"). A stretch starts at a real poll, when the fleet has room for every request;
// its polls fall at the page's intervals (see pollAgain) and it ends with a real
// poll at most 1,000 s after the last real one (the engine is told when the ticket was last
// seen, so this may outlast its idle timeout), at the first poll past the person's patience, at the
// last poll before their opening, or (pages polling at the engine's advice) where the advice would
// shorten as the front comes near. It is cut short, the rest of its polls taken back and the next
// one made real, when something may change what that poll would find: the person is admitted, an
// operator changes the rate, capacity or pause, or the fleet runs over its budget (then no stretch
// starts for a minute).
#include "simulation.h"

#include <algorithm>
#include <optional>

namespace sluice::sim {
namespace {

using engine::TicketState;
using engine::TimeMs;

// A stretch ends within this long of its start: its polls are counted at most 1,024 s ahead
// (QuietPollLoad) and its real poll lands in the calendar's ring (1,048 s), not its heap.
constexpr TimeMs kMaxQuietSpanMs = 1'000'000;
constexpr TimeMs kIdleMarginMs = 10'000;
constexpr TimeMs kCalmAfterOverloadMs = 60'000;

} // namespace

// How far ahead a stretch may reach when the page polls every `gapMs` at most. The engine
// is told when the ticket will have been last seen (setSeenAt), so a stretch may outlast
// the idle timeout; but a page whose polls fall further apart than the timeout (with 10 s
// to spare: the engine counts whole seconds) would be dropped between two of them, so its
// polls stay real and the engine sees each gap.
TimeMs Simulation::quietSpanMs(TimeMs gapMs) const {
    const TimeMs idleMs = TimeMs{m_room.engine().config().idleTimeoutSeconds} * 1000;
    return idleMs > 0 && gapMs > idleMs - kIdleMarginMs ? 0 : kMaxQuietSpanMs;
}

bool Simulation::quietStretchesAllowed() const {
    return m_quiet && m_now >= m_stretchesFrom && !m_servers.overloaded();
}

void Simulation::pollAgain(std::uint32_t id, TimeMs period, const engine::TicketView& view,
                           const std::optional<double>& shown) {
    Person& p = m_people[id];
    // A person who has not yet seen a huge estimate reacts at the first poll that shows one:
    // a stretch starts only when the next polls cannot show one (the old page's figure is
    // the place ÷ last second's admissions, at least 1, and a place only moves forward) or
    // are unlikely to (the figure below half the line: it would have to double within the
    // stretch, and the operator changes that do that cut stretches short). Drifting
    // estimates sampled every few minutes instead of every minute cross the line less
    // often: 19 % fewer left on the estimate on the Sluice night at a tenth without this.
    const double huge = m_scenario.clients.hugeEstimateSeconds;
    const bool farFromHuge =
        (p.flags & kSawHuge) != 0 || isBot(id) || (shown && *shown < huge / 2) ||
        (m_scenario.clientSideEnforcement && view.state == TicketState::Waiting &&
         static_cast<double>(view.position) <= huge);
    if (!quietStretchesAllowed() || !farFromHuge) {
        schedulePoll(id, m_now + period);
        return;
    }
    // The stretch's first poll comes when the page's next one would (`period`, with the
    // advice's ±20 % jitter, which keeps pages from polling in step); the rest follow whole
    // seconds apart, so that each is counted in its second: the fixed interval, or the
    // advice's mean rounded to the second (one jittered interval kept for a whole stretch
    // would add 1.4 % polls: the mean of 1/interval is not 1/mean).
    const TimeMs mean =
        view.state == TicketState::Waiting && m_scenario.clients.pollPolicy == PollPolicy::Advice
            ? engine::QueueEngine::pollAdviceMeanMs(view.wait.known ? view.wait.seconds : 600.0)
            : period;
    const TimeMs stepS = std::clamp<TimeMs>((mean + 500) / 1000, 1, QuietPollLoad::kMaxStepSeconds);
    const TimeMs step = stepS * 1000;
    const TimeMs now = relMs();
    const TimeMs first = now + period;
    // Quiet polls at first + k·step (k = 0 … n−1); the real one at first + n·step.
    TimeMs n = (quietSpanMs(std::max(period, step)) - period) / step;
    if (p.patience4s != 0) {
        // The first poll past the person's patience gives up: the stretch ends there.
        const TimeMs deadline = TimeMs{p.arriveMs} + TimeMs{p.patience4s} * 4000;
        n = deadline < first ? 0 : std::min(n, (deadline - first) / step + 1);
    }
    if (view.state == TicketState::PreQueued) {
        // The last poll before the opening is told when to come back after it (the pages
        // spread over the seconds after it): the stretch ends there.
        const TimeMs opensAt = view.opensAt - m_scenario.start;
        n = std::min(n, (opensAt - 1 - first) / step);
    } else if (m_scenario.clients.pollPolicy == PollPolicy::Advice) {
        // The engine advises a tenth of the estimated wait (at most a minute): only the
        // polls whose advice would have stayed the same are quiet, so that a page near the
        // front polls as often as without stretches and learns its turn as soon.
        const TimeMs waitMs =
            view.wait.known && !view.paused ? static_cast<TimeMs>(view.wait.seconds * 1000.0) : 0;
        n = std::min(n, (waitMs - 10 * step - period) / step);
    }
    if (n < 1) {
        schedulePoll(id, m_now + period);
        return;
    }
    p.stretchFromMs = static_cast<std::uint32_t>(first);
    p.stretchPeriodMs = static_cast<std::uint32_t>(step);
    ++m_stretches;
    schedulePoll(id, m_scenario.start + first + n * step);
    m_quietLoad.add(first / 1000, stepS, n, +1);
    // The engine sees only the real polls: it is told the last quiet one instead.
    m_room.engine().setSeenAt(p.seq, m_scenario.start + first + (n - 1) * step);
}

void Simulation::cutStretch(std::uint32_t id, bool pollAtNextStep) {
    Person& p = m_people[id];
    if (p.stretchPeriodMs == 0) {
        return;
    }
    const TimeMs step = p.stretchPeriodMs, first = p.stretchFromMs, wake = p.pollDueMs;
    p.stretchPeriodMs = 0;
    --m_stretches;
    const TimeMs now = relMs();
    // The first of the stretch's polls after now.
    const TimeMs next = now < first ? first : first + ((now - first) / step + 1) * step;
    if (next >= wake) {
        return; // the real poll is the next one anyway
    }
    m_quietLoad.add(next / 1000, step / 1000, (wake - next) / step, -1);
    // The engine was told the stretch's last quiet poll: now the last one that happened (or
    // the real poll that began the stretch, whose time the page keeps as its last figure's).
    const TimeMs seen = next > first ? next - step : TimeMs{p.lastAtMs};
    m_room.engine().setSeenAt(p.seq, m_scenario.start + seen);
    if (pollAtNextStep) {
        schedulePoll(id, m_scenario.start + next);
    }
}

void Simulation::cutAllStretches() {
    if (m_stretches == 0) {
        return;
    }
    for (std::uint32_t id = 0; id < m_people.size(); ++id) {
        if (m_people[id].stretchPeriodMs != 0) {
            cutStretch(id, true);
        }
    }
}

// At each whole second: the stretches' polls of the second that ended count in its load
// (served: stretches run only while the fleet has room), before the fleet rolls over.
void Simulation::quietSecondEnded() {
    if (m_quiet && m_now > m_scenario.start) {
        m_servers.addServed(m_quietLoad.takeSecond(relMs() / 1000 - 1));
        // The reload orbit's reloads of that second, each a blank page (simulation_orbit.cpp).
        const std::uint64_t reloads = m_orbit.takeSecond(relMs() / 1000 - 1);
        m_backendErrorsThisSecond += reloads;
        m_backendErrorsTotal += reloads;
    }
}

// After the fleet rolled over: an overloaded second turns requests away at random, which only
// simulated polls can meet.
void Simulation::quietEverySecond() {
    if (m_quiet && m_servers.overloaded()) {
        cutAllStretches();
        m_stretchesFrom = m_now + kCalmAfterOverloadMs;
    }
}

} // namespace sluice::sim
