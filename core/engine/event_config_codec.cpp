// SPDX-License-Identifier: Apache-2.0
#include "event_config_codec.h"

namespace sluice::engine {
namespace {

constexpr std::size_t kMaxTextBytes = 64 * 1024;
constexpr std::size_t kMaxCohorts = 10'000;
constexpr std::uint8_t kCohortMarker = 0xC0; // see writeChange

template <typename T> void writeOptional(ByteWriter& out, const std::optional<T>& v) {
    out.u8(v ? 1 : 0);
    if (v) {
        if constexpr (std::is_same_v<T, bool>) {
            out.u8(*v ? 1 : 0);
        } else if constexpr (std::is_same_v<T, std::string>) {
            out.text(*v);
        } else {
            out.i64(*v);
        }
    }
}

template <typename T> std::optional<T> readOptional(ByteReader& in) {
    const std::uint8_t present = in.u8();
    if (present > 1) {
        in.fail();
    }
    if (present != 1) {
        return std::nullopt;
    }
    if constexpr (std::is_same_v<T, bool>) {
        return in.u8() != 0;
    } else if constexpr (std::is_same_v<T, std::string>) {
        return in.text(kMaxTextBytes);
    } else {
        return static_cast<T>(in.i64());
    }
}

} // namespace

void writeConfig(ByteWriter& out, const EventConfig& c) {
    out.text(c.eventId);
    out.i64(c.opensAt);
    out.u8(static_cast<std::uint8_t>(c.preQueuePolicy));
    out.u64(c.shuffleSeed);
    out.i64(c.admissionRatePerMinute);
    out.i64(c.capacity);
    out.i64(c.sessionTtlSeconds);
    out.i64(c.claimGraceSeconds);
    out.i64(c.idleTimeoutSeconds);
    out.u64(c.cohorts.size());
    for (const CohortWindow& w : c.cohorts) {
        out.text(w.name);
        out.i64(w.bornFrom);
        out.i64(w.bornTo);
        out.i64(w.opensAt);
    }
    out.u8(c.paused ? 1 : 0);
    out.text(c.message);
    out.text(c.timeZone);
}

EventConfig readConfig(ByteReader& in, bool withTimeZone) {
    EventConfig c;
    c.eventId = in.text(kMaxTextBytes);
    c.opensAt = in.i64();
    const std::uint8_t policy = in.u8();
    if (policy > static_cast<std::uint8_t>(PreQueuePolicy::Fifo)) {
        in.fail();
    }
    c.preQueuePolicy = static_cast<PreQueuePolicy>(policy);
    c.shuffleSeed = in.u64();
    c.admissionRatePerMinute = static_cast<int>(in.i64());
    c.capacity = static_cast<int>(in.i64());
    c.sessionTtlSeconds = static_cast<int>(in.i64());
    c.claimGraceSeconds = static_cast<int>(in.i64());
    c.idleTimeoutSeconds = static_cast<int>(in.i64());
    const std::uint64_t cohorts = in.count(36);
    if (cohorts > kMaxCohorts) {
        in.fail();
    }
    for (std::uint64_t i = 0; in.ok() && i < cohorts; ++i) {
        CohortWindow w;
        w.name = in.text(kMaxTextBytes);
        w.bornFrom = static_cast<int>(in.i64());
        w.bornTo = static_cast<int>(in.i64());
        w.opensAt = in.i64();
        c.cohorts.push_back(std::move(w));
    }
    c.paused = in.u8() != 0;
    c.message = in.text(kMaxTextBytes);
    if (withTimeZone) {
        c.timeZone = in.text(kMaxTimeZoneBytes);
    }
    return c;
}

void writeChange(ByteWriter& out, const ConfigChange& c) {
    // A cohort move leads with a marker byte no older change starts with (each optional's
    // flag is 0 or 1), so journals and cluster logs written before cohort moves existed
    // still read, and a change without one is written exactly as before.
    if (c.cohort) {
        out.u8(kCohortMarker);
        out.text(*c.cohort);
    }
    writeOptional(out, c.admissionRatePerMinute);
    writeOptional(out, c.capacity);
    writeOptional(out, c.sessionTtlSeconds);
    writeOptional(out, c.claimGraceSeconds);
    writeOptional(out, c.idleTimeoutSeconds);
    writeOptional(out, c.opensAt);
    writeOptional(out, c.paused);
    writeOptional(out, c.message);
}

ConfigChange readChange(ByteReader& in) {
    ConfigChange c;
    if (in.peekU8() == kCohortMarker) {
        in.u8();
        c.cohort = in.text(kMaxTextBytes);
    }
    c.admissionRatePerMinute = readOptional<int>(in);
    c.capacity = readOptional<int>(in);
    c.sessionTtlSeconds = readOptional<int>(in);
    c.claimGraceSeconds = readOptional<int>(in);
    c.idleTimeoutSeconds = readOptional<int>(in);
    c.opensAt = readOptional<TimeMs>(in);
    c.paused = readOptional<bool>(in);
    c.message = readOptional<std::string>(in);
    return c;
}

void writeAudit(ByteWriter& out, const AuditEntry& e) {
    out.i64(e.at);
    out.text(e.operatorName);
    out.text(e.field);
    out.text(e.oldValue);
    out.text(e.newValue);
}

AuditEntry readAudit(ByteReader& in) {
    AuditEntry e;
    e.at = in.i64();
    e.operatorName = in.text(kMaxTextBytes);
    e.field = in.text(kMaxTextBytes);
    e.oldValue = in.text(kMaxTextBytes);
    e.newValue = in.text(kMaxTextBytes);
    return e;
}

} // namespace sluice::engine
