// SPDX-License-Identifier: Apache-2.0
#include "replicated_room.h"

#include "engine/byte_io.h"

#include <algorithm>

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
    ++m_state.applied;
    m_state.lastId.assign(id);
    m_state.lastBytes.assign(bytes);
    m_state.chain = chained(chained(m_state.chain, id), bytes);
    engine::QueueEngine& engine = m_room.engine();
    switch (e.kind) {
    case EntryKind::Tick:
        if (e.epoch == m_state.epoch && m_state.epoch != 0 && e.origin == m_state.leader) {
            engine.tick(e.now);
        } else {
            ++m_state.staleTicks;
        }
        return {};
    case EntryKind::Leader:
        if (e.epoch > m_state.epoch) {
            m_state.epoch = e.epoch;
            m_state.leader = e.origin;
        }
        return {};
    case EntryKind::Seen:
        for (engine::TicketSeq seq : e.seen) {
            (void)engine.markSeen(e.now, seq); // alive, or abandoned if idle; unknown: ignored
        }
        return {};
    default:
        break;
    }
    if (!e.idempotencyKey.empty()) {
        if (const auto it = m_state.keys.find(e.idempotencyKey); it != m_state.keys.end()) {
            ++m_state.repeats;
            return repeat(e, it->second);
        }
    }
    if (e.kind == EntryKind::Join && e.challenge &&
        m_state.spent.contains(e.challenge->issuedAt, e.challenge->key)) {
        ++m_state.reusedChallenges;
        ChangeOutcome refused;
        refused.status =
            engine::Status::permissionDenied("proof of work: this challenge was already used");
        return refused; // not remembered under its key: a retry with a fresh challenge may pass
    }
    ChangeOutcome outcome =
        e.kind == EntryKind::Difficulty ? applyDifficulty(e) : applyChange(m_room, e);
    if (e.kind == EntryKind::Join && e.challenge && outcome.status.isOk()) {
        m_state.spent.insert(e.now, e.challenge->issuedAt, e.challenge->key);
    }
    if (!e.idempotencyKey.empty()) {
        remember(e.idempotencyKey, outcome);
    }
    return outcome;
}

ChangeOutcome ReplicatedRoom::applyDifficulty(const LogEntry& e) {
    ChangeOutcome out;
    // Until the log's first change, the writer's controls are where it starts from (each
    // node's own flags were in force till then; the writer's travel in the entry).
    pow::PowControls next =
        m_state.pow ? *m_state.pow : pow::PowControls{e.powBaseMode, e.powBase, {}};
    // Stamped with the room's time, which never moves backwards, as the engine's entries are.
    const engine::TimeMs at = std::max(e.now, m_room.engine().lastNow());
    auto made = pow::applyPowChange(next, at, e.operatorName, e.powChange);
    if (!made.isOk()) {
        out.status = made.status();
        return out;
    }
    out.audit = made.value();
    out.auditEntries = next.audit.size();
    if (!m_state.pow || !made.value().empty()) {
        ++m_state.powChanges;
    }
    m_state.pow = std::move(next);
    return out;
}

ChangeOutcome ReplicatedRoom::repeat(const LogEntry& e, const State::Remembered& first) {
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
        auto claimed = m_room.claim(e.now, e.credential, e.device);
        if (claimed.isOk()) {
            out.claimed = std::move(claimed.value());
        } else {
            out.status = claimed.status();
        }
    }
    return out;
}

void ReplicatedRoom::remember(const std::string& key, const ChangeOutcome& o) {
    State::Remembered r{o.status, o.seq, o.joined ? o.joined->ticket : std::string(), o.audit,
                        o.auditEntries};
    m_state.keys.emplace(key, std::move(r));
    m_state.keyOrder.push_back(key);
    while (m_state.keyOrder.size() > m_rememberedKeys) {
        m_state.keys.erase(m_state.keyOrder.front());
        m_state.keyOrder.pop_front();
    }
}

std::uint64_t ReplicatedRoom::digest() const {
    return m_room.engine().digest(false) ^ (m_state.epoch * 0x9e3779b97f4a7c15ULL);
}

