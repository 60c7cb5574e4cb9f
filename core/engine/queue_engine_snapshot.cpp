// SPDX-License-Identifier: Apache-2.0
// The engine's snapshot: every piece of state as little-endian bytes. The order index and
// the expiry queues are not stored: they follow from the tickets and the session records,
// and rebuilding them is cheaper than checking a stored copy against them.
#include "event_config_codec.h"
#include "queue_engine.h"

namespace sluice::engine {
namespace {
// Version 4 adds the event's time zone to its configuration (earlier ones read as "UTC").
constexpr char kMagic[8] = {'S', 'L', 'U', 'I', 'C', 'E', 'S', '4'};
constexpr char kMagicV3[8] = {'S', 'L', 'U', 'I', 'C', 'E', 'S', '3'};
// Version 3 adds what the wait forecaster learns about departures (its bands, fit and wait
// tables), the queue's slot groups by join time and the pre-queues' join times. Versions 1
// and 2 still restore: the forecaster then starts learning departures afresh and everyone
// restored counts as having joined at the restore.
// Version 1 predates the last token rejection reason (device_mismatch): it is read with
// that counter at zero, so a server upgraded mid-event keeps its state.
constexpr char kMagicV2[8] = {'S', 'L', 'U', 'I', 'C', 'E', 'S', '2'};
constexpr char kMagicV1[8] = {'S', 'L', 'U', 'I', 'C', 'E', 'S', '1'};
constexpr std::size_t kMaxAuditEntries = 10'000'000;

void writeForecaster(ByteWriter& out, const WaitForecaster::State& f) {
    for (double v : {f.measured, f.observedSeconds, f.meanHeldSeconds, f.stalledSeconds}) {
        out.f64(v);
    }
    out.u64(f.slotsFreed);
    out.u64(f.version);
    out.f64(f.sinceRefitSeconds);
    out.f64(f.tableRate);
    for (std::size_t b = 0; b < DepartureModel::kBands; ++b) {
        out.f64(f.departures.exposure[b]);
        out.f64(f.departures.departures[b]);
    }
    out.f64(f.departures.mu);
    out.f64(f.departures.sigma);
    out.u8(f.departures.fitted ? 1 : 0);
    out.f64(f.table.positionStep);
    for (const std::vector<double>& seconds : f.table.seconds) {
        out.u64(seconds.size());
        for (const double v : seconds) {
            out.f64(v);
        }
    }
}

bool readForecaster(ByteReader& in, WaitForecaster::State& f) {
    for (double* v : {&f.measured, &f.observedSeconds, &f.meanHeldSeconds, &f.stalledSeconds}) {
        *v = in.f64();
    }
    f.slotsFreed = in.u64();
    f.version = in.u64();
    f.sinceRefitSeconds = in.f64();
    f.tableRate = in.f64();
    for (std::size_t b = 0; b < DepartureModel::kBands; ++b) {
        f.departures.exposure[b] = in.f64();
        f.departures.departures[b] = in.f64();
    }
    f.departures.mu = in.f64();
    f.departures.sigma = in.f64();
    f.departures.fitted = in.u8() != 0;
    f.table.positionStep = in.f64();
    for (std::vector<double>& seconds : f.table.seconds) {
        const std::uint64_t n = in.count(8);
        const bool built = f.table.positionStep > 0;
        if (n != (built ? WaitForecaster::kTablePoints + 1 : 0)) {
            return false;
        }
        for (std::uint64_t i = 0; in.ok() && i < n; ++i) {
            seconds.push_back(in.f64());
        }
    }
    return in.ok();
}
} // namespace

std::string QueueEngine::saveState() const {
    ByteWriter out;
    out.buffer().reserve(128 + m_tickets.size() * 12 + m_records.size() * 36);
    out.raw(kMagic, sizeof kMagic);
    writeConfig(out, m_config);
    out.i64(m_epoch);
    out.i64(m_now);
    out.u8(m_lastTickAt ? 1 : 0);
    out.i64(m_lastTickAt.value_or(0));
    out.u64(m_tickets.size());
    for (std::size_t i = 0; i < m_tickets.size(); ++i) {
        out.u32(m_tickets[i].stateAndSeen);
        out.u32(m_tickets[i].slot);
    }
    out.u64(m_seqOfSlot.size());
    for (std::size_t i = 0; i < m_seqOfSlot.size(); ++i) {
        out.u32(m_seqOfSlot[i]);
    }
    out.u32(m_head);
    out.u32(m_sweep);
    out.u64(m_openings.size());
    for (const Opening& o : m_openings) {
        out.i64(o.opensAt);
        out.u8(o.open ? 1 : 0);
        out.u64(o.preQueue.size());
        for (TicketSeq seq : o.preQueue) {
            out.u32(seq);
        }
        out.u64(o.preQueueJoinSecSum);
    }
    out.u64(m_preQueued);
    out.u64(m_records.size());
    for (const auto& [seq, r] : m_records) {
        out.u32(seq);
        out.i64(r.admittedAt);
        out.i64(r.claimDeadline);
        out.i64(r.claimedAt);
        out.i64(r.expiresAt);
    }
    for (std::uint64_t v :
         {m_admittedUnclaimed, m_active, m_joins, m_admits, m_claims, m_completions, m_abandons,
          m_leaves, m_claimExpiries, m_sessionExpiries, m_ticketRejections}) {
        out.u64(v);
    }
    out.i64(m_rateCredit);
    for (std::uint64_t v : m_tokenRejections) {
        out.u64(v);
    }
    writeForecaster(out, m_forecaster.state());
    out.u64(m_audit.size());
    for (const AuditEntry& e : m_audit) {
        writeAudit(out, e);
    }
    out.i64(m_lastSample.at);
    out.u64(m_lastSample.joinsTotal);
    out.u64(m_lastSample.admitsTotal);
    out.u64(m_slotGroups.size());
    for (const SlotGroup& g : m_slotGroups) {
        out.u32(g.firstSlot);
        out.u32(g.joinedSec);
    }
    out.u8(m_queueSeenAt ? 1 : 0);
    out.i64(m_queueSeenAt.value_or(0));
    return out.take();
}

Result<QueueEngine> QueueEngine::restoreState(std::string_view bytes) {
    ByteReader in(bytes);
    char magic[sizeof kMagic] = {};
    const bool read = in.raw(magic, sizeof magic);
    const std::string_view found(magic, sizeof magic);
    const bool version1 = found == std::string_view(kMagicV1, sizeof kMagicV1);
    // Versions before 3 knew one departure hazard and no join times.
    const bool before3 = version1 || found == std::string_view(kMagicV2, sizeof kMagicV2);
    const bool version3 = found == std::string_view(kMagicV3, sizeof kMagicV3);
    if (!read || (!before3 && !version3 && found != std::string_view(kMagic, sizeof kMagic))) {
        return Status::invalidArgument("snapshot: not a Sluice engine snapshot");
    }
    const auto bad = [](const char* what) {
        return Status::invalidArgument(std::string("snapshot: ") + what);
    };
    EventConfig config = readConfig(in, !before3 && !version3);
    if (!in.ok()) {
        return bad("the event configuration is cut short");
    }
    if (Status s = config.validate(); !s.isOk()) {
        return bad(("the event configuration is invalid: " + s.message()).c_str());
    }
    const TimeMs epoch = in.i64();
    QueueEngine e(std::move(config), epoch);
    e.m_now = in.i64();
    const bool ticked = in.u8() != 0;
    const TimeMs lastTick = in.i64();
    if (ticked) {
        e.m_lastTickAt = lastTick;
    }
    const std::uint64_t tickets = in.count(8);
    if (tickets > kMaxTickets) {
        return bad("too many tickets");
    }
    for (std::uint64_t i = 0; in.ok() && i < tickets; ++i) {
        TicketCell cell;
        cell.stateAndSeen = in.u32();
        cell.slot = in.u32();
        if ((cell.stateAndSeen >> kStateShift) >= kTicketStateCount) {
            return bad("a ticket has an unknown state");
        }
        e.m_tickets.push_back(cell);
    }
    const std::uint64_t slots = in.count(4);
    for (std::uint64_t i = 0; in.ok() && i < slots; ++i) {
        const TicketSeq seq = in.u32();
        if (seq >= tickets) {
            return bad("a queue slot names an unknown ticket");
        }
        e.m_seqOfSlot.push_back(seq);
        // Live slots are exactly the waiting tickets' own slots.
        e.m_order.append(e.state(seq) == TicketState::Waiting && e.slotOf(seq) == i);
    }
    e.m_head = in.u32();
    e.m_sweep = in.u32();
    const std::uint64_t openings = in.count(17);
    if (in.ok() && openings != e.m_openings.size()) {
        return bad("the openings do not match the configuration");
    }
    for (std::uint64_t i = 0; in.ok() && i < openings; ++i) {
        Opening& o = e.m_openings[i];
        o.opensAt = in.i64();
        o.open = in.u8() != 0;
        const std::uint64_t n = in.count(4);
        o.preQueue.reserve(n);
        for (std::uint64_t k = 0; in.ok() && k < n; ++k) {
            const TicketSeq seq = in.u32();
            if (seq >= tickets) {
                return bad("a pre-queue names an unknown ticket");
            }
            o.preQueue.push_back(seq);
        }
        if (!before3) {
            o.preQueueJoinSecSum = in.u64();
        } else {
            o.preQueueJoinSecSum = n * e.secondsSinceEpoch(e.m_now);
        }
    }
    e.m_preQueued = in.u64();
    const std::uint64_t records = in.count(36);
    for (std::uint64_t i = 0; in.ok() && i < records; ++i) {
        const TicketSeq seq = in.u32();
        Record r;
        r.admittedAt = in.i64();
        r.claimDeadline = in.i64();
        r.claimedAt = in.i64();
        r.expiresAt = in.i64();
        if (seq >= tickets) {
            return bad("a session names an unknown ticket");
        }
        if (e.state(seq) == TicketState::Admitted) {
            e.m_claimDue.push({r.claimDeadline, seq});
        } else if (e.state(seq) == TicketState::Active) {
            e.m_sessionDue.push({r.expiresAt, seq});
        }
        e.m_records.emplace(seq, r);
    }
    for (std::uint64_t* v : {&e.m_admittedUnclaimed, &e.m_active, &e.m_joins, &e.m_admits,
                             &e.m_claims, &e.m_completions, &e.m_abandons, &e.m_leaves,
                             &e.m_claimExpiries, &e.m_sessionExpiries, &e.m_ticketRejections}) {
        *v = in.u64();
        if (before3 && v == &e.m_active) {
            (void)in.u64(); // versions 1 and 2 kept a count of departures since the last tick here
        }
    }
    e.m_rateCredit = in.i64();
    const std::size_t storedReasons = version1 ? kTokenRejectionCount - 1 : kTokenRejectionCount;
    for (std::size_t i = 0; i < storedReasons; ++i) {
        e.m_tokenRejections[i] = in.u64();
    }
    WaitForecaster::State f;
    if (before3) {
        f.measured = in.f64();
        (void)in.f64(); // versions 1 and 2: a single departure hazard
        f.observedSeconds = in.f64();
        f.meanHeldSeconds = in.f64();
        f.slotsFreed = in.u64();
        f.version = in.u64();
    } else if (!readForecaster(in, f)) {
        return bad("the wait forecaster's state is cut short or garbled");
    }
    e.m_forecaster.restore(f);
    const std::uint64_t audit = in.count(24);
    if (audit > kMaxAuditEntries) {
        return bad("too many audit entries");
    }
    for (std::uint64_t i = 0; in.ok() && i < audit; ++i) {
        e.m_audit.push_back(readAudit(in));
    }
    e.m_lastSample.at = in.i64();
    e.m_lastSample.joinsTotal = in.u64();
    e.m_lastSample.admitsTotal = in.u64();
    if (before3) {
        if (slots > 0) {
            e.m_slotGroups.push_back(SlotGroup{0, e.secondsSinceEpoch(e.m_now)});
        }
    } else {
        const std::uint64_t groups = in.count(8);
        for (std::uint64_t i = 0; in.ok() && i < groups; ++i) {
            SlotGroup g;
            g.firstSlot = in.u32();
            g.joinedSec = in.u32();
            if (g.firstSlot >= slots ||
                (!e.m_slotGroups.empty() && g.firstSlot <= e.m_slotGroups.back().firstSlot)) {
                return bad("the queue's join-time groups are out of order");
            }
            e.m_slotGroups.push_back(g);
        }
        const bool seen = in.u8() != 0;
        const TimeMs seenAt = in.i64();
        if (seen) {
            e.m_queueSeenAt = seenAt;
        }
    }
    if (!in.ok()) {
        return bad("cut short or garbled");
    }
    if (!in.atEnd()) {
        return bad("unexpected bytes after the end");
    }
    if (e.m_head > slots || e.m_sweep > slots) {
        return bad("a queue cursor points past the queue");
    }
    return e;
}

} // namespace sluice::engine
