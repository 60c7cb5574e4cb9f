// SPDX-License-Identifier: Apache-2.0
#include "log_entry.h"

#include "engine/byte_io.h"
#include "engine/event_config_codec.h"

namespace sluice::cluster {

using engine::ByteReader;
using engine::ByteWriter;
using engine::Status;

namespace {
// First byte of every entry: the layout below. 2 adds the device secret (join, leave, claim,
// complete) and the join's challenge id; 1 is still read (no device, no challenge).
// A new kind needs no new format: entries of the older kinds stay byte for byte what they
// were, so a node not yet upgraded still reads every entry of an upgraded one but the new
// kind (which it counts as undecodable, the same on every such node).
constexpr std::uint8_t kFormat = 2;
constexpr std::size_t kMaxDeviceBytes = 64;
// The first byte of a Difficulty entry's own fields: a later layout can add fields and
// still read this one.
constexpr std::uint8_t kDifficultyLayout = 1;

// Bits as a flag byte (0 or 1) and the value's byte (0 when absent).
void writeBits(ByteWriter& out, const std::optional<int>& bits) {
    out.u8(bits ? 1 : 0);
    out.u8(static_cast<std::uint8_t>(bits.value_or(0)));
}

std::optional<int> readBits(ByteReader& in) {
    const std::uint8_t given = in.u8();
    const std::uint8_t bits = in.u8();
    if (given > 1 || bits > pow::PowChallenges::kMaxDifficultyBits) {
        in.fail();
        return std::nullopt;
    }
    return given == 1 ? std::optional<int>(bits) : std::nullopt;
}

pow::PowMode readMode(ByteReader& in) {
    const std::uint8_t mode = in.u8();
    if (mode > static_cast<std::uint8_t>(pow::PowMode::Fixed)) {
        in.fail();
        return pow::PowMode::Off;
    }
    return static_cast<pow::PowMode>(mode);
}

void writeDifficulty(ByteWriter& out, const LogEntry& e) {
    out.text(e.operatorName);
    out.u8(kDifficultyLayout);
    // The writer's controls in force.
    out.u8(static_cast<std::uint8_t>(e.powBaseMode));
    out.u8(static_cast<std::uint8_t>(e.powBase.floorBits));
    out.u8(static_cast<std::uint8_t>(e.powBase.ceilingBits));
    writeBits(out, e.powBase.overrideBits);
    out.f64(e.powBase.quietJoinsPerMinute);
    // The change: each field a flag byte and its value.
    const pow::PowChange& c = e.powChange;
    out.u8(c.mode ? 1 : 0);
    out.u8(static_cast<std::uint8_t>(c.mode.value_or(pow::PowMode::Off)));
    writeBits(out, c.bits);
    writeBits(out, c.floorBits);
    writeBits(out, c.ceilingBits);
    out.u8(c.quietJoinsPerMinute ? 1 : 0);
    out.f64(c.quietJoinsPerMinute.value_or(0));
}

void readDifficulty(ByteReader& in, LogEntry& e) {
    e.operatorName = in.text(engine::kMaxOperatorNameBytes * 4);
    if (in.u8() != kDifficultyLayout) {
        in.fail(); // a newer layout: refused whole rather than misread
        return;
    }
    const auto plainBits = [&in] {
        const std::uint8_t bits = in.u8();
        if (bits > pow::PowChallenges::kMaxDifficultyBits) {
            in.fail();
        }
        return static_cast<int>(bits);
    };
    e.powBaseMode = readMode(in);
    e.powBase.floorBits = plainBits();
    e.powBase.ceilingBits = plainBits();
    e.powBase.overrideBits = readBits(in);
    e.powBase.quietJoinsPerMinute = in.f64();
    pow::PowChange& c = e.powChange;
    const std::uint8_t modeGiven = in.u8();
    const pow::PowMode mode = readMode(in);
    if (modeGiven > 1) {
        in.fail();
    }
    c.mode = modeGiven == 1 ? std::optional(mode) : std::nullopt;
    c.bits = readBits(in);
    c.floorBits = readBits(in);
    c.ceilingBits = readBits(in);
    const std::uint8_t quietGiven = in.u8();
    const double quiet = in.f64();
    if (quietGiven > 1) {
        in.fail();
    }
    c.quietJoinsPerMinute = quietGiven == 1 ? std::optional(quiet) : std::nullopt;
}

} // namespace

const char* nameOf(EntryKind kind) {
    switch (kind) {
    case EntryKind::Join:
        return "join";
    case EntryKind::Leave:
        return "leave";
    case EntryKind::Claim:
        return "claim";
    case EntryKind::Complete:
        return "complete";
    case EntryKind::Configure:
        return "configure";
    case EntryKind::Tick:
        return "tick";
    case EntryKind::Leader:
        return "leader";
    case EntryKind::Seen:
        return "seen";
    case EntryKind::Difficulty:
        return "difficulty";
    }
    return "?";
}

std::string encodeEntry(const LogEntry& e) {
    ByteWriter out;
    out.u8(kFormat);
    out.u8(static_cast<std::uint8_t>(e.kind));
    out.i64(e.now);
    out.text(e.origin);
    out.text(e.idempotencyKey);
    out.u64(e.request);
    switch (e.kind) {
    case EntryKind::Join:
        out.u8(e.birthDate ? 1 : 0);
        out.i64(e.birthDate.value_or(0));
        out.text(e.device);
        out.u8(e.challenge ? 1 : 0);
        if (e.challenge) {
            out.i64(e.challenge->issuedAt);
            out.u64(e.challenge->key[0]);
            out.u64(e.challenge->key[1]);
        }
        break;
    case EntryKind::Leave:
    case EntryKind::Claim:
    case EntryKind::Complete:
        out.text(e.credential);
        out.text(e.device);
        break;
    case EntryKind::Configure:
        out.text(e.operatorName);
        engine::writeChange(out, e.change);
        break;
    case EntryKind::Tick:
    case EntryKind::Leader:
        out.u64(e.epoch);
        break;
    case EntryKind::Seen:
        out.u64(e.seen.size());
        for (engine::TicketSeq seq : e.seen) {
            out.u32(seq);
        }
        break;
    case EntryKind::Difficulty:
        writeDifficulty(out, e);
        break;
    }
    return out.take();
}

engine::Result<LogEntry> decodeEntry(std::string_view bytes) {
    ByteReader in(bytes);
    const std::uint8_t format = in.u8();
    if (format != 1 && format != kFormat) {
        return Status::invalidArgument("log entry: unknown format");
    }
    LogEntry e;
    const std::uint8_t kind = in.u8();
    if (kind < static_cast<std::uint8_t>(EntryKind::Join) ||
        kind > static_cast<std::uint8_t>(EntryKind::Difficulty)) {
        return Status::invalidArgument("log entry: unknown kind " + std::to_string(kind));
    }
    e.kind = static_cast<EntryKind>(kind);
    e.now = in.i64();
    e.origin = in.text(kMaxKeyBytes);
    e.idempotencyKey = in.text(kMaxKeyBytes);
    e.request = in.u64();
    switch (e.kind) {
    case EntryKind::Join: {
        const bool hasDate = in.u8() != 0;
        const auto date = static_cast<int>(in.i64());
        if (hasDate) {
            e.birthDate = date;
        }
        if (format >= 2) {
            e.device = in.text(kMaxDeviceBytes);
            if (in.u8() != 0) {
                pow::PowChallenges::ChallengeId id;
                id.issuedAt = in.i64();
                id.key = {in.u64(), in.u64()};
                e.challenge = id;
            }
        }
        break;
    }
    case EntryKind::Leave:
    case EntryKind::Claim:
    case EntryKind::Complete:
        e.credential = in.text(kMaxCredentialBytes);
        if (format >= 2) {
            e.device = in.text(kMaxDeviceBytes);
        }
        break;
    case EntryKind::Configure:
        e.operatorName = in.text(engine::kMaxOperatorNameBytes * 4);
        e.change = engine::readChange(in);
        break;
    case EntryKind::Tick:
    case EntryKind::Leader:
        e.epoch = in.u64();
        break;
    case EntryKind::Seen: {
        const std::uint64_t n = in.count(4);
        if (n > kMaxSeenPerEntry) {
            in.fail();
        }
        e.seen.reserve(in.ok() ? n : 0);
        for (std::uint64_t i = 0; in.ok() && i < n; ++i) {
            e.seen.push_back(in.u32());
        }
        break;
    }
    case EntryKind::Difficulty:
        readDifficulty(in, e);
        break;
    }
    if (!in.ok() || !in.atEnd()) {
        return Status::invalidArgument("log entry: cut short or garbled");
    }
    return e;
}

} // namespace sluice::cluster
