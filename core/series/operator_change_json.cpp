// SPDX-License-Identifier: Apache-2.0
#include "operator_change_json.h"

#include "engine/utc_format.h"

namespace sluice::series {
namespace {
constexpr const char* kOperatorField = "operator";
} // namespace

void readOperatorChange(config::JsonFields& f, const nlohmann::json& obj, const std::string& path,
                        OperatorChange& out, OperatorName operatorName) {
    const bool named = obj.contains(kOperatorField);
    f.text(obj, path, kOperatorField, out.operatorName, engine::kMaxOperatorNameBytes,
           operatorName == OperatorName::Required);
    if (named && obj[kOperatorField].is_string() &&
        obj[kOperatorField].get_ref<const std::string&>().empty()) {
        f.fail(config::JsonFields::join(path, kOperatorField),
               "must not be empty: name the operator");
    }
    engine::ConfigChange& c = out.change;
    if (obj.contains("admissionRatePerMinute")) {
        int v = 0;
        f.integer(obj, path, "admissionRatePerMinute", v, 0, engine::kMaxRatePerMinute);
        c.admissionRatePerMinute = v;
    }
    if (obj.contains("capacity")) {
        int v = 0;
        f.integer(obj, path, "capacity", v, 0, engine::kMaxCapacity);
        c.capacity = v;
    }
    if (obj.contains("paused")) {
        bool v = false;
        f.boolean(obj, path, "paused", v);
        c.paused = v;
    }
    if (obj.contains("opensAt")) {
        engine::TimeMs v = 0;
        f.instant(obj, path, "opensAt", v);
        c.opensAt = v;
    }
    if (obj.contains("message")) {
        std::string v;
        f.text(obj, path, "message", v, engine::kMaxMessageBytes);
        c.message = v;
    }
    if (obj.contains("cohort")) {
        std::string v;
        f.text(obj, path, "cohort", v, engine::kMaxMessageBytes);
        if (!obj.contains("opensAt")) {
            f.fail(config::JsonFields::join(path, "cohort"),
                   "give opensAt too: the window's new opening");
        }
        c.cohort = v;
    }
}

engine::Result<OperatorChange> readOperatorChangeJson(std::string_view text) {
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) {
        return engine::Status::invalidArgument("not valid JSON");
    }
    config::JsonFields f;
    OperatorChange out;
    if (f.object(j, "",
                 {kOperatorField, "admissionRatePerMinute", "capacity", "paused", "opensAt",
                  "message", "cohort"})) {
        readOperatorChange(f, j, "", out, OperatorName::Required);
    }
    if (engine::Status s = f.status(); !s.isOk()) {
        return s;
    }
    if (out.change.empty()) {
        return engine::Status::invalidArgument("nothing to change: give at least one control");
    }
    return out;
}

std::string operatorChangeJson(const OperatorChange& oc) {
    const engine::ConfigChange& c = oc.change;
    nlohmann::ordered_json j{{kOperatorField, oc.operatorName}};
    if (c.admissionRatePerMinute) {
        j["admissionRatePerMinute"] = *c.admissionRatePerMinute;
    }
    if (c.capacity) {
        j["capacity"] = *c.capacity;
    }
    if (c.paused) {
        j["paused"] = *c.paused;
    }
    if (c.cohort) {
        j["cohort"] = *c.cohort;
    }
    if (c.opensAt) {
        j["opensAt"] = engine::formatUtc(*c.opensAt);
    }
    if (c.message) {
        j["message"] = *c.message;
    }
    return j.dump();
}

} // namespace sluice::series
