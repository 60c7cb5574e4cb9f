// SPDX-License-Identifier: Apache-2.0
// QueueEngine: what callers are told (views, poll advice, metrics) and operator changes.
#include "prng.h"
#include "queue_engine.h"
#include "utc_format.h"

#include <algorithm>
#include <bit>

namespace sluice::engine {
namespace {

constexpr TimeMs kMinPollMs = 2 * kMsPerSecond;
constexpr TimeMs kMaxPollMs = 60 * kMsPerSecond;

double rate(std::uint64_t delta, TimeMs elapsedMs) {
    return elapsedMs > 0 ? static_cast<double>(delta) * 1000.0 / static_cast<double>(elapsedMs)
                         : 0.0;
}

} // namespace

// Spreads polls over time: near the front every few seconds, far back once a minute, each
// ±20 % per ticket and per second so a million clients never poll in step.
TimeMs QueueEngine::pollAdviceMeanMs(double waitSeconds) {
    return std::clamp(static_cast<TimeMs>(waitSeconds * 100.0), kMinPollMs, kMaxPollMs);
}

TimeMs QueueEngine::pollAdvice(TicketSeq seq, TimeMs now, double waitSeconds) const {
    const TimeMs base = pollAdviceMeanMs(waitSeconds);
    const std::uint64_t r =
        mix64((std::uint64_t{seq} << 32) ^ static_cast<std::uint64_t>(now / 1000));
    // -200..+200 by multiply-shift, not %: a 64-bit division costs more than the rest of a
    // poll's arithmetic.
    const auto jitterPermille = static_cast<TimeMs>(((r >> 32) * 401) >> 32) - 200;
    return base + base * jitterPermille / 1000;
}

// Everyone in one pre-queue is told the same range (only the time to the opening differs),
// and hundreds of thousands ask every few seconds before an opening: compute it once per
// change of the queue, the pre-queue or the forecast.
const QueueEngine::PreQueueEstimates& QueueEngine::preQueueEstimates(std::size_t opening) const {
    PreQueueEstimates& c = m_preQueueCache;
    const std::uint64_t ahead = m_order.liveTotal();
    const std::uint64_t size = m_openings[opening].preQueue.size();
    if (c.valid && c.opening == opening && c.ahead == ahead && c.size == size &&
        c.forecastVersion == m_forecaster.version() &&
        c.ratePerMinute == m_config.admissionRatePerMinute && c.capacity == m_config.capacity) {
        return c;
    }
    c = PreQueueEstimates{true,
                          opening,
                          ahead,
                          size,
                          m_forecaster.version(),
                          m_config.admissionRatePerMinute,
                          m_config.capacity,
                          m_forecaster.estimate(ahead + 1, m_config),
                          m_forecaster.estimate(ahead + size / 2 + 1, m_config),
                          m_forecaster.estimate(ahead + size, m_config)};
    return c;
}

TicketView QueueEngine::viewOf(TicketSeq seq, TimeMs now) const {
    TicketView v;
    v.seq = seq;
    v.state = state(seq);
    v.paused = m_config.paused;
    switch (v.state) {
    case TicketState::Waiting: {
        v.position = m_order.liveUpTo(slotOf(seq));
        v.wait = m_forecaster.estimate(v.position, m_config);
        v.pollAfterMs = pollAdvice(seq, now, v.wait.known ? v.wait.seconds : 600.0);
        break;
    }
    case TicketState::PreQueued: {
        const Opening& opening = m_openings[slotOf(seq) - kPreQueueSlotBase];
        v.opensAt = opening.opensAt;
        v.preQueueSize = opening.preQueue.size();
        const double untilOpen = static_cast<double>(opening.opensAt - now) / 1000.0;
        const PreQueueEstimates& pq = preQueueEstimates(slotOf(seq) - kPreQueueSlotBase);
        const WaitEstimate& first = pq.first;
        const WaitEstimate& middle = pq.middle;
        const WaitEstimate& last = pq.last;
        v.wait = middle;
        v.wait.lowSeconds = untilOpen + first.lowSeconds;
        v.wait.seconds = untilOpen + middle.seconds;
        v.wait.highSeconds = untilOpen + last.highSeconds;
        // Before the opening: once a minute; close to it, come back a little after it,
        // spread over 10 s so the opening instant is not a thundering herd.
        const TimeMs untilMs = opening.opensAt - now;
        const std::uint64_t r = mix64(std::uint64_t{seq} * 0x9E3779B97F4A7C15ULL);
        v.pollAfterMs = untilMs > kMaxPollMs
                            ? pollAdvice(seq, now, 600.0)
                            : untilMs + 500 + static_cast<TimeMs>(((r >> 32) * 9500) >> 32);
        break;
    }
    case TicketState::Admitted: {
        v.claimDeadline = m_records.at(seq).claimDeadline;
        v.pollAfterMs = kMsPerSecond;
        break;
    }
    case TicketState::Active:
        v.sessionExpiresAt = m_records.at(seq).expiresAt;
        break;
    default:
        break;
    }
    return v;
}

Status QueueEngine::configure(TimeMs now, const std::string& operatorName,
                              const ConfigChange& change) {
    if (operatorName.empty() || operatorName.size() > kMaxOperatorNameBytes ||
        std::any_of(operatorName.begin(), operatorName.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
        return Status::invalidArgument("operator: 1 to 100 printable characters expected");
    }
    if (change.empty()) {
        return Status::invalidArgument("change: at least one field expected");
    }
    EventConfig next = m_config;
    std::size_t moved = m_openings.size(); // the cohort window whose opening moves, if any
    if (change.cohort) {
        if (!change.opensAt) {
            return Status::invalidArgument("cohort: give opensAt, the window's new opening");
        }
        const auto named =
            std::find_if(m_config.cohorts.begin(), m_config.cohorts.end(),
                         [&](const CohortWindow& w) { return w.name == *change.cohort; });
        if (named == m_config.cohorts.end()) {
            return Status::invalidArgument("cohort: this event has no cohort window named \"" +
                                           *change.cohort + "\"");
        }
        moved = static_cast<std::size_t>(named - m_config.cohorts.begin());
        if (m_openings[moved].open && *change.opensAt != named->opensAt) {
            return Status::failedPrecondition("opensAt: the cohort window \"" + named->name +
                                              "\" has already opened");
        }
        next.cohorts[moved].opensAt = *change.opensAt;
    } else if (change.opensAt) {
        if (!m_config.cohorts.empty()) {
            return Status::invalidArgument("opensAt: this event opens per cohort window; name the "
                                           "window to move with \"cohort\"");
        }
        if (m_openings[0].open && *change.opensAt != m_config.opensAt) {
            return Status::failedPrecondition("opensAt: the event has already opened");
        }
        next.opensAt = *change.opensAt;
    }
    next.admissionRatePerMinute =
        change.admissionRatePerMinute.value_or(next.admissionRatePerMinute);
    next.capacity = change.capacity.value_or(next.capacity);
    next.sessionTtlSeconds = change.sessionTtlSeconds.value_or(next.sessionTtlSeconds);
    next.claimGraceSeconds = change.claimGraceSeconds.value_or(next.claimGraceSeconds);
    next.idleTimeoutSeconds = change.idleTimeoutSeconds.value_or(next.idleTimeoutSeconds);
    next.paused = change.paused.value_or(next.paused);
    next.message = change.message.value_or(next.message);
    if (Status s = next.validate(); !s.isOk()) {
        return s;
    }

    now = advance(now);
    auto record = [&](const char* field, const std::string& from, const std::string& to) {
        if (from != to) {
            m_audit.push_back(AuditEntry{now, operatorName, field, from, to});
        }
    };
    const EventConfig& old = m_config;
    record("admissionRatePerMinute", std::to_string(old.admissionRatePerMinute),
           std::to_string(next.admissionRatePerMinute));
    record("capacity", std::to_string(old.capacity), std::to_string(next.capacity));
    record("sessionTtlSeconds", std::to_string(old.sessionTtlSeconds),
           std::to_string(next.sessionTtlSeconds));
    record("claimGraceSeconds", std::to_string(old.claimGraceSeconds),
           std::to_string(next.claimGraceSeconds));
    record("idleTimeoutSeconds", std::to_string(old.idleTimeoutSeconds),
           std::to_string(next.idleTimeoutSeconds));
    record("opensAt", formatUtc(old.opensAt), formatUtc(next.opensAt));
    if (moved < old.cohorts.size()) {
        const std::string field = "opensAt[" + old.cohorts[moved].name + "]";
        record(field.c_str(), formatUtc(old.cohorts[moved].opensAt),
               formatUtc(next.cohorts[moved].opensAt));
    }
    record("paused", old.paused ? "true" : "false", next.paused ? "true" : "false");
    record("message", old.message, next.message);

    const bool rateChanged =
        next.admissionRatePerMinute != old.admissionRatePerMinute || next.capacity != old.capacity;
    m_config = std::move(next);
    syncOpenings();
    if (rateChanged) {
        m_forecaster.restart(m_config);
    }
    return Status::ok();
}

MetricsSnapshot QueueEngine::sampleMetrics(TimeMs now) {
    now = advance(now);
    MetricsSnapshot s;
    s.at = now;
    s.waiting = m_order.liveTotal();
    s.preQueued = m_preQueued;
    s.activeSessions = m_active;
    s.admittedUnclaimed = m_admittedUnclaimed;
    s.capacity = m_config.capacity;
    s.admissionRatePerMinute = m_config.admissionRatePerMinute;
    s.paused = m_config.paused;
    s.open =
        std::any_of(m_openings.begin(), m_openings.end(), [](const Opening& o) { return o.open; });
    s.joinsTotal = m_joins;
    s.admitsTotal = m_admits;
    s.claimsTotal = m_claims;
    s.completionsTotal = m_completions;
    s.abandonsTotal = m_abandons;
    s.leavesTotal = m_leaves;
    s.claimExpiriesTotal = m_claimExpiries;
    s.sessionExpiriesTotal = m_sessionExpiries;
    const TimeMs elapsed = now - m_lastSample.at;
    s.joinsPerSecond = rate(m_joins - m_lastSample.joinsTotal, elapsed);
    s.admitsPerSecond = rate(m_admits - m_lastSample.admitsTotal, elapsed);
    s.admitTargetPerSecond = (s.open && !s.paused) ? m_config.admissionRatePerMinute / 60.0 : 0.0;
    if (s.open) {
        s.newArrivalWait = m_forecaster.estimate(s.waiting + 1, m_config);
    } else {
        TimeMs first = m_openings.front().opensAt;
        for (const Opening& o : m_openings) {
            first = std::min(first, o.opensAt);
        }
        s.newArrivalWait = m_forecaster.estimate(s.preQueued / 2 + 1, m_config);
        const double until = static_cast<double>(first - now) / 1000.0;
        s.newArrivalWait.lowSeconds += until;
        s.newArrivalWait.seconds += until;
        s.newArrivalWait.highSeconds += until;
    }
    s.tokenRejections = m_tokenRejections;
    s.ticketRejections = m_ticketRejections;
    m_lastSample = s;
    return s;
}

std::uint64_t QueueEngine::digest(bool withSoftState) const {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    auto mix = [&h](std::uint64_t v) { // FNV-style, a 64-bit word at a time
        h = (h ^ v) * 0x100000001b3ULL;
        h ^= h >> 29;
    };
    mix(withSoftState ? static_cast<std::uint64_t>(m_now) : 0);
    mix(static_cast<std::uint64_t>(m_lastTickAt.value_or(-1)));
    mix(m_tickets.size());
    for (std::size_t i = 0; i < m_tickets.size(); ++i) {
        const auto seq = static_cast<TicketSeq>(i);
        mix((std::uint64_t{static_cast<std::uint8_t>(state(seq))} << 56) ^
            (withSoftState ? std::uint64_t{lastSeenSec(seq)} << 24 : 0) ^ slotOf(seq));
    }
    for (std::size_t i = 0; i < m_seqOfSlot.size(); ++i) {
        mix(m_seqOfSlot[i]);
    }
    mix(m_order.liveTotal());
    mix(m_head);
    mix(m_sweep);
    for (const Opening& o : m_openings) {
        mix(static_cast<std::uint64_t>(o.opensAt));
        mix(o.open);
        for (TicketSeq seq : o.preQueue) {
            mix(seq);
        }
        mix(o.preQueueJoinSecSum);
    }
    std::vector<std::pair<TicketSeq, Record>> records(m_records.begin(), m_records.end());
    std::sort(records.begin(), records.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [seq, r] : records) {
        mix(seq);
        mix(static_cast<std::uint64_t>(r.admittedAt));
        mix(static_cast<std::uint64_t>(r.claimDeadline));
        mix(static_cast<std::uint64_t>(r.claimedAt));
        mix(static_cast<std::uint64_t>(r.expiresAt));
    }
    for (std::uint64_t v : {m_admittedUnclaimed, m_active, static_cast<std::uint64_t>(m_rateCredit),
                            m_joins, m_admits, m_claims, m_completions, m_abandons, m_leaves,
                            m_claimExpiries, m_sessionExpiries}) {
        mix(v);
    }
    if (withSoftState) {
        mix(m_ticketRejections);
        for (std::uint64_t v : m_tokenRejections) {
            mix(v);
        }
    }
    mix(std::bit_cast<std::uint64_t>(m_forecaster.measuredRatePerSecond()));
    mix(std::bit_cast<std::uint64_t>(m_forecaster.observedSeconds()));
    mix(std::bit_cast<std::uint64_t>(m_forecaster.meanHeldSeconds()));
    mix(std::bit_cast<std::uint64_t>(m_forecaster.stalledSeconds()));
    mix(m_forecaster.slotsFreed());
    const DepartureModel::State d = m_forecaster.departures().state();
    for (std::size_t b = 0; b < DepartureModel::kBands; ++b) {
        mix(std::bit_cast<std::uint64_t>(d.exposure[b]));
        mix(std::bit_cast<std::uint64_t>(d.departures[b]));
    }
    for (const SlotGroup& g : m_slotGroups) {
        mix((std::uint64_t{g.firstSlot} << 32) | g.joinedSec);
    }
    mix(static_cast<std::uint64_t>(m_queueSeenAt.value_or(-1)));
    mix(static_cast<std::uint64_t>(m_config.admissionRatePerMinute));
    mix(static_cast<std::uint64_t>(m_config.capacity));
    mix(static_cast<std::uint64_t>(m_config.sessionTtlSeconds));
    mix(static_cast<std::uint64_t>(m_config.claimGraceSeconds));
    mix(static_cast<std::uint64_t>(m_config.idleTimeoutSeconds));
    mix(static_cast<std::uint64_t>(m_config.opensAt));
    mix(m_config.paused);
    for (char c : m_config.message) {
        mix(static_cast<unsigned char>(c));
    }
    mix(m_audit.size());
    return h;
}

std::size_t QueueEngine::memoryBytes() const {
    std::size_t bytes = m_tickets.memoryBytes() + m_seqOfSlot.memoryBytes() + m_order.memoryBytes();
    for (const Opening& o : m_openings) {
        bytes += o.preQueue.capacity() * sizeof(TicketSeq);
    }
    // Node-based map: a node per record plus the bucket array.
    bytes += m_records.size() * (sizeof(Record) + 2 * sizeof(void*) + sizeof(TicketSeq)) +
             m_records.bucket_count() * sizeof(void*);
    bytes += (m_claimDue.size() + m_sessionDue.size()) * sizeof(Due);
    return bytes;
}

} // namespace sluice::engine
