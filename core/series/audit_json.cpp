// SPDX-License-Identifier: Apache-2.0
#include "audit_json.h"

#include "config/nlohmann_json.h"
#include "engine/utc_format.h"

#include <optional>

namespace sluice::series {

std::string auditJson(const std::vector<engine::AuditEntry>& audit) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const engine::AuditEntry& e : audit) {
        out.push_back(nlohmann::ordered_json{{"at", engine::formatUtc(e.at)},
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

} // namespace sluice::series
