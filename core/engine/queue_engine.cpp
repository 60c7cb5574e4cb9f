// SPDX-License-Identifier: Apache-2.0
#include "queue_engine.h"

#include "prng.h"

#include <algorithm>
#include <cassert>
#include <limits>

namespace sluice::engine {
namespace {
constexpr std::int64_t kCreditPerPerson = kMsPerMinute; // rate/min × ms per person
} // namespace

Result<QueueEngine> QueueEngine::create(EventConfig config, TimeMs createdAt) {
    if (Status s = config.validate(); !s.isOk()) {
        return s;
    }
    if (createdAt < 0) {
        return Status::invalidArgument("createdAt: milliseconds since 1970-01-01 UTC");
    }
    return QueueEngine(std::move(config), createdAt);
}

QueueEngine::QueueEngine(EventConfig config, TimeMs createdAt)
    : m_config(std::move(config)), m_epoch(createdAt), m_now(createdAt) {
    syncOpenings();
    m_forecaster.restart(m_config);
    m_lastSample.at = createdAt;
}

// Openings follow the config: one for the event, or one per cohort window.
void QueueEngine::syncOpenings() {
    const std::size_t n = m_config.cohorts.empty() ? 1 : m_config.cohorts.size();
    m_openings.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        m_openings[i].opensAt =
            m_config.cohorts.empty() ? m_config.opensAt : m_config.cohorts[i].opensAt;
    }
}

TimeMs QueueEngine::advance(TimeMs now) {
    now = std::max(now, m_now);
    m_now = now;
    // Openings in time order, so two cohorts due in one step keep their order.
    for (;;) {
        std::size_t next = m_openings.size();
        for (std::size_t i = 0; i < m_openings.size(); ++i) {
            if (!m_openings[i].open && m_openings[i].opensAt <= now &&
                (next == m_openings.size() || m_openings[i].opensAt < m_openings[next].opensAt)) {
                next = i;
            }
        }
        if (next == m_openings.size()) {
            break;
        }
        openPreQueue(next, now);
    }
    // Expiries in the order they fell due, claim and session deadlines merged: the state
    // must not depend on how often commands happen to arrive (a replay of the journal sees
    // fewer of them than the live server did), and the forecaster's average of holding
    // times depends on the order slots come free.
    for (;;) {
        const bool claimDue = !m_claimDue.empty() && m_claimDue.top().at <= now;
        const bool sessionDue = !m_sessionDue.empty() && m_sessionDue.top().at <= now;
        if (!claimDue && !sessionDue) {
            break;
        }
        if (claimDue && (!sessionDue || m_claimDue.top().at <= m_sessionDue.top().at)) {
            const Due due = m_claimDue.top();
            m_claimDue.pop();
            auto it = m_records.find(due.seq);
            if (state(due.seq) == TicketState::Admitted && it != m_records.end() &&
                it->second.claimDeadline == due.at) {
                ++m_claimExpiries;
                freeSlot(due.seq, due.at, TicketState::ClaimExpired);
            }
        } else {
            const Due due = m_sessionDue.top();
            m_sessionDue.pop();
            auto it = m_records.find(due.seq);
            if (state(due.seq) == TicketState::Active && it != m_records.end() &&
                it->second.expiresAt == due.at) {
                ++m_sessionExpiries;
                freeSlot(due.seq, due.at, TicketState::SessionExpired);
            }
        }
    }
    return now;
}

void QueueEngine::openPreQueue(std::size_t index, TimeMs now) {
    Opening& opening = m_openings[index];
    opening.open = true;
    std::vector<TicketSeq> people;
    people.swap(opening.preQueue);
    const std::uint64_t everyone = people.size(); // leavers are still listed: see below
    // Whoever left (already uncounted) or went idle before the opening takes no place.
    std::erase_if(people, [&](TicketSeq seq) {
        if (state(seq) != TicketState::PreQueued) {
            return true;
        }
        --m_preQueued;
        if (idle(seq, now)) {
            setState(seq, TicketState::Abandoned);
            ++m_abandons;
            return true;
        }
        return false;
    });
    if (m_config.preQueuePolicy == PreQueuePolicy::RandomAtOpening) {
        // Arriving at 19:59 gains nothing over 19:59:59: everyone before the opening gets a
        // random place, drawn from the event's seed (Fisher-Yates).
        SplitMix64 rng(m_config.shuffleSeed ^ mix64(index + 1));
        for (std::size_t i = people.size(); i > 1; --i) {
            std::swap(people[i - 1], people[rng.below(i)]);
        }
    }
    // The drawn pre-queue is one group at the mean join time of everyone who pre-queued.
    const auto meanJoinedSec = static_cast<std::uint32_t>(
        everyone > 0 ? opening.preQueueJoinSecSum / everyone : secondsSinceEpoch(now));
    bool first = true;
    for (TicketSeq seq : people) {
        setState(seq, TicketState::Waiting);
        appendToOrder(seq, meanJoinedSec, first);
        first = false;
    }
}

