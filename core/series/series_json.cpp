// SPDX-License-Identifier: Apache-2.0
#include "series_json.h"

#include "config/json_fields.h"
#include "decimal_text.h"
#include "engine/utc_format.h"
#include "sample_columns.h"

#include <limits>

namespace sluice::series {
namespace {

using ojson = nlohmann::ordered_json;

// A column's value as the JSON files carry it.
ojson jsonValue(const Sample& s, const SampleColumn& c) {
    return std::visit(
        [&](auto member) -> ojson {
            if constexpr (std::is_same_v<std::remove_cvref_t<decltype(s.*member)>, double>) {
                if (!hasFigure(s.*member)) {
                    return nullptr; // no figure: null, never 0
                }
                return roundedTo(s.*member, c.decimals);
            } else {
                return s.*member;
            }
        },
        c.field);
}

} // namespace

std::string seriesJson(const std::vector<Sample>& samples, engine::TimeMs start) {
    ojson cols = ojson::object();
    ojson seconds = ojson::array();
    for (const Sample& s : samples) {
        seconds.push_back((s.at - start) / 1000);
    }
    cols[kSecondsColumn] = std::move(seconds);
    for (const SampleColumn& c : sampleColumns()) {
        ojson values = ojson::array();
        for (const Sample& s : samples) {
            values.push_back(jsonValue(s, c));
        }
        cols[c.name] = std::move(values);
    }
    ojson doc{{"format", "sluice-series/1"},
              {"start", engine::formatUtc(start)},
              {"intervalSeconds", 1},
              {"columns", std::move(cols)}};
    return doc.dump() + "\n";
}

std::string sampleJson(const Sample& s) {
    ojson doc{{kTimeUtcColumn, engine::formatUtc(s.at)}};
    for (const SampleColumn& c : sampleColumns()) {
        doc[c.name] = jsonValue(s, c);
    }
    return doc.dump();
}

engine::Result<Sample> readSampleJson(std::string_view text) {
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return engine::Status::invalidArgument("sample: expected a JSON object");
    }
    config::JsonFields f;
    Sample s;
    f.instant(j, "", kTimeUtcColumn, s.at, true);
    for (const SampleColumn& c : sampleColumns()) {
        std::visit(
            [&](auto member) {
                using T = std::remove_reference_t<decltype(s.*member)>;
                if constexpr (std::is_same_v<T, bool>) {
                    if (!j.contains(c.name)) {
                        f.fail(c.name, "required");
                    }
                    f.boolean(j, "", c.name, s.*member);
                } else if constexpr (std::is_same_v<T, double>) {
                    if (c.mayBeNoFigure && j.contains(c.name) && j[c.name].is_null()) {
                        s.*member = kNoFigure;
                        return;
                    }
                    f.number(j, "", c.name, s.*member, 0, std::numeric_limits<double>::max(), true);
                } else if constexpr (std::is_same_v<T, int>) {
                    f.integer(j, "", c.name, s.*member, 0, std::numeric_limits<int>::max(), true);
                } else {
                    f.unsignedInt(j, "", c.name, s.*member,
                                  std::numeric_limits<std::uint64_t>::max(), true);
                }
            },
            c.field);
    }
    if (engine::Status st = f.status(); !st.isOk()) {
        return st;
    }
    return s;
}

} // namespace sluice::series
