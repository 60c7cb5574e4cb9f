// SPDX-License-Identifier: Apache-2.0
#include "series_csv.h"

#include "decimal_text.h"
#include "engine/utc_format.h"
#include "sample_columns.h"

#include <charconv>
#include <cstdlib>

namespace sluice::series {
namespace {

template <typename T> bool parseWhole(std::string_view f, T& v) {
    const auto r = std::from_chars(f.data(), f.data() + f.size(), v);
    return r.ec == std::errc{} && r.ptr == f.data() + f.size();
}

// One field into its column; false if it is not a number of the column's kind.
bool readField(std::string_view f, const SampleColumn& c, Sample& s) {
    return std::visit(
        [&](auto member) {
            using T = std::remove_reference_t<decltype(s.*member)>;
            if constexpr (std::is_same_v<T, bool>) {
                int flag = 0; // 0 or 1 in the file
                const bool ok = parseWhole(f, flag);
                s.*member = flag != 0;
                return ok;
            } else if constexpr (std::is_same_v<T, double>) {
                if (f.empty() && c.mayBeNoFigure) {
                    s.*member = kNoFigure;
                    return true;
                }
                const std::string text(f);
                char* end = nullptr;
                s.*member = std::strtod(text.c_str(), &end);
                return !text.empty() && *end == '\0';
            } else {
                return parseWhole(f, s.*member);
            }
        },
        c.field);
}

} // namespace

std::string seriesCsvHeader() {
    std::string out = std::string(kTimeUtcColumn) + "," + kSecondsColumn;
    for (const SampleColumn& c : sampleColumns()) {
        out += ',';
        out += c.name;
    }
    return out + "\n";
}

std::string seriesCsvRow(const Sample& s, engine::TimeMs start) {
    std::string line = engine::formatUtc(s.at) + "," + std::to_string((s.at - start) / 1000);
    for (const SampleColumn& c : sampleColumns()) {
        line += ',';
        std::visit(
            [&](auto member) {
                using T = std::remove_cvref_t<decltype(s.*member)>;
                if constexpr (std::is_same_v<T, bool>) {
                    line += s.*member ? '1' : '0';
                } else if constexpr (std::is_same_v<T, double>) {
                    if (hasFigure(s.*member)) { // no figure: an empty field
                        line += fixedDecimals(s.*member, c.decimals);
                    }
                } else {
                    line += std::to_string(s.*member);
                }
            },
            c.field);
    }
    return line + "\n";
}

std::string seriesCsv(const std::vector<Sample>& samples, engine::TimeMs start) {
    std::string out = seriesCsvHeader();
    out.reserve(samples.size() * 200);
    for (const Sample& s : samples) {
        out += seriesCsvRow(s, start);
    }
    return out;
}

engine::Result<std::vector<Sample>> readSeriesCsv(std::string_view text) {
    const auto bad = [](std::size_t line, const std::string& what) {
        return engine::Status::invalidArgument("series.csv line " + std::to_string(line) + ": " +
                                               what);
    };
    const std::string header = seriesCsvHeader();
    const std::size_t columnCount = sampleColumns().size() + 2;
    std::size_t lineNo = 1;
    const std::size_t headerEnd = text.find('\n');
    if (text.substr(0, headerEnd) != std::string_view(header).substr(0, header.size() - 1)) {
        return bad(1, "not the sluice series header (docs/simulator.md lists the columns)");
    }
    std::vector<Sample> out;
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
        if (fields.size() != columnCount) {
            return bad(lineNo, "expected " + std::to_string(columnCount) + " fields, found " +
                                   std::to_string(fields.size()));
        }
        Sample s;
        if (!engine::parseUtc(fields[0], s.at)) {
            return bad(lineNo, "time_utc is not an ISO 8601 UTC time");
        }
        // fields[1], t_seconds, follows from the time and the run's start: not read.
        bool ok = true;
        std::size_t i = 2;
        for (const SampleColumn& c : sampleColumns()) {
            ok = readField(fields[i++], c, s) && ok;
        }
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

} // namespace sluice::series