namespace {
constexpr std::string_view kMagic = "SLUICECL"; // a cluster node's copy
// 2 adds the spent challenges and their refusal count after the remembered keys; 3 the
// proof-of-work controls after them. 1 and 2 are still read (nothing spent; no controls),
// and 2 is still written while the log holds no controls, so that a node not yet upgraded
// can start from the snapshot of one that is, until an operator changes the difficulty.
constexpr std::uint32_t kSnapshotFormat = 3;
constexpr std::size_t kMaxText = 1 << 20;

void writeAudit(engine::ByteWriter& out, const std::vector<engine::AuditEntry>& audit) {
    out.u64(audit.size());
    for (const engine::AuditEntry& a : audit) {
        out.i64(a.at);
        out.text(a.operatorName);
        out.text(a.field);
        out.text(a.oldValue);
        out.text(a.newValue);
    }
}

std::vector<engine::AuditEntry> readAudit(engine::ByteReader& in) {
    std::vector<engine::AuditEntry> audit;
    const std::uint64_t n = in.count(24);
    for (std::uint64_t a = 0; in.ok() && a < n; ++a) {
        engine::AuditEntry e;
        e.at = in.i64();
        e.operatorName = in.text(kMaxText);
        e.field = in.text(kMaxText);
        e.oldValue = in.text(kMaxText);
        e.newValue = in.text(kMaxText);
        audit.push_back(std::move(e));
    }
    return audit;
}

// Format 3 only: written when the log holds controls.
void writePow(engine::ByteWriter& out, const ReplicatedRoom::State& st) {
    const pow::PowControls& c = *st.pow;
    out.u8(static_cast<std::uint8_t>(c.mode));
    out.u8(static_cast<std::uint8_t>(c.settings.floorBits));
    out.u8(static_cast<std::uint8_t>(c.settings.ceilingBits));
    out.u8(c.settings.overrideBits ? 1 : 0);
    out.u8(static_cast<std::uint8_t>(c.settings.overrideBits.value_or(0)));
    out.f64(c.settings.quietJoinsPerMinute);
    out.u64(st.powChanges);
    writeAudit(out, c.audit);
}

void readPow(engine::ByteReader& in, ReplicatedRoom::State& st) {
    pow::PowControls c;
    const std::uint8_t mode = in.u8();
    c.settings.floorBits = in.u8();
    c.settings.ceilingBits = in.u8();
    const std::uint8_t fixed = in.u8();
    const std::uint8_t fixedBits = in.u8();
    c.settings.quietJoinsPerMinute = in.f64();
    st.powChanges = in.u64();
    c.audit = readAudit(in);
    if (mode > static_cast<std::uint8_t>(pow::PowMode::Fixed) || fixed > 1) {
        in.fail();
        return;
    }
    c.mode = static_cast<pow::PowMode>(mode);
    if (fixed == 1) {
        c.settings.overrideBits = fixedBits;
    }
    if (!c.settings.validate().isOk()) {
        in.fail();
        return;
    }
    st.pow = std::move(c);
}

} // namespace

std::string ReplicatedRoom::snapshotBody(const State& st, const engine::QueueEngine& engine) {
    engine::ByteWriter out;
    out.raw(kMagic.data(), kMagic.size());
    const std::uint32_t format = st.pow ? kSnapshotFormat : 2;
    out.u32(format);
    out.text(st.lastId);
    out.text(st.lastBytes);
    out.u64(st.applied);
    out.u64(st.chain);
    out.u64(st.epoch);
    out.text(st.leader);
    out.u64(st.staleTicks);
    out.u64(st.repeats);
    out.u64(st.keyOrder.size());
    for (const std::string& key : st.keyOrder) {
        const State::Remembered& r = st.keys.at(key);
        out.text(key);
        out.u8(static_cast<std::uint8_t>(r.status.code()));
        out.text(r.status.message());
        out.u32(r.seq);
        out.text(r.ticket);
        out.u64(r.auditEntries);
        writeAudit(out, r.audit);
    }
    out.u64(st.reusedChallenges);
    out.u64(st.spent.size());
    st.spent.forEach([&out](engine::TimeMs bucketStart, const pow::ReplayGuard::Key& key) {
        out.i64(bucketStart);
        out.u64(key[0]);
        out.u64(key[1]);
    });
    if (format >= 3) {
        writePow(out, st);
    }
    out.text(engine.saveState());
    return out.take();
}

engine::Status ReplicatedRoom::restore(std::string_view body) {
    engine::ByteReader in(body);
    char magic[8] = {};
    in.raw(magic, sizeof magic);
    const std::uint32_t format = in.u32();
    if (std::string_view(magic, sizeof magic) != kMagic || format < 1 || format > kSnapshotFormat) {
        return engine::Status::invalidArgument("not a cluster snapshot (or a newer format)");
    }
    State st;
    st.lastId = in.text(kMaxText);
    st.lastBytes = in.text(kMaxText);
    st.applied = in.u64();
    st.chain = in.u64();
    st.epoch = in.u64();
    st.leader = in.text(kMaxText);
    st.staleTicks = in.u64();
    st.repeats = in.u64();
    const std::uint64_t keys = in.count(16);
    for (std::uint64_t i = 0; in.ok() && i < keys; ++i) {
        std::string key = in.text(kMaxKeyBytes);
        State::Remembered r;
        const std::uint8_t code = in.u8();
        std::string message = in.text(kMaxText);
        if (code > static_cast<std::uint8_t>(engine::Status::Code::IoError)) {
            in.fail();
        }
        r.status =
            engine::Status::withCode(static_cast<engine::Status::Code>(code), std::move(message));
        r.seq = in.u32();
        r.ticket = in.text(kMaxText);
        r.auditEntries = in.u64();
        r.audit = readAudit(in);
        st.keyOrder.push_back(key);
        st.keys.emplace(std::move(key), std::move(r));
    }
    if (format >= 2) {
        st.reusedChallenges = in.u64();
        const std::uint64_t spent = in.count(24);
        for (std::uint64_t i = 0; in.ok() && i < spent; ++i) {
            const engine::TimeMs at = in.i64();
            const pow::ReplayGuard::Key key{in.u64(), in.u64()};
            st.spent.insert(at, at, key);
        }
    }
    if (format >= 3) {
        readPow(in, st);
    }
    const std::string engineState = in.text(body.size());
    if (!in.ok() || !in.atEnd()) {
        return engine::Status::invalidArgument("cluster snapshot: cut short or garbled");
    }
    auto restored = engine::QueueEngine::restoreState(engineState);
    if (!restored.isOk()) {
        return restored.status();
    }
    if (restored.value().config().eventId != m_room.engine().config().eventId) {
        return engine::Status::failedPrecondition("the snapshot is of event \"" +
                                                  restored.value().config().eventId + "\"");
    }
    m_room.engine() = std::move(restored.value());
    m_state = std::move(st);
    return engine::Status::ok();
}

} // namespace sluice::cluster
