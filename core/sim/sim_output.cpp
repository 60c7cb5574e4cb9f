// SPDX-License-Identifier: Apache-2.0
#include "sim_output.h"

#include "engine/utc_format.h"

#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>

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

namespace {
constexpr const char* kSeriesColumns =
    "time_utc,t_seconds,waiting,pre_queued,people_queued,active_sessions,admitted_unclaimed,"
    "capacity,rate_per_minute,paused,joins_per_second,admits_per_second,"
    "shown_estimate_seconds,engine_estimate_seconds,realised_wait_seconds,nodes,queue_requests,"
    "queue_errors,"
    "backend_busy,backend_capacity,backend_errors,booked_total,gave_up_total,"
    "cheat_attempts_total,cheat_successes_total,rejected_tokens_total";
constexpr int kSeriesColumnCount = 26;
} // namespace

std::string seriesCsvHeader() {
    return std::string(kSeriesColumns) + "\n";
}

std::string seriesCsvRow(const SimSample& s, engine::TimeMs start) {
    char line[512];
    std::snprintf(line, sizeof line,
                  "%s,%" PRId64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
                  ",%d,%d,%d,%.3f,%.3f,%.1f,%.1f,%.1f,%d,%" PRIu64 ",%" PRIu64 ",%" PRIu64
                  ",%d,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n",
                  engine::formatUtc(s.at).c_str(), (s.at - start) / 1000, s.waiting, s.preQueued,
                  s.peopleQueued, s.activeSessions, s.admittedUnclaimed, s.capacity,
                  s.admissionRatePerMinute, s.paused ? 1 : 0, s.joinsPerSecond, s.admitsPerSecond,
                  s.shownEstimateSeconds, s.engineEstimateSeconds, s.realisedWaitSeconds, s.nodes,
                  s.queueRequests, s.queueErrors, s.backendBusy, s.backendCapacity, s.backendErrors,
                  s.bookedTotal, s.gaveUpTotal, s.cheatAttemptsTotal, s.cheatSuccessesTotal,
                  s.rejectedTokensTotal);
    return line;
}

std::string seriesCsv(const std::vector<SimSample>& samples, engine::TimeMs start) {
    std::string out = seriesCsvHeader();
    out.reserve(samples.size() * 200);
    for (const SimSample& s : samples) {
        out += seriesCsvRow(s, start);
    }
    return out;
}

