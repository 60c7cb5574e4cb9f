// SPDX-License-Identifier: Apache-2.0
#include "event_config.h"

#include <string>

namespace sluice::engine {
namespace {

bool validDate(int yyyymmdd) {
    const int month = (yyyymmdd / 100) % 100;
    const int day = yyyymmdd % 100;
    return yyyymmdd >= 1000'01'01 && yyyymmdd <= 9999'12'31 && month >= 1 && month <= 12 &&
           day >= 1 && day <= 31;
}

void check(std::string& problems, bool ok, const std::string& what) {
    if (ok) {
        return;
    }
    if (!problems.empty()) {
        problems += "; ";
    }
    problems += what;
}

} // namespace

bool plausibleTimeZoneName(const std::string& name) {
    if (name.empty() || name.size() > kMaxTimeZoneBytes || name.front() == '/' ||
        name.back() == '/' || name.find("..") != std::string::npos ||
        name.find("//") != std::string::npos) {
        return false;
    }
    for (const char c : name) {
        const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (!letter && !(c >= '0' && c <= '9') && c != '/' && c != '_' && c != '+' && c != '-') {
            return false;
        }
    }
    return true;
}

Status EventConfig::validate() const {
    std::string p;
    check(p, !eventId.empty() && eventId.size() <= 64, "eventId: 1 to 64 characters expected");
    check(p, admissionRatePerMinute >= 0 && admissionRatePerMinute <= kMaxRatePerMinute,
          "admissionRatePerMinute: 0 to " + std::to_string(kMaxRatePerMinute) + " expected");
    check(p, capacity >= 0 && capacity <= kMaxCapacity,
          "capacity: 0 to " + std::to_string(kMaxCapacity) + " expected");
    check(p, sessionTtlSeconds >= 1 && sessionTtlSeconds <= kMaxDurationSeconds,
          "sessionTtlSeconds: 1 to " + std::to_string(kMaxDurationSeconds) + " expected");
    check(p, claimGraceSeconds >= 1 && claimGraceSeconds <= kMaxDurationSeconds,
          "claimGraceSeconds: 1 to " + std::to_string(kMaxDurationSeconds) + " expected");
    check(p, idleTimeoutSeconds >= 1 && idleTimeoutSeconds <= kMaxDurationSeconds,
          "idleTimeoutSeconds: 1 to " + std::to_string(kMaxDurationSeconds) + " expected");
    check(p, opensAt >= 0, "opensAt: milliseconds since 1970-01-01 UTC, not negative");
    check(p, message.size() <= kMaxMessageBytes,
          "message: at most " + std::to_string(kMaxMessageBytes) + " bytes");
    check(p, plausibleTimeZoneName(timeZone),
          "timeZone: an IANA time zone name expected, e.g. \"Asia/Seoul\" or \"UTC\"");
    check(p, cohorts.size() <= 64, "cohorts: at most 64 windows");
    for (std::size_t i = 0; i < cohorts.size(); ++i) {
        const CohortWindow& c = cohorts[i];
        const std::string at = "cohorts[" + std::to_string(i) + "]";
        check(p, !c.name.empty(), at + ".name: a name is required");
        check(p, validDate(c.bornFrom), at + ".bornFrom: a yyyymmdd date expected");
        check(p, validDate(c.bornTo), at + ".bornTo: a yyyymmdd date expected");
        check(p, c.bornFrom <= c.bornTo, at + ": bornFrom must not be after bornTo");
        check(p, c.opensAt >= 0, at + ".opensAt: milliseconds since 1970-01-01 UTC");
        for (std::size_t j = 0; j < i; ++j) {
            const CohortWindow& o = cohorts[j];
            check(p, c.bornTo < o.bornFrom || c.bornFrom > o.bornTo,
                  at + ": birth dates overlap cohorts[" + std::to_string(j) + "]");
        }
    }
    return p.empty() ? Status::ok() : Status::invalidArgument(p);
}

bool ConfigChange::empty() const {
    return !admissionRatePerMinute && !capacity && !sessionTtlSeconds && !claimGraceSeconds &&
           !idleTimeoutSeconds && !opensAt && !paused && !message && !cohort;
}

} // namespace sluice::engine
