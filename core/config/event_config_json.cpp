// SPDX-License-Identifier: Apache-2.0
#include "event_config_json.h"

#include <cstdlib>
#include <fstream>
#include <limits>

namespace sluice::config {
namespace {
using json = nlohmann::json;
constexpr long long kWeek = engine::kMaxDurationSeconds;

// A zone the system's time zone database has (TZDIR or /usr/share/zoneinfo): a TZif file
// under a plausible name. The copies under posix/ and right/ and the links Factory,
// localtime and posixrules are not zones browsers know. "UTC" needs no database.
bool knownTimeZone(const std::string& name) {
    if (name == "UTC") {
        return true;
    }
    if (!engine::plausibleTimeZoneName(name) || name.starts_with("posix/") ||
        name.starts_with("right/") || name == "Factory" || name == "localtime" ||
        name == "posixrules") {
        return false;
    }
    const char* dir = std::getenv("TZDIR");
    std::ifstream file(std::string(dir != nullptr && *dir != 0 ? dir : "/usr/share/zoneinfo") +
                           "/" + name,
                       std::ios::binary);
    char magic[4] = {};
    return file.read(magic, sizeof magic) && std::string_view(magic, sizeof magic) == "TZif";
}
} // namespace

void readEvent(JsonFields& f, const json& j, engine::EventConfig& e, const std::string& p) {
    if (!f.object(j, p,
                  {"eventId", "opensAt", "preQueuePolicy", "shuffleSeed", "admissionRatePerMinute",
                   "capacity", "sessionTtlSeconds", "claimGraceSeconds", "idleTimeoutSeconds",
                   "paused", "message", "timeZone", "cohorts"})) {
        return;
    }
    f.text(j, p, "eventId", e.eventId, 64, true);
    f.instant(j, p, "opensAt", e.opensAt, true);
    const int policy = f.choice(j, p, "preQueuePolicy", {"random", "fifo"});
    if (policy >= 0) {
        e.preQueuePolicy =
            policy == 0 ? engine::PreQueuePolicy::RandomAtOpening : engine::PreQueuePolicy::Fifo;
    }
    f.unsignedInt(j, p, "shuffleSeed", e.shuffleSeed, std::numeric_limits<std::uint64_t>::max());
    f.integer(j, p, "admissionRatePerMinute", e.admissionRatePerMinute, 0,
              engine::kMaxRatePerMinute, true);
    f.integer(j, p, "capacity", e.capacity, 0, engine::kMaxCapacity, true);
    f.integer(j, p, "sessionTtlSeconds", e.sessionTtlSeconds, 1, kWeek);
    f.integer(j, p, "claimGraceSeconds", e.claimGraceSeconds, 1, kWeek);
    f.integer(j, p, "idleTimeoutSeconds", e.idleTimeoutSeconds, 1, kWeek);
    f.boolean(j, p, "paused", e.paused);
    f.text(j, p, "message", e.message, engine::kMaxMessageBytes);
    const std::size_t problems = f.errors().size();
    std::string zone = e.timeZone;
    f.text(j, p, "timeZone", zone, engine::kMaxTimeZoneBytes);
    if (f.errors().size() == problems && !knownTimeZone(zone)) {
        f.fail(JsonFields::join(p, "timeZone"),
               "unknown time zone " + json(zone).dump() +
                   ": an IANA name expected, e.g. \"Asia/Seoul\" or \"UTC\"");
    } else {
        e.timeZone = zone;
    }
    auto cohorts = j.find("cohorts");
    if (cohorts == j.end()) {
        return;
    }
    // The array's own vector (see readPopulation in scenario.cpp: GCC 12 false positive).
    if (!cohorts->is_array() || cohorts->get_ref<const json::array_t&>().size() > 64) {
        f.fail(p + ".cohorts", "expected an array of at most 64 cohort windows");
        return;
    }
    const auto& windows = cohorts->get_ref<const json::array_t&>();
    for (std::size_t i = 0; i < windows.size(); ++i) {
        const std::string cp = p + ".cohorts[" + std::to_string(i) + "]";
        const json& c = windows[i];
        engine::CohortWindow w;
        if (f.object(c, cp, {"name", "bornFrom", "bornTo", "opensAt"})) {
            f.text(c, cp, "name", w.name, 64, true);
            f.date(c, cp, "bornFrom", w.bornFrom, true);
            f.date(c, cp, "bornTo", w.bornTo, true);
            f.instant(c, cp, "opensAt", w.opensAt, true);
        }
        e.cohorts.push_back(w);
    }
}

engine::Result<engine::EventConfig> parseEventConfig(const nlohmann::json& j,
                                                     const std::string& path) {
    JsonFields f;
    engine::EventConfig e;
    readEvent(f, j, e, path);
    if (f.errors().empty()) {
        if (engine::Status s = e.validate(); !s.isOk()) {
            f.fail(path, s.message());
        }
    }
    if (engine::Status s = f.status(); !s.isOk()) {
        return s;
    }
    return e;
}

} // namespace sluice::config
