// SPDX-License-Identifier: Apache-2.0
#include "sim_output.h"

#include "engine/utc_format.h"

#include <cinttypes>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace sluice::sim {
namespace {

using ojson = nlohmann::ordered_json;

// Fixed decimals: the same double prints the same way everywhere.
std::string fixed(double v, int decimals = 3) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

double rounded(double v, int decimals = 3) {
    return std::stod(fixed(v, decimals));
}

ojson distributionJson(const Distribution& d) {
    return ojson{{"count", d.count},      {"mean", rounded(d.mean)}, {"p50", rounded(d.p50)},
                 {"p90", rounded(d.p90)}, {"p95", rounded(d.p95)},   {"p99", rounded(d.p99)},
                 {"max", rounded(d.max)}};
}

} // namespace

std::string seriesCsv(const std::vector<SimSample>& samples, engine::TimeMs start) {
    std::string out =
        "time_utc,t_seconds,waiting,pre_queued,people_queued,active_sessions,admitted_unclaimed,"
        "capacity,rate_per_minute,paused,joins_per_second,admits_per_second,"
        "shown_estimate_seconds,engine_estimate_seconds,realised_wait_seconds,nodes,queue_requests,"
        "queue_errors,"
        "backend_busy,backend_capacity,backend_errors,booked_total,gave_up_total,"
        "cheat_attempts_total,cheat_successes_total,rejected_tokens_total\n";
    out.reserve(samples.size() * 200);
    char line[512];
    for (const SimSample& s : samples) {
        std::snprintf(line, sizeof line,
                      "%s,%" PRId64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
                      ",%d,%d,%d,%.3f,%.3f,%.1f,%.1f,%.1f,%d,%" PRIu64 ",%" PRIu64 ",%" PRIu64
                      ",%d,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
                      "\n",
                      engine::formatUtc(s.at).c_str(), (s.at - start) / 1000, s.waiting,
                      s.preQueued, s.peopleQueued, s.activeSessions, s.admittedUnclaimed,
                      s.capacity, s.admissionRatePerMinute, s.paused ? 1 : 0, s.joinsPerSecond,
                      s.admitsPerSecond, s.shownEstimateSeconds, s.engineEstimateSeconds,
                      s.realisedWaitSeconds, s.nodes, s.queueRequests, s.queueErrors, s.backendBusy,
                      s.backendCapacity, s.backendErrors, s.bookedTotal, s.gaveUpTotal,
                      s.cheatAttemptsTotal, s.cheatSuccessesTotal, s.rejectedTokensTotal);
        out += line;
    }
    return out;
}

std::string seriesJson(const std::vector<SimSample>& samples, engine::TimeMs start) {
    // Columns, not rows: a quarter of the size, and what a chart wants.
    ojson cols = ojson::object();
    auto column = [&](const char* name, auto get) {
        ojson values = ojson::array();
        for (const SimSample& s : samples) {
            values.push_back(get(s));
        }
        cols[name] = std::move(values);
    };
    column("t_seconds", [&](const SimSample& s) { return (s.at - start) / 1000; });
    column("waiting", [](const SimSample& s) { return s.waiting; });
    column("pre_queued", [](const SimSample& s) { return s.preQueued; });
    column("people_queued", [](const SimSample& s) { return s.peopleQueued; });
    column("active_sessions", [](const SimSample& s) { return s.activeSessions; });
    column("admitted_unclaimed", [](const SimSample& s) { return s.admittedUnclaimed; });
    column("capacity", [](const SimSample& s) { return s.capacity; });
    column("rate_per_minute", [](const SimSample& s) { return s.admissionRatePerMinute; });
    column("paused", [](const SimSample& s) { return s.paused; });
    column("joins_per_second", [](const SimSample& s) { return rounded(s.joinsPerSecond); });
    column("admits_per_second", [](const SimSample& s) { return rounded(s.admitsPerSecond); });
    column("shown_estimate_seconds",
           [](const SimSample& s) { return rounded(s.shownEstimateSeconds, 1); });
    column("engine_estimate_seconds",
           [](const SimSample& s) { return rounded(s.engineEstimateSeconds, 1); });
    column("realised_wait_seconds",
           [](const SimSample& s) { return rounded(s.realisedWaitSeconds, 1); });
    column("nodes", [](const SimSample& s) { return s.nodes; });
    column("queue_requests", [](const SimSample& s) { return s.queueRequests; });
    column("queue_errors", [](const SimSample& s) { return s.queueErrors; });
    column("backend_busy", [](const SimSample& s) { return s.backendBusy; });
    column("backend_capacity", [](const SimSample& s) { return s.backendCapacity; });
    column("backend_errors", [](const SimSample& s) { return s.backendErrors; });
    column("booked_total", [](const SimSample& s) { return s.bookedTotal; });
    column("gave_up_total", [](const SimSample& s) { return s.gaveUpTotal; });
    column("cheat_attempts_total", [](const SimSample& s) { return s.cheatAttemptsTotal; });
    column("cheat_successes_total", [](const SimSample& s) { return s.cheatSuccessesTotal; });
    column("rejected_tokens_total", [](const SimSample& s) { return s.rejectedTokensTotal; });
    ojson doc{{"format", "sluice-series/1"},
              {"start", engine::formatUtc(start)},
              {"intervalSeconds", 1},
              {"columns", std::move(cols)}};
    return doc.dump() + "\n";
}

