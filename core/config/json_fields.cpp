// SPDX-License-Identifier: Apache-2.0
#include "json_fields.h"

#include "engine/utc_format.h"

#include <chrono>

namespace sluice::config {
namespace {

std::string shown(const nlohmann::json& value) {
    std::string s = value.dump();
    return s.size() > 40 ? s.substr(0, 37) + "..." : s;
}

} // namespace

bool JsonFields::object(const json& value, const std::string& path,
                        std::initializer_list<const char*> known) {
    if (!value.is_object()) {
        fail(path.empty() ? "(top level)" : path, "expected an object, found " + shown(value));
        return false;
    }
    for (const auto& [key, unused] : value.items()) {
        bool ok = false;
        for (const char* k : known) {
            ok = ok || key == k;
        }
        if (!ok) {
            std::string list;
            for (const char* k : known) {
                list += (list.empty() ? "" : ", ") + std::string(k);
            }
            fail(join(path, key.c_str()), "unknown field (expected one of: " + list + ")");
        }
    }
    return true;
}

const nlohmann::json* JsonFields::find(const json& obj, const std::string& path, const char* key,
                                       bool required) {
    auto it = obj.find(key);
    if (it == obj.end()) {
        if (required) {
            fail(join(path, key), "required");
        }
        return nullptr;
    }
    return &*it;
}

void JsonFields::integer(const json& obj, const std::string& path, const char* key, int& out,
                         long long min, long long max, bool required) {
    const json* v = find(obj, path, key, required);
    if (v == nullptr) {
        return;
    }
    if (!v->is_number_integer() || v->get<long long>() < min || v->get<long long>() > max) {
        fail(join(path, key), "expected a whole number from " + std::to_string(min) + " to " +
                                  std::to_string(max) + ", found " + shown(*v));
        return;
    }
    out = static_cast<int>(v->get<long long>());
}

void JsonFields::unsignedInt(const json& obj, const std::string& path, const char* key,
                             std::uint64_t& out, std::uint64_t max, bool required) {
    const json* v = find(obj, path, key, required);
    if (v == nullptr) {
        return;
    }
    if (!v->is_number_unsigned() || v->get<std::uint64_t>() > max) {
        fail(join(path, key),
             "expected a whole number from 0 to " + std::to_string(max) + ", found " + shown(*v));
        return;
    }
    out = v->get<std::uint64_t>();
}

void JsonFields::number(const json& obj, const std::string& path, const char* key, double& out,
                        double min, double max, bool required) {
    const json* v = find(obj, path, key, required);
    if (v == nullptr) {
        return;
    }
    if (!v->is_number() || v->get<double>() < min || v->get<double>() > max) {
        fail(join(path, key),
             "expected a number from " + shown(min) + " to " + shown(max) + ", found " + shown(*v));
        return;
    }
    out = v->get<double>();
}

void JsonFields::boolean(const json& obj, const std::string& path, const char* key, bool& out) {
    const json* v = find(obj, path, key, false);
    if (v == nullptr) {
        return;
    }
    if (!v->is_boolean()) {
        fail(join(path, key), "expected true or false, found " + shown(*v));
        return;
    }
    out = v->get<bool>();
}

void JsonFields::text(const json& obj, const std::string& path, const char* key, std::string& out,
                      std::size_t maxBytes, bool required) {
    const json* v = find(obj, path, key, required);
    if (v == nullptr) {
        return;
    }
    if (!v->is_string() || v->get_ref<const std::string&>().size() > maxBytes) {
        fail(join(path, key), "expected a string of at most " + std::to_string(maxBytes) +
                                  " bytes, found " + shown(*v));
        return;
    }
    out = v->get<std::string>();
}

void JsonFields::instant(const json& obj, const std::string& path, const char* key,
                         engine::TimeMs& out, bool required) {
    const json* v = find(obj, path, key, required);
    if (v == nullptr) {
        return;
    }
    engine::TimeMs t = 0;
    if (!v->is_string() || !engine::parseUtc(v->get_ref<const std::string&>(), t)) {
        fail(join(path, key),
             "expected a time with its zone like \"2021-07-19T20:00:00+09:00\", found " +
                 shown(*v));
        return;
    }
    out = t;
}

void JsonFields::date(const json& obj, const std::string& path, const char* key, int& out,
                      bool required) {
    const json* v = find(obj, path, key, required);
    if (v == nullptr) {
        return;
    }
    engine::TimeMs t = 0;
    const bool ok = v->is_string() && v->get_ref<const std::string&>().size() == 10 &&
                    engine::parseUtc(v->get<std::string>() + "T00:00:00Z", t);
    if (!ok) {
        fail(join(path, key), "expected a date like \"1967-01-01\", found " + shown(*v));
        return;
    }
    const std::string& s = v->get_ref<const std::string&>();
    out = std::stoi(s.substr(0, 4)) * 10000 + std::stoi(s.substr(5, 2)) * 100 +
          std::stoi(s.substr(8, 2));
}

int JsonFields::choice(const json& obj, const std::string& path, const char* key,
                       std::initializer_list<const char*> choices) {
    const json* v = find(obj, path, key, false);
    if (v == nullptr) {
        return -1;
    }
    int i = 0;
    std::string list;
    for (const char* c : choices) {
        if (v->is_string() && v->get_ref<const std::string&>() == c) {
            return i;
        }
        list += (list.empty() ? "\"" : ", \"") + std::string(c) + "\"";
        ++i;
    }
    fail(join(path, key), "expected one of " + list + ", found " + shown(*v));
    return -1;
}

engine::Status JsonFields::status() const {
    if (m_errors.empty()) {
        return engine::Status::ok();
    }
    std::string all;
    for (const std::string& e : m_errors) {
        all += (all.empty() ? "" : "\n") + e;
    }
    return engine::Status::invalidArgument(all);
}

} // namespace sluice::config
