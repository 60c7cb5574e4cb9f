// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/metrics_snapshot.h"
#include "http/http_server.h"

#include <cstdint>
#include <optional>

namespace sluice::api {

// GET /metrics: the engine's latest metrics, the joins refused by the per-address limit and
// the HTTP server's counters (when given) in Prometheus's text exposition format 0.0.4.
http::Response prometheusMetrics(const engine::MetricsSnapshot& metrics,
                                 std::uint64_t joinsRateLimited,
                                 const std::optional<http::Server::Stats>& server);

} // namespace sluice::api