void QueueEngine::appendToOrder(TicketSeq seq, std::uint32_t joinedSec, bool newGroup) {
    const std::uint32_t slot = m_order.size();
    m_seqOfSlot.push_back(seq);
    m_tickets[seq].slot = slot;
    m_order.append(true);
    if (newGroup || m_slotGroups.empty() || m_slotGroups.back().joinedSec / 60 != joinedSec / 60) {
        m_slotGroups.push_back(SlotGroup{slot, joinedSec});
    }
}

double QueueEngine::waitedSeconds(std::uint32_t slot) const {
    auto it = std::upper_bound(m_slotGroups.begin(), m_slotGroups.end(), slot,
                               [](std::uint32_t s, const SlotGroup& g) { return s < g.firstSlot; });
    if (it == m_slotGroups.begin()) {
        return 0.0;
    }
    const double joined = static_cast<double>(std::prev(it)->joinedSec);
    return std::max(0.0, static_cast<double>(m_now - m_epoch) / 1000.0 - joined);
}

double QueueEngine::preQueueWaitedSeconds(const Opening& opening) const {
    if (opening.preQueue.empty()) {
        return 0.0;
    }
    const double meanJoined = static_cast<double>(opening.preQueueJoinSecSum) /
                              static_cast<double>(opening.preQueue.size());
    return std::max(0.0, static_cast<double>(m_now - m_epoch) / 1000.0 - meanJoined);
}

// Once a second: the live tickets of each slot group from the head, and how long they have
// waited. A group per minute of joins keeps it to a few hundred Fenwick counts a second
// however long the queue.
void QueueEngine::observeQueue(TimeMs now) {
    const double elapsed = m_queueSeenAt ? static_cast<double>(now - *m_queueSeenAt) / 1000.0 : 0.0;
    m_queueSeenAt = now;
    std::vector<QueueGroup> queue;
    const std::uint32_t slots = m_order.size();
    auto it = std::upper_bound(m_slotGroups.begin(), m_slotGroups.end(), m_head,
                               [](std::uint32_t s, const SlotGroup& g) { return s < g.firstSlot; });
    if (it != m_slotGroups.begin()) {
        --it;
    }
    const double nowSec = static_cast<double>(now - m_epoch) / 1000.0;
    std::uint64_t before = m_head > 0 ? m_order.liveUpTo(m_head - 1) : 0;
    for (; it != m_slotGroups.end() && m_head < slots; ++it) {
        const std::uint32_t end =
            std::next(it) != m_slotGroups.end() ? std::next(it)->firstSlot : slots;
        if (end <= m_head) {
            continue;
        }
        const std::uint64_t upTo = m_order.liveUpTo(end - 1);
        if (upTo > before) {
            queue.push_back(QueueGroup{upTo - before, std::max(0.0, nowSec - it->joinedSec)});
        }
        before = upTo;
    }
    // The pre-queues, one group each (their leavers are still listed, so the count is the
    // share of the pre-queued still there).
    std::vector<QueueGroup> later;
    std::uint64_t listed = 0;
    for (const Opening& o : m_openings) {
        listed += o.open ? 0 : o.preQueue.size();
    }
    for (const Opening& o : m_openings) {
        if (!o.open && !o.preQueue.empty()) {
            const std::uint64_t live =
                m_preQueued * o.preQueue.size() / std::max<std::uint64_t>(listed, 1);
            later.push_back(QueueGroup{live, preQueueWaitedSeconds(o)});
        }
    }
    m_forecaster.observeQueue(elapsed, queue, later, m_config);
}

std::size_t QueueEngine::openingIndexFor(std::optional<int> birthDate, Status& error) const {
    if (m_config.cohorts.empty()) {
        return 0;
    }
    if (!birthDate) {
        error = Status::invalidArgument("birthDate: required (yyyymmdd) for this event");
        return 0;
    }
    for (std::size_t i = 0; i < m_config.cohorts.size(); ++i) {
        if (m_config.cohorts[i].contains(*birthDate)) {
            return i;
        }
    }
    error = Status::notEligible("birthDate: outside every cohort window of this event");
    return 0;
}