engine::Result<std::vector<SimSample>> readSeriesCsv(std::string_view text) {
    const auto bad = [](std::size_t line, const std::string& what) {
        return engine::Status::invalidArgument("series.csv line " + std::to_string(line) + ": " +
                                               what);
    };
    std::size_t lineNo = 1;
    const std::size_t headerEnd = text.find('\n');
    if (text.substr(0, headerEnd) != kSeriesColumns) {
        return bad(1, "not the sluice series header (docs/simulator.md lists the columns)");
    }
    std::vector<SimSample> out;
    std::size_t at = headerEnd == std::string_view::npos ? text.size() : headerEnd + 1;
    std::vector<std::string_view> fields;
    while (at < text.size()) {
        ++lineNo;
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) {
            end = text.size(); // a last line without its newline (a file still being written)
        }
        const std::string_view line = text.substr(at, end - at);
        at = end + 1;
        if (line.empty()) {
            continue;
        }
        fields.clear();
        for (std::size_t from = 0;;) {
            const std::size_t comma = line.find(',', from);
            fields.push_back(line.substr(from, comma - from));
            if (comma == std::string_view::npos) {
                break;
            }
            from = comma + 1;
        }
        if (fields.size() != kSeriesColumnCount) {
            return bad(lineNo, "expected " + std::to_string(kSeriesColumnCount) +
                                   " fields, found " + std::to_string(fields.size()));
        }
        SimSample s;
        if (!engine::parseUtc(fields[0], s.at)) {
            return bad(lineNo, "time_utc is not an ISO 8601 UTC time");
        }
        bool ok = true;
        std::size_t i = 2;
        const auto u = [&](std::uint64_t& v) {
            const std::string_view f = fields[i++];
            const auto r = std::from_chars(f.data(), f.data() + f.size(), v);
            ok = ok && r.ec == std::errc{} && r.ptr == f.data() + f.size();
        };
        const auto n = [&](int& v) {
            const std::string_view f = fields[i++];
            const auto r = std::from_chars(f.data(), f.data() + f.size(), v);
            ok = ok && r.ec == std::errc{} && r.ptr == f.data() + f.size();
        };
        const auto d = [&](double& v) {
            const std::string f(fields[i++]);
            char* endp = nullptr;
            v = std::strtod(f.c_str(), &endp);
            ok = ok && !f.empty() && *endp == '\0';
        };
        int paused = 0;
        u(s.waiting);
        u(s.preQueued);
        u(s.peopleQueued);
        u(s.activeSessions);
        u(s.admittedUnclaimed);
        n(s.capacity);
        n(s.admissionRatePerMinute);
        n(paused);
        s.paused = paused != 0;
        d(s.joinsPerSecond);
        d(s.admitsPerSecond);
        d(s.shownEstimateSeconds);
        d(s.engineEstimateSeconds);
        d(s.realisedWaitSeconds);
        n(s.nodes);
        u(s.queueRequests);
        u(s.queueErrors);
        u(s.backendBusy);
        n(s.backendCapacity);
        u(s.backendErrors);
        u(s.bookedTotal);
        u(s.gaveUpTotal);
        u(s.cheatAttemptsTotal);
        u(s.cheatSuccessesTotal);
        u(s.rejectedTokensTotal);
        if (!ok) {
            return bad(lineNo, "a field is not a number");
        }
        if (!out.empty() && s.at <= out.back().at) {
            return bad(lineNo, "times must increase");
        }
        out.push_back(s);
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

std::string auditJson(const std::vector<engine::AuditEntry>& audit) {
    ojson out = ojson::array();
    for (const engine::AuditEntry& e : audit) {
        out.push_back(ojson{{"at", engine::formatUtc(e.at)},
                            {"operator", e.operatorName},
                            {"field", e.field},
                            {"old", e.oldValue},
                            {"new", e.newValue}});
    }
    return out.dump(2) + "\n";
}

engine::Result<std::vector<engine::AuditEntry>> readAuditJson(std::string_view text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_array()) {
        return engine::Status::invalidArgument("audit.json: expected a JSON array");
    }
    std::vector<engine::AuditEntry> out;
    for (std::size_t i = 0; i < j.size(); ++i) {
        const auto& e = j[i];
        const auto field = [&e](const char* key) {
            return e.is_object() && e.contains(key) && e[key].is_string()
                       ? std::optional<std::string>(e[key].get<std::string>())
                       : std::nullopt;
        };
        engine::AuditEntry entry;
        const auto at = field("at"), who = field("operator"), what = field("field"),
                   old = field("old"), now = field("new");
        if (!at || !who || !what || !old || !now || !engine::parseUtc(*at, entry.at)) {
            return engine::Status::invalidArgument("audit.json entry " + std::to_string(i + 1) +
                                                   ": needs at (UTC), operator, field, old, new");
        }
        entry.operatorName = *who;
        entry.field = *what;
        entry.oldValue = *old;
        entry.newValue = *now;
        out.push_back(std::move(entry));
    }
    return out;
}

std::string summaryJson(const Scenario& sc, std::uint64_t seed, const SimSummary& s) {
    ojson byReason = ojson::object();
    for (std::size_t i = 0; i < engine::kTokenRejectionCount; ++i) {
        byReason[std::string(engine::nameOf(static_cast<engine::TokenRejection>(i)))] =
            s.rejectedTokensByReason[i];
    }
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
        {"rejectedTokensByReason", byReason},
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
