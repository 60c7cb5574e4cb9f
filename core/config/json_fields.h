// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"
#include "engine/time_types.h"
#include "nlohmann_json.h"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace sluice::config {

// Reads typed fields out of parsed JSON and collects every problem as
// "path: expected …, found …" instead of stopping at the first, so one run of a broken
// scenario file shows all that is wrong with it.
class JsonFields {
public:
    using json = nlohmann::json;

    // True if `value` is an object; reports every key not in `known` as unknown.
    bool object(const json& value, const std::string& path,
                std::initializer_list<const char*> known);

    // Each reads `obj[key]` if present (or reports it missing when `required`); on a bad
    // value reports it and leaves `out` unchanged.
    void integer(const json& obj, const std::string& path, const char* key, int& out, long long min,
                 long long max, bool required = false);
    void unsignedInt(const json& obj, const std::string& path, const char* key, std::uint64_t& out,
                     std::uint64_t max, bool required = false);
    void number(const json& obj, const std::string& path, const char* key, double& out, double min,
                double max, bool required = false);
    void boolean(const json& obj, const std::string& path, const char* key, bool& out);
    void text(const json& obj, const std::string& path, const char* key, std::string& out,
              std::size_t maxBytes, bool required = false);
    // ISO-8601 with a zone ("2021-07-19T20:00:00+09:00").
    void instant(const json& obj, const std::string& path, const char* key, engine::TimeMs& out,
                 bool required = false);
    // "YYYY-MM-DD" into a yyyymmdd integer.
    void date(const json& obj, const std::string& path, const char* key, int& out,
              bool required = false);
    // One of `choices`; returns the index chosen, or -1 if absent or bad.
    int choice(const json& obj, const std::string& path, const char* key,
               std::initializer_list<const char*> choices);

    void fail(const std::string& path, const std::string& what) {
        m_errors.push_back(path + ": " + what);
    }
    const std::vector<std::string>& errors() const { return m_errors; }
    // Every problem, one a line, as an invalid-argument Status; ok when there is none.
    engine::Status status() const;

    static std::string join(const std::string& path, const char* key) {
        return path.empty() ? std::string(key) : path + "." + key;
    }

private:
    const json* find(const json& obj, const std::string& path, const char* key, bool required);
    std::vector<std::string> m_errors;
};

} // namespace sluice::config
