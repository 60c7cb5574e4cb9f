// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "status.h"
#include "time_types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sluice::engine {

// How people who arrive before an opening are ordered when it comes.
enum class PreQueuePolicy : std::uint8_t {
    RandomAtOpening, // a seeded shuffle at the opening instant: arriving early gains nothing
    Fifo,            // join order
};

// A birth-date range that opens at its own time (the seed night split the population into
// cohorts by birth date). Dates are yyyymmdd integers, both ends inclusive.
struct CohortWindow {
    std::string name;
    int bornFrom = 0;
    int bornTo = 0;
    TimeMs opensAt = 0;

    bool contains(int birthDate) const { return birthDate >= bornFrom && birthDate <= bornTo; }
    bool operator==(const CohortWindow&) const = default;
};

// One waiting room in front of one protected site. All durations in whole seconds.
struct EventConfig {
    std::string eventId = "event";
    TimeMs opensAt = 0; // UTC; used when no cohort windows are set
    PreQueuePolicy preQueuePolicy = PreQueuePolicy::RandomAtOpening;
    std::uint64_t shuffleSeed = 0; // the server draws it at random; the simulator fixes it
    int admissionRatePerMinute = 1000;
    int capacity = 1000; // concurrent sessions the protected site holds
    int sessionTtlSeconds = 900;
    int claimGraceSeconds = 120;
    int idleTimeoutSeconds = 300;
    // When non-empty, a join must carry a birth date inside one window and opens at the
    // window's time; EventConfig::opensAt is then ignored.
    std::vector<CohortWindow> cohorts;
    bool paused = false;
    std::string message; // shown to everyone waiting
    // The IANA zone the waiting page shows times in ("Asia/Seoul"); instants stay UTC.
    std::string timeZone = "UTC";

    // Every problem found, as "field: what is expected". Ok when the config is usable.
    Status validate() const;
    bool operator==(const EventConfig&) const = default;
};

// A change an operator makes; unset fields stay as they are. Identity fields (event id,
// seed, policy) cannot change while people wait.
struct ConfigChange {
    std::optional<int> admissionRatePerMinute = std::nullopt;
    std::optional<int> capacity = std::nullopt;
    std::optional<int> sessionTtlSeconds = std::nullopt;
    std::optional<int> claimGraceSeconds = std::nullopt;
    std::optional<int> idleTimeoutSeconds = std::nullopt;
    std::optional<TimeMs> opensAt = std::nullopt;
    std::optional<bool> paused = std::nullopt;
    std::optional<std::string> message = std::nullopt;
    // With cohort windows, the window (by name) whose opening `opensAt` moves: each window
    // opens on its own, so a move names the one it means.
    std::optional<std::string> cohort = std::nullopt;

    bool empty() const;
};

// One line of the audit trail: who changed what, when, from which value to which.
struct AuditEntry {
    TimeMs at = 0;
    std::string operatorName;
    std::string field;
    std::string oldValue;
    std::string newValue;
    bool operator==(const AuditEntry&) const = default;
};

// The limits validate() enforces, public so edges can quote them in error messages.
inline constexpr int kMaxRatePerMinute = 10'000'000;
inline constexpr int kMaxCapacity = 100'000'000;
inline constexpr int kMaxDurationSeconds = 7 * 24 * 3600;
inline constexpr std::size_t kMaxMessageBytes = 1000;
inline constexpr std::size_t kMaxOperatorNameBytes = 100;
inline constexpr std::size_t kMaxTimeZoneBytes = 64;

// A zone name's shape ("Area/City": letters, digits, '/', '_', '+', '-', no "..", not
// absolute). Whether the zone exists is the config reader's question (it has the files).
bool plausibleTimeZoneName(const std::string& name);

} // namespace sluice::engine