Result<TicketView> QueueEngine::join(TimeMs now, std::optional<int> birthDate) {
    Status error;
    const std::size_t opening = openingIndexFor(birthDate, error);
    if (!error.isOk()) {
        return error;
    }
    if (m_tickets.size() >= kMaxTickets) {
        return Status::failedPrecondition("event is full: no more tickets can be issued");
    }
    now = advance(now);
    const auto seq = static_cast<TicketSeq>(m_tickets.size());
    // While pre-queued, the slot field names the opening (see kPreQueueSlotBase).
    m_tickets.push_back(
        TicketCell{static_cast<std::uint32_t>(TicketState::PreQueued) << kStateShift,
                   kPreQueueSlotBase + static_cast<std::uint32_t>(opening)});
    touch(seq, now);
    ++m_joins;
    if (m_openings[opening].open) {
        setState(seq, TicketState::Waiting);
        appendToOrder(seq, secondsSinceEpoch(now));
    } else {
        m_openings[opening].preQueue.push_back(seq);
        m_openings[opening].preQueueJoinSecSum += secondsSinceEpoch(now);
        ++m_preQueued;
    }
    return viewOf(seq, now);
}

Status QueueEngine::leave(TimeMs now, TicketSeq seq) {
    if (!hasTicket(seq)) {
        return Status::notFound("no such ticket");
    }
    now = advance(now);
    switch (state(seq)) {
    case TicketState::Waiting:
        m_order.kill(slotOf(seq));
        setState(seq, TicketState::Left);
        ++m_leaves;
        m_forecaster.observeDeparture(waitedSeconds(slotOf(seq)));
        return Status::ok();
    case TicketState::PreQueued: // dropped from the pre-queue at the opening
        m_forecaster.observeDeparture(
            preQueueWaitedSeconds(m_openings[slotOf(seq) - kPreQueueSlotBase]));
        setState(seq, TicketState::Left);
        --m_preQueued;
        ++m_leaves;
        return Status::ok();
    case TicketState::Admitted:
    case TicketState::Active:
        ++m_leaves;
        freeSlot(seq, now, TicketState::Left);
        return Status::ok();
    default:
        return Status::ok(); // already gone: leaving again changes nothing
    }
}

std::optional<TicketSeq> QueueEngine::nextLive(TimeMs now, std::uint32_t& abandoned) {
    const std::uint32_t slots = m_order.size();
    while (m_head < slots) {
        const TicketSeq seq = m_seqOfSlot[m_head];
        if (state(seq) == TicketState::Waiting) {
            if (!idle(seq, now)) {
                return seq;
            }
            abandon(seq); // never admitted: it stopped asking
            ++abandoned;
        }
        ++m_head;
    }
    return std::nullopt;
}

void QueueEngine::admit(TicketSeq seq, TimeMs now) {
    m_order.kill(slotOf(seq));
    setState(seq, TicketState::Admitted);
    const TimeMs deadline = now + m_config.claimGraceSeconds * kMsPerSecond;
    m_records[seq] = Record{now, deadline, 0, 0};
    m_claimDue.push(Due{deadline, seq});
    ++m_admittedUnclaimed;
    ++m_admits;
}

void QueueEngine::freeSlot(TicketSeq seq, TimeMs now, TicketState endState) {
    auto it = m_records.find(seq);
    if (state(seq) == TicketState::Admitted) {
        --m_admittedUnclaimed;
    } else {
        --m_active;
    }
    const TimeMs heldMs = now - it->second.admittedAt;
    m_forecaster.observeSlotFreed(static_cast<double>(heldMs) / 1000.0);
    m_records.erase(it);
    setState(seq, endState);
}

TickOutcome QueueEngine::tick(TimeMs now, std::vector<TicketSeq>* admitted) {
    now = advance(now);
    TickOutcome out;
    const TimeMs elapsed = m_lastTickAt ? now - *m_lastTickAt : 0;
    m_lastTickAt = now;
    const bool hadDemand = m_order.liveTotal() > 0;
    if (m_config.paused) {
        m_rateCredit = 0; // a pause does not bank admissions for a burst at resume
    } else {
        // Credit is capped at one second's worth (or this tick's, if ticks are further
        // apart), plus the fraction of a person carried over: an idle or capacity-bound
        // queue cannot bank a wave, and slow rates (7/min) lose nothing to rounding.
        const std::int64_t rate = m_config.admissionRatePerMinute;
        const std::int64_t cap =
            rate * std::max<TimeMs>(elapsed, kMsPerSecond) + kCreditPerPerson - 1;
        m_rateCredit = std::min(cap, m_rateCredit + rate * elapsed);
        const auto capacity = static_cast<std::uint64_t>(m_config.capacity);
        while (m_rateCredit >= kCreditPerPerson && m_active + m_admittedUnclaimed < capacity) {
            const std::optional<TicketSeq> seq = nextLive(now, out.abandoned);
            if (!seq) {
                break;
            }
            admit(*seq, now);
            if (admitted != nullptr) {
                admitted->push_back(*seq);
            }
            m_rateCredit -= kCreditPerPerson;
            ++out.admitted;
        }
    }
    out.abandoned += sweepIdle(now, elapsed);
    m_forecaster.observeTick(elapsed, out.admitted, hadDemand, m_config.paused, m_config);
    if (!m_queueSeenAt || now - *m_queueSeenAt >= WaitForecaster::kQueueEveryMs) {
        observeQueue(now);
    }
    return out;
}

