// SPDX-License-Identifier: Apache-2.0
#include "prometheus_metrics.h"

#include "api_answers.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace sluice::api {
namespace {

// The loop's busy spells as a Prometheus histogram (cumulative buckets, sum, count) and the
// longest one since start.
void loopBusyHistogram(std::string& out, const http::LoopBusy::Histogram& h) {
    out += "# HELP sluice_loop_busy_seconds How long the server's loop worked between two waits "
           "for events (a request arriving meanwhile waits that long).\n"
           "# TYPE sluice_loop_busy_seconds histogram\n";
    char line[160];
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < http::LoopBusy::kBoundsSeconds.size(); ++i) {
        cumulative += h.counts[i];
        std::snprintf(line, sizeof line, "sluice_loop_busy_seconds_bucket{le=\"%g\"} %llu\n",
                      http::LoopBusy::kBoundsSeconds[i],
                      static_cast<unsigned long long>(cumulative));
        out += line;
    }
    std::snprintf(line, sizeof line,
                  "sluice_loop_busy_seconds_bucket{le=\"+Inf\"} %llu\n"
                  "sluice_loop_busy_seconds_sum %.9g\nsluice_loop_busy_seconds_count %llu\n",
                  static_cast<unsigned long long>(h.count), h.sumSeconds,
                  static_cast<unsigned long long>(h.count));
    out += line;
    std::snprintf(line, sizeof line,
                  "# HELP sluice_loop_busy_max_seconds The longest spell since start.\n"
                  "# TYPE sluice_loop_busy_max_seconds gauge\nsluice_loop_busy_max_seconds "
                  "%.9g\n",
                  h.maxSeconds);
    out += line;
}

} // namespace

std::string prometheusMetric(const char* name, const char* type, const char* help, double value) {
    char line[320];
    if (std::isnan(value)) { // the exposition format spells it NaN
        std::snprintf(line, sizeof line, "# HELP %s %s\n# TYPE %s %s\n%s NaN\n", name, help, name,
                      type, name);
    } else {
        std::snprintf(line, sizeof line, "# HELP %s %s\n# TYPE %s %s\n%s %.17g\n", name, help, name,
                      type, name, value);
    }
    return line;
}

http::Response prometheusMetrics(const engine::MetricsSnapshot& s, std::uint64_t joinsRateLimited,
                                 JournalHealth journal,
                                 const std::optional<http::Server::Stats>& server,
                                 std::string_view more) {
    std::string out;
    const auto metric = [&out](const char* name, const char* type, const char* help, double value) {
        out += prometheusMetric(name, type, help, value);
    };
    const auto d = [](std::uint64_t v) { return static_cast<double>(v); };
    metric("sluice_waiting", "gauge", "People in the queue now.", d(s.waiting));
    metric("sluice_pre_queued", "gauge", "People who joined before their opening.", d(s.preQueued));
    metric("sluice_active_sessions", "gauge", "Sessions in the protected site.",
           d(s.activeSessions));
    metric("sluice_admitted_unclaimed", "gauge", "Admitted, token not yet claimed.",
           d(s.admittedUnclaimed));
    metric("sluice_capacity", "gauge", "Concurrent sessions the protected site holds.", s.capacity);
    metric("sluice_admission_rate_per_minute", "gauge", "The operator's admission rate.",
           s.admissionRatePerMinute);
    metric("sluice_paused", "gauge", "1 while admissions are paused.", s.paused ? 1 : 0);
    // Unknown (stalled, no capacity) or paused is NaN, never 0: 0 would read as "no wait".
    const bool figure = s.newArrivalWait.known && !s.newArrivalWait.paused;
    metric("sluice_estimated_wait_seconds", "gauge",
           "The wait a new arrival is told; NaN while it is unknown or paused.",
           figure ? s.newArrivalWait.seconds : std::numeric_limits<double>::quiet_NaN());
    metric("sluice_estimate_known", "gauge",
           "1 while the wait estimate is a figure (0: unknown, stalled or paused).",
           figure ? 1 : 0);
    metric("sluice_joins_total", "counter", "Tickets issued.", d(s.joinsTotal));
    metric("sluice_admissions_total", "counter", "Tickets admitted.", d(s.admitsTotal));
    metric("sluice_claims_total", "counter", "Admissions turned into sessions.", d(s.claimsTotal));
    metric("sluice_completions_total", "counter", "Sessions completed.", d(s.completionsTotal));
    metric("sluice_abandons_total", "counter", "Tickets that stopped polling.", d(s.abandonsTotal));
    metric("sluice_leaves_total", "counter", "Tickets that left on purpose.", d(s.leavesTotal));
    metric("sluice_ticket_rejections_total", "counter", "Forged, foreign or malformed tickets.",
           d(s.ticketRejections));
    metric("sluice_join_rate_limited_total", "counter", "Joins refused by the per-address limit.",
           d(joinsRateLimited));
    out += "# HELP sluice_token_rejections_total Admission tokens the gate refused, by reason.\n"
           "# TYPE sluice_token_rejections_total counter\n";
    for (std::size_t i = 0; i < engine::kTokenRejectionCount; ++i) {
        out += "sluice_token_rejections_total{reason=\"" +
               std::string(engine::nameOf(static_cast<engine::TokenRejection>(i))) + "\"} " +
               std::to_string(s.tokenRejections[i]) + "\n";
    }
    metric("sluice_journal_behind", "gauge",
           "1 while changes are refused because the journal is behind (or failed).",
           journal.behind ? 1 : 0);
    metric("sluice_journal_failed", "gauge", "1 after a journal write or sync failed.",
           journal.failed ? 1 : 0);
    if (server) {
        const http::Server::Stats& h = *server;
        metric("sluice_http_connections_open", "gauge", "Open client connections.", d(h.open));
        metric("sluice_http_requests_total", "counter", "Requests handled.", d(h.requests));
        metric("sluice_http_bad_requests_total", "counter", "Requests refused as malformed.",
               d(h.badRequests));
        metric("sluice_http_refused_full_total", "counter",
               "Connections refused with 503 when full.", d(h.refusedFull));
        metric("sluice_http_timeouts_total", "counter", "Requests that did not arrive in time.",
               d(h.timedOut));
        metric("sluice_http_write_timeouts_total", "counter",
               "Connections reset because their client took none of its answers in time.",
               d(h.writeTimedOut));
        loopBusyHistogram(out, h.loopBusy);
    }
    out += more;
    return typedAnswer(200, "text/plain; version=0.0.4; charset=utf-8", std::move(out));
}

} // namespace sluice::api
