// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/metrics_snapshot.h"
#include "http/http_server.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::api {

// The durable journal's state, as the alerting rules watch it (docs/metrics.md).
struct JournalHealth {
    bool behind = false; // changes are refused now: the journal does not keep up, or failed
    bool failed = false; // a write or sync failed: final until the process starts over
};

// GET /metrics: the engine's latest metrics, the joins refused by the per-address limit, the
// journal's state and the HTTP server's counters (when given) in Prometheus's text
// exposition format 0.0.4.
// `more`: further metrics in the exposition format (a cluster node's), appended as given.
http::Response prometheusMetrics(const engine::MetricsSnapshot& metrics,
                                 std::uint64_t joinsRateLimited, JournalHealth journal,
                                 const std::optional<http::Server::Stats>& server,
                                 std::string_view more = {});

// One metric in the exposition format: HELP, TYPE and its value.
std::string prometheusMetric(const char* name, const char* type, const char* help, double value);

} // namespace sluice::api