// Walks the queue a slice per tick so that a ticket that stopped polling stops counting in
// everyone's position within about half an idle timeout, at a cost proportional to the
// queue, not to the number of polls.
std::uint32_t QueueEngine::sweepIdle(TimeMs now, TimeMs elapsedMs) {
    const std::uint32_t slots = m_order.size();
    if (m_head >= slots) {
        return 0;
    }
    const auto halfIdleMs = static_cast<std::uint64_t>(m_config.idleTimeoutSeconds) * 500;
    const std::uint64_t share = m_order.liveTotal() *
                                static_cast<std::uint64_t>(std::max<TimeMs>(elapsedMs, 0)) /
                                halfIdleMs;
    // At most one pass over the queue per tick.
    std::uint64_t budget = std::min<std::uint64_t>(256 + share, slots - m_head);
    std::uint32_t found = 0;
    // The second of `now` worked out once for the whole slice, not once per ticket.
    const auto nowSec = static_cast<std::int64_t>((now - m_epoch) / kMsPerSecond);
    while (budget > 0) {
        if (m_sweep < m_head || m_sweep >= slots) {
            m_sweep = m_head;
        }
        // Only a live slot holds a waiting ticket: the dead ones (admitted, left, abandoned)
        // between here and the budget's end are counted against it without being looked at.
        const auto end =
            static_cast<std::uint32_t>(m_sweep + std::min<std::uint64_t>(budget, slots - m_sweep));
        const std::uint32_t live = m_order.firstLiveIn(m_sweep, end);
        budget -= live - m_sweep;
        m_sweep = live;
        if (live == end) {
            continue;
        }
        const TicketSeq seq = m_seqOfSlot[live];
        assert(state(seq) == TicketState::Waiting);
        if (idleAtSecond(seq, nowSec)) {
            abandon(seq);
            ++found;
        }
        ++m_sweep;
        --budget;
    }
    return found;
}

Result<SessionGrant> QueueEngine::claim(TimeMs now, TicketSeq seq) {
    if (!hasTicket(seq)) {
        return Status::notFound("no such ticket");
    }
    now = advance(now);
    const TicketState s = state(seq);
    if (s == TicketState::Active) {
        return *session(seq);
    }
    if (s == TicketState::PreQueued || s == TicketState::Waiting) {
        return Status::failedPrecondition("not admitted yet");
    }
    if (s != TicketState::Admitted) {
        return Status::failedPrecondition(std::string("admission is over: ") +
                                          std::string(nameOf(s)));
    }
    Record& r = m_records[seq];
    r.claimedAt = now;
    r.expiresAt = now + m_config.sessionTtlSeconds * kMsPerSecond;
    m_sessionDue.push(Due{r.expiresAt, seq});
    setState(seq, TicketState::Active);
    --m_admittedUnclaimed;
    ++m_active;
    ++m_claims;
    return SessionGrant{seq, r.admittedAt, r.claimedAt, r.expiresAt};
}

Status QueueEngine::complete(TimeMs now, TicketSeq seq) {
    if (!hasTicket(seq)) {
        return Status::notFound("no such ticket");
    }
    now = advance(now);
    const TicketState s = state(seq);
    if (s == TicketState::Completed) {
        return Status::ok();
    }
    if (s != TicketState::Active && s != TicketState::Admitted) {
        return Status::failedPrecondition(std::string("no session to complete: ") +
                                          std::string(nameOf(s)));
    }
    ++m_completions;
    freeSlot(seq, now, TicketState::Completed);
    return Status::ok();
}

bool QueueEngine::sessionActive(TimeMs now, TicketSeq seq) const {
    if (!hasTicket(seq) || state(seq) != TicketState::Active) {
        return false;
    }
    auto it = m_records.find(seq);
    return it != m_records.end() && now < it->second.expiresAt;
}

std::optional<SessionGrant> QueueEngine::session(TicketSeq seq) const {
    auto it = m_records.find(seq);
    if (it == m_records.end() || state(seq) != TicketState::Active) {
        return std::nullopt;
    }
    const Record& r = it->second;
    return SessionGrant{seq, r.admittedAt, r.claimedAt, r.expiresAt};
}

void QueueEngine::recordTokenRejection(TokenRejection reason) {
    ++m_tokenRejections[static_cast<std::size_t>(reason)];
}

} // namespace sluice::engine
