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

} // namespace sluice::engine
