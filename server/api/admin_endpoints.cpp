// SPDX-License-Identifier: Apache-2.0
#include "admin_endpoints.h"

#include "api_answers.h"
#include "config/json_fields.h"
#include "engine/utc_format.h"
#include "request_fields.h"
#include "series/audit_json.h"
#include "series/operator_change_json.h"
#include "series/series_csv.h"

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace sluice::api {
namespace {

using engine::Status;
using engine::TimeMs;
using http::Response;
using json = nlohmann::json;

// The change a controls body asks for, each field checked; InvalidArgument says which.
} // namespace

Response AdminEndpoints::config(const Call&) const {
    const engine::EventConfig& c = m_room.engine().config();
    json j{{"eventId", c.eventId},
           {"opensAt", engine::formatUtc(c.opensAt)},
           {"admissionRatePerMinute", c.admissionRatePerMinute},
           {"capacity", c.capacity},
           {"sessionTtlSeconds", c.sessionTtlSeconds},
           {"claimGraceSeconds", c.claimGraceSeconds},
           {"idleTimeoutSeconds", c.idleTimeoutSeconds},
           {"paused", c.paused},
           {"message", c.message},
           {"timeZone", c.timeZone}}; // the console shows the night's times in it
    // Each cohort window with its own opening: the console's control for moving one.
    json cohorts = json::array();
    for (const engine::CohortWindow& w : c.cohorts) {
        cohorts.push_back({{"name", w.name},
                           {"bornFrom", w.bornFrom},
                           {"bornTo", w.bornTo},
                           {"opensAt", engine::formatUtc(w.opensAt)}});
    }
    j["cohorts"] = std::move(cohorts);
    return Response::json(200, j.dump());
}

Response AdminEndpoints::snapshot(const Call&) const {
    return Response::json(200, m_sampler.snapshotJson());
}

std::optional<Response> AdminEndpoints::stream(const Call& call) {
    m_streams.open(call.responder, m_sampler.snapshotJson());
    return std::nullopt;
}

Response AdminEndpoints::history(const Call& call) const {
    // The client asks again from the last row's time (UTC ms, exclusive).
    const std::string after = queryValue(call.request.query(), "after");
    TimeMs from = 0;
    if (!after.empty()) {
        char* end = nullptr;
        from = std::strtoll(after.c_str(), &end, 10);
        if (*end != '\0' || from < 0) {
            return Response::error(400, "after: milliseconds since 1970 (UTC)");
        }
    }
    const NodeHistory* history = m_sampler.history();
    if (history == nullptr) {
        return Response::error(404, "this node keeps no history");
    }
    std::string csv = series::seriesCsvHeader();
    for (const series::Sample& x : history->since(from, 3600)) {
        csv += series::seriesCsvRow(x, 0);
    }
    return typedAnswer(200, "text/csv; charset=utf-8", std::move(csv));
}

Response AdminEndpoints::audit(const Call&) const {
    if (m_proof == nullptr || m_proof->audit().empty()) {
        return Response::json(200, series::auditJson(m_room.engine().audit()));
    }
    // The engine's entries and the proof of work's, in time order.
    std::vector<engine::AuditEntry> all = m_room.engine().audit();
    all.insert(all.end(), m_proof->audit().begin(), m_proof->audit().end());
    std::stable_sort(all.begin(), all.end(),
                     [](const auto& a, const auto& b) { return a.at < b.at; });
    return Response::json(200, series::auditJson(all));
}

Response AdminEndpoints::difficulty(const Call&) const {
    if (m_proof == nullptr) {
        return Response::error(404, "this server has no proof of work set up");
    }
    return Response::json(200, m_proof->settingsJson());
}

std::optional<Response> AdminEndpoints::changeDifficulty(const Call& call) {
    if (m_proof == nullptr) {
        return Response::error(404, "this server has no proof of work set up");
    }
    auto body =
        objectBody(call.request,
                   {"operator", "mode", "bits", "floor", "ceiling", "quietJoinsPerMinute"}, false);
    if (!body.isOk()) {
        return refusal(body.status());
    }
    auto asked = readPowChange(body.value());
    if (!asked.isOk()) {
        return refusal(asked.status());
    }
    const auto answer = [this](const std::vector<engine::AuditEntry>& made) {
        nlohmann::ordered_json j{{"applied", true}};
        j["audit"] = nlohmann::ordered_json::parse(series::auditJson(made));
        j["settings"] = nlohmann::ordered_json::parse(m_proof->settingsJson());
        return Response::json(200, j.dump());
    };
    if (!m_driver->sharesPowControls()) {
        auto made = m_proof->change(call.now, asked.value().operatorName, asked.value().change);
        return made.isOk() ? answer(made.value()) : refusal(made.status());
    }
    // A cluster: through the log like every change, so that every node applies it in the
    // same place among the others and a restarted node finds it again; answered once
    // replicated and applied here (by then this node's proof of work has it in force).
    if (auto busy = m_driver->changeRefusal()) {
        return busy;
    }
    auto change = changeOf(cluster::EntryKind::Difficulty, call);
    if (!change.isOk()) {
        return refusal(change.status());
    }
    change.value().operatorName = asked.value().operatorName;
    change.value().powChange = asked.value().change;
    change.value().powBaseMode = m_proof->mode();
    change.value().powBase = m_proof->settings();
    return m_driver->run(std::move(change.value()), call.responder,
                         [answer](const cluster::ChangeOutcome& o) {
                             return o.status.isOk() ? answer(o.audit) : refusal(o.status);
                         });
}

std::optional<Response> AdminEndpoints::controls(const Call& call) {
    auto body = objectBody(call.request,
                           {"operator", "admissionRatePerMinute", "capacity", "paused", "opensAt",
                            "message", "cohort"},
                           false);
    if (!body.isOk()) {
        return refusal(body.status());
    }
    // The one reader of an operator's change (a scenario's plan steps read through it too).
    series::OperatorChange asked;
    config::JsonFields f;
    series::readOperatorChange(f, body.value(), "body", asked, series::OperatorName::Required);
    if (Status s = f.status(); !s.isOk()) {
        return refusal(s);
    }
    const auto& [operatorName, change] = asked;
    if (change.empty()) {
        return Response::error(400, "nothing to change: give at least one control");
    }
    auto configure = changeOf(cluster::EntryKind::Configure, call);
    if (!configure.isOk()) {
        return refusal(configure.status());
    }
    configure.value().operatorName = operatorName;
    configure.value().change = change;
    return m_driver->run(
        std::move(configure.value()), call.responder, [this](const cluster::ChangeOutcome& o) {
            if (!o.status.isOk()) {
                return refusal(o.status);
            }
            // The entries this change made, in the audit log's own format,
            // and the log's length after them: a console that knew the first
            // `auditEntries - audit.size()` entries knows the whole log
            // without fetching it again.
            nlohmann::ordered_json answer{{"applied", true}};
            answer["audit"] = nlohmann::ordered_json::parse(series::auditJson(o.audit));
            // With proof-of-work entries among them (GET /api/v1/admin/audit merges
            // both by time) the engine's count alone would mislead: the console then
            // fetches the log.
            if (m_proof == nullptr || m_proof->audit().empty()) {
                answer["auditEntries"] = o.auditEntries;
            }
            return Response::json(200, answer.dump());
        });
}

Response AdminEndpoints::notFound(const Call&) const {
    return Response::error(404, "no such admin endpoint");
}

} // namespace sluice::api
