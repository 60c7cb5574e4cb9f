// SPDX-License-Identifier: Apache-2.0
#include "pow_controls_file.h"

#include "series/audit_json.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace sluice::api {

using engine::Result;
using engine::Status;

namespace {

constexpr int kFormat = 1;

} // namespace

std::string powControlsJson(const PowControls& c) {
    nlohmann::ordered_json j{{"format", kFormat},
                             {"mode", nameOf(c.mode)},
                             {"floor", c.settings.floorBits},
                             {"ceiling", c.settings.ceilingBits},
                             {"quietJoinsPerMinute", c.settings.quietJoinsPerMinute}};
    if (c.settings.overrideBits) {
        j["fixedBits"] = *c.settings.overrideBits;
    }
    j["audit"] = nlohmann::ordered_json::parse(series::auditJson(c.audit));
    return j.dump(2) + "\n";
}

Result<PowControls> readPowControlsJson(std::string_view text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return Status::invalidArgument("not a JSON object");
    }
    if (!j.contains("format") || !j["format"].is_number_integer() ||
        j["format"].get<int>() != kFormat) {
        return Status::invalidArgument("format: 1 expected");
    }
    PowControls c;
    const std::string mode =
        j.contains("mode") && j["mode"].is_string() ? j["mode"].get<std::string>() : "";
    if (mode != "off" && mode != "auto" && mode != "fixed") {
        return Status::invalidArgument("mode: \"off\", \"auto\" or \"fixed\"");
    }
    c.mode = mode == "off" ? PowMode::Off : mode == "auto" ? PowMode::Auto : PowMode::Fixed;
    const auto bits = [&j](const char* name, int& out) {
        if (!j.contains(name) || !j[name].is_number_integer()) {
            return false;
        }
        out = j[name].get<int>();
        return true;
    };
    if (!bits("floor", c.settings.floorBits) || !bits("ceiling", c.settings.ceilingBits)) {
        return Status::invalidArgument("floor, ceiling: whole numbers of bits");
    }
    if (!j.contains("quietJoinsPerMinute") || !j["quietJoinsPerMinute"].is_number()) {
        return Status::invalidArgument("quietJoinsPerMinute: a number");
    }
    c.settings.quietJoinsPerMinute = j["quietJoinsPerMinute"].get<double>();
    if (j.contains("fixedBits")) {
        int fixed = 0;
        if (!bits("fixedBits", fixed)) {
            return Status::invalidArgument("fixedBits: a whole number of bits");
        }
        c.settings.overrideBits = fixed;
    }
    if (c.mode == PowMode::Fixed && !c.settings.overrideBits) {
        return Status::invalidArgument("fixedBits: fixed mode needs them");
    }
    if (Status s = c.settings.validate(); !s.isOk()) {
        return s;
    }
    if (!j.contains("audit")) {
        return Status::invalidArgument("audit: an array of entries expected");
    }
    auto audit = series::readAuditJson(j["audit"].dump());
    if (!audit.isOk()) {
        return audit.status();
    }
    c.audit = std::move(audit).value();
    return c;
}

Status savePowControls(journal::FileSystem& fs, const std::filesystem::path& path,
                       const PowControls& controls) {
    return journal::writeWholeFile(fs, path, powControlsJson(controls));
}

Result<std::optional<PowControls>> loadPowControls(journal::FileSystem& fs,
                                                   const std::filesystem::path& path) {
    auto names = fs.children(path.parent_path());
    if (!names.isOk()) {
        return names.status();
    }
    if (std::find(names.value().begin(), names.value().end(), path.filename().string()) ==
        names.value().end()) {
        return std::optional<PowControls>();
    }
    auto text = journal::readWholeFile(fs, path);
    if (!text.isOk()) {
        return text.status();
    }
    auto controls = readPowControlsJson(text.value());
    if (!controls.isOk()) {
        return Status::invalidArgument(path.string() + ": " + controls.status().message());
    }
    return std::optional<PowControls>(std::move(controls).value());
}

} // namespace sluice::api
