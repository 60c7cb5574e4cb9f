// SPDX-License-Identifier: Apache-2.0
#include "sample_columns.h"

#include <array>

namespace sluice::series {
namespace {

// The order is the files' order: changing it changes series.csv (and its readers' header).
const std::array<SampleColumn, 24> kColumns{{
    {"waiting", &Sample::waiting},
    {"pre_queued", &Sample::preQueued},
    {"people_queued", &Sample::peopleQueued},
    {"active_sessions", &Sample::activeSessions},
    {"admitted_unclaimed", &Sample::admittedUnclaimed},
    {"capacity", &Sample::capacity},
    {"rate_per_minute", &Sample::admissionRatePerMinute},
    {"paused", &Sample::paused},
    {"joins_per_second", &Sample::joinsPerSecond, 3},
    {"admits_per_second", &Sample::admitsPerSecond, 3},
    {"shown_estimate_seconds", &Sample::shownEstimateSeconds, 1, true},
    {"engine_estimate_seconds", &Sample::engineEstimateSeconds, 1, true},
    {"realised_wait_seconds", &Sample::realisedWaitSeconds, 1},
    {"nodes", &Sample::nodes},
    {"queue_requests", &Sample::queueRequests},
    {"queue_errors", &Sample::queueErrors},
    {"backend_busy", &Sample::backendBusy},
    {"backend_capacity", &Sample::backendCapacity},
    {"backend_errors", &Sample::backendErrors},
    {"booked_total", &Sample::bookedTotal},
    {"gave_up_total", &Sample::gaveUpTotal},
    {"cheat_attempts_total", &Sample::cheatAttemptsTotal},
    {"cheat_successes_total", &Sample::cheatSuccessesTotal},
    {"rejected_tokens_total", &Sample::rejectedTokensTotal},
}};

} // namespace

std::span<const SampleColumn> sampleColumns() {
    return kColumns;
}

} // namespace sluice::series
