// SPDX-License-Identifier: Apache-2.0
#include "utc_format.h"

#include <chrono>
#include <cstdio>

namespace sluice::engine {

std::string formatUtc(TimeMs t) {
    using namespace std::chrono;
    const sys_time<milliseconds> tp{milliseconds{t}};
    const sys_days day = floor<days>(tp);
    const year_month_day ymd{day};
    const auto ms = (tp - day).count();
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<long long>(ms / 3'600'000),
                  static_cast<long long>(ms / 60'000 % 60), static_cast<long long>(ms / 1000 % 60),
                  static_cast<long long>(ms % 1000));
    return buf;
}

namespace {

bool digits(std::string_view text, std::size_t at, std::size_t count, int& out) {
    if (at + count > text.size()) {
        return false;
    }
    out = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return false;
        }
        out = out * 10 + (text[i] - '0');
    }
    return true;
}

} // namespace

bool parseUtc(std::string_view text, TimeMs& out) {
    using namespace std::chrono;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (text.size() < 20 || !digits(text, 0, 4, y) || text[4] != '-' || !digits(text, 5, 2, mo) ||
        text[7] != '-' || !digits(text, 8, 2, d) || text[10] != 'T' || !digits(text, 11, 2, h) ||
        text[13] != ':' || !digits(text, 14, 2, mi) || text[16] != ':' || !digits(text, 17, 2, s)) {
        return false;
    }
    std::size_t at = 19;
    int millis = 0;
    if (text[at] == '.') {
        const std::size_t start = ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
            ++at;
        }
        const std::size_t n = at - start;
        if (n == 0 || n > 9 || !digits(text, start, std::min<std::size_t>(n, 3), millis)) {
            return false;
        }
        for (std::size_t i = n; i < 3; ++i) {
            millis *= 10;
        }
    }
    int offsetMinutes = 0;
    if (at < text.size() && text[at] == 'Z' && at + 1 == text.size()) {
        offsetMinutes = 0;
    } else if (at + 6 == text.size() && (text[at] == '+' || text[at] == '-') &&
               text[at + 3] == ':') {
        int oh = 0, om = 0;
        if (!digits(text, at + 1, 2, oh) || !digits(text, at + 4, 2, om) || oh > 23 || om > 59) {
            return false;
        }
        offsetMinutes = (text[at] == '-' ? -1 : 1) * (oh * 60 + om);
    } else {
        return false;
    }
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                             day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 59) {
        return false;
    }
    const auto dayMs = duration_cast<milliseconds>(sys_days{ymd}.time_since_epoch()).count();
    out = dayMs + ((h * 60LL + mi - offsetMinutes) * 60LL + s) * 1000LL + millis;
    return true;
}

} // namespace sluice::engine
