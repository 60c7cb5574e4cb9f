// SPDX-License-Identifier: Apache-2.0
#include "replicated_room.h"

namespace sluice::cluster {
namespace {

std::uint64_t chained(std::uint64_t h, std::string_view bytes) {
    for (char c : bytes) { // FNV-1a
        h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    }
    return (h ^ 0xff) * 0x100000001b3ULL; // a separator, so "ab"+"c" differs from "a"+"bc"
}

} // namespace

ReplicatedRoom::ReplicatedRoom(room::WaitingRoom& room, std::size_t rememberedKeys)
    : m_room(room), m_rememberedKeys(rememberedKeys) {}

ChangeOutcome ReplicatedRoom::apply(std::string_view id, std::string_view bytes,
                                    const LogEntry& e) {
    ++m_applied;
    m_lastId.assign(id);
    m_chain = chained(chained(m_chain, id), bytes);
    engine::QueueEngine& engine = m_room.engine();
    switch (e.kind) {
    case EntryKind::Tick:
        if (e.epoch == m_epoch && m_epoch != 0 && e.origin == m_leader) {
            engine.tick(e.now);
        } else {
            ++m_staleTicks;
        }
        return {};
    case EntryKind::Leader:
        if (e.epoch > m_epoch) {
            m_epoch = e.epoch;
            m_leader = e.origin;
        }
        return {};
    case EntryKind::Seen:
        for (engine::TicketSeq seq : e.seen) {
            if (engine.hasTicket(seq)) {
                (void)engine.pollPlace(e.now, seq); // alive, or abandoned if it was idle
            }
        }
        return {};
    default:
        break;
    }
    if (!e.idempotencyKey.empty()) {
        if (const auto it = m_keys.find(e.idempotencyKey); it != m_keys.end()) {
            ++m_repeats;
            return repeat(e, it->second);
        }
    }
    ChangeOutcome outcome = applyChange(m_room, e);
    if (!e.idempotencyKey.empty()) {
        remember(e.idempotencyKey, outcome);
    }
    return outcome;
}

ChangeOutcome ReplicatedRoom::repeat(const LogEntry& e, const Remembered& first) {
    ChangeOutcome out;
    out.repeated = true;
    out.status = first.status;
    out.seq = first.seq;
    out.audit = first.audit;
    out.auditEntries = first.auditEntries;
    if (e.kind == EntryKind::Join && first.status.isOk()) {
        // The same ticket, and where it stands now.
        auto view = m_room.engine().view(e.now, first.seq);
        if (view.isOk()) {
            out.joined = room::JoinResult{first.ticket, view.value()};
        }
    } else if (e.kind == EntryKind::Claim && first.status.isOk()) {
        // A claim is idempotent in the room itself: the same grant and token again.
        auto claimed = m_room.claim(e.now, e.credential);
        if (claimed.isOk()) {
            out.claimed = std::move(claimed.value());
        } else {
            out.status = claimed.status();
        }
    }
    return out;
}

void ReplicatedRoom::remember(const std::string& key, const ChangeOutcome& o) {
    Remembered r{o.status, o.seq, o.joined ? o.joined->ticket : std::string(), o.audit,
                 o.auditEntries};
    m_keys.emplace(key, std::move(r));
    m_keyOrder.push_back(key);
    while (m_keyOrder.size() > m_rememberedKeys) {
        m_keys.erase(m_keyOrder.front());
        m_keyOrder.pop_front();
    }
}

std::uint64_t ReplicatedRoom::digest() const {
    return m_room.engine().digest(false) ^ (m_epoch * 0x9e3779b97f4a7c15ULL);
}

} // namespace sluice::cluster
