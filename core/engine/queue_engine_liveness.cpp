// SPDX-License-Identifier: Apache-2.0
// Who is still there: polls (marking a place alive, or abandoning it when it was silent past
// the idle timeout), the read-only view, the cluster's reported polls, and abandonment.
#include "queue_engine.h"

#include <algorithm>

namespace sluice::engine {

bool QueueEngine::idle(TicketSeq seq, TimeMs now) const {
    return idleAtSecond(seq, static_cast<std::int64_t>((now - m_epoch) / kMsPerSecond));
}

bool QueueEngine::idleAtSecond(TicketSeq seq, std::int64_t nowSec) const {
    if (m_replayIdle != nullptr) {
        return std::find(m_replayIdle->begin(), m_replayIdle->end(), seq) != m_replayIdle->end();
    }
    const bool found =
        nowSec - static_cast<std::int64_t>(lastSeenSec(seq)) > m_config.idleTimeoutSeconds;
    if (found && m_recordAbandoned) {
        m_abandonedLog.push_back(seq); // every caller abandons what it finds idle
    }
    return found;
}

std::vector<TicketSeq> QueueEngine::takeAbandoned() {
    std::vector<TicketSeq> out;
    out.swap(m_abandonedLog);
    return out;
}

void QueueEngine::restartIdleClocks(TimeMs now) {
    for (std::size_t i = 0; i < m_tickets.size(); ++i) {
        const auto seq = static_cast<TicketSeq>(i);
        const TicketState s = state(seq);
        if (s == TicketState::Waiting || s == TicketState::PreQueued) {
            touch(seq, now);
        }
    }
}

void QueueEngine::touch(TicketSeq seq, TimeMs now) {
    const auto seen = static_cast<std::uint32_t>(
        std::min<TimeMs>((now - m_epoch) / kMsPerSecond, TimeMs{kSeenMask}));
    std::uint32_t& cell = m_tickets[seq].stateAndSeen;
    cell = (cell & ~kSeenMask) | seen;
}

void QueueEngine::abandon(TicketSeq seq) {
    m_order.kill(slotOf(seq));
    setState(seq, TicketState::Abandoned);
    ++m_abandons;
    m_forecaster.observeDeparture(waitedSeconds(slotOf(seq)));
}

// A poll keeps a place alive only while the place exists: it never revives one, and a
// ticket silent past the idle timeout is abandoned rather than refreshed.
void QueueEngine::markPolled(TicketSeq seq, TimeMs now) {
    const TicketState s = state(seq);
    if (s == TicketState::Waiting || s == TicketState::PreQueued) {
        if (s == TicketState::Waiting && idle(seq, now)) {
            abandon(seq);
        } else {
            touch(seq, now);
        }
    }
}

Result<TicketView> QueueEngine::poll(TimeMs now, TicketSeq seq) {
    if (!hasTicket(seq)) {
        return Status::notFound("no such ticket");
    }
    now = advance(now);
    markPolled(seq, now);
    return viewOf(seq, now);
}

Result<TicketView> QueueEngine::view(TimeMs now, TicketSeq seq) const {
    if (!hasTicket(seq)) {
        return Status::notFound("no such ticket");
    }
    return viewOf(seq, std::max(now, m_now));
}

Status QueueEngine::markSeen(TimeMs now, TicketSeq seq) {
    if (!hasTicket(seq)) {
        return Status::notFound("no such ticket");
    }
    markPolled(seq, advance(now));
    return Status::ok();
}

void QueueEngine::setSeenAt(TicketSeq seq, TimeMs seenAt) {
    if (!hasTicket(seq)) {
        return;
    }
    const TicketState s = state(seq);
    if (s == TicketState::Waiting || s == TicketState::PreQueued) {
        touch(seq, std::max(seenAt, m_epoch));
    }
}

Result<QueueEngine::Place> QueueEngine::pollPlace(TimeMs now, TicketSeq seq) {
    if (!hasTicket(seq)) {
        return Status::notFound("no such ticket");
    }
    now = advance(now);
    markPolled(seq, now);
    Place place;
    place.state = state(seq);
    if (place.state == TicketState::Waiting) {
        place.position = m_order.liveUpTo(slotOf(seq));
    } else if (place.state == TicketState::PreQueued) {
        const Opening& opening = m_openings[slotOf(seq) - kPreQueueSlotBase];
        place.preQueueSize = opening.preQueue.size();
        place.opensAt = opening.opensAt;
    }
    return place;
}

} // namespace sluice::engine