std::string summaryJson(const Scenario& sc, std::uint64_t seed, const SimSummary& s) {
    ojson cheats = ojson::object();
    for (std::size_t k = 0; k < kCheatKinds; ++k) {
        cheats[std::string(nameOf(static_cast<Cheat>(k + 1)))] =
            ojson{{"attempted", s.cheatsAttempted[k]}, {"succeeded", s.cheatsSucceeded[k]}};
    }
    ojson doc{
        {"format", "sluice-summary/1"},
        {"scenario", sc.name},
        {"seed", seed},
        {"clientSideEnforcement", sc.clientSideEnforcement},
        {"start", engine::formatUtc(sc.start)},
        {"simulatedSeconds", rounded(s.simulatedSeconds)},
        {"events", s.events},
        {"people", ojson{{"arrived", s.arrived},
                         {"admitted", s.admitted},
                         {"booked", s.booked},
                         {"gaveUp", s.gaveUp},
                         {"leftOnEstimate", s.leftOnEstimate},
                         {"refreshes", s.refreshes},
                         {"failedAfterAdmission", s.failedAfterAdmission},
                         {"sessionExpired", s.sessionExpired},
                         {"placesLost", s.placesLost},
                         {"failedOpen", s.failedOpen},
                         {"stillQueued", s.stillQueued},
                         {"stillInBackend", s.stillInBackend},
                         {"stillJoining", s.stillJoining},
                         {"stillClaiming", s.stillClaiming}}},
        {"waitSeconds", distributionJson(s.waitSeconds)},
        {"estimateErrorShare", distributionJson(s.estimateErrorShare)},
        {"estimateRatio", distributionJson(s.estimateRatio)},
        {"cheats", std::move(cheats)},
        {"honestOvertaken", s.honestOvertaken},
        {"peaks", ojson{{"waiting", s.peakWaiting},
                        {"queueRequestsPerSecond", s.peakQueueRequestsPerSecond},
                        {"queueErrorsPerSecond", s.peakQueueErrorsPerSecond},
                        {"backendBusy", s.peakBackendBusy}}},
        {"totals", ojson{{"queueErrors", s.queueErrorsTotal},
                         {"backendErrors", s.backendErrorsTotal},
                         {"rejectedTokens", s.rejectedTokens}}},
        {"littlesLaw", ojson{{"L", rounded(s.littleL)},
                             {"lambdaW", rounded(s.littleLambdaW)},
                             {"relativeError", rounded(s.littleRelativeError, 6)}}},
    };
    return doc.dump(2) + "\n";
}

std::string summaryText(const SimSummary& s) {
    std::uint64_t attempted = 0, succeeded = 0;
    for (std::size_t k = 0; k < kCheatKinds; ++k) {
        attempted += s.cheatsAttempted[k];
        succeeded += s.cheatsSucceeded[k];
    }
    char buf[1024];
    std::snprintf(
        buf, sizeof buf,
        "people %" PRIu64 ": admitted %" PRIu64 ", booked %" PRIu64 ", gave up %" PRIu64
        ", left on the estimate %" PRIu64 ", still queued %" PRIu64 "\n"
        "wait (arrival to admission): median %s min, p90 %s min, max %s min\n"
        "first estimate in line vs the wait that followed: median error %s%%, median ratio %sx\n"
        "cheats: %" PRIu64 " attempted, %" PRIu64 " got through; honest people overtaken %" PRIu64
        "\n"
        "peaks: waiting %" PRIu64 ", queue requests %" PRIu64 "/s (errors %" PRIu64
        "/s), backend %" PRIu64 " busy, %" PRIu64 " backend errors\n",
        s.arrived, s.admitted, s.booked, s.gaveUp, s.leftOnEstimate, s.stillQueued,
        fixed(s.waitSeconds.p50 / 60, 1).c_str(), fixed(s.waitSeconds.p90 / 60, 1).c_str(),
        fixed(s.waitSeconds.max / 60, 1).c_str(), fixed(s.estimateErrorShare.p50 * 100, 1).c_str(),
        fixed(s.estimateRatio.p50, 2).c_str(), attempted, succeeded, s.honestOvertaken,
        s.peakWaiting, s.peakQueueRequestsPerSecond, s.peakQueueErrorsPerSecond, s.peakBackendBusy,
        s.backendErrorsTotal);
    return buf;
}

} // namespace sluice::sim
