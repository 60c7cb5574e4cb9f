// SPDX-License-Identifier: Apache-2.0
#include "benchmark_preload.h"

#include <cstdio>

namespace sluice::api {

engine::Status preloadForBenchmark(room::WaitingRoom& room, CommandJournal& journal,
                                   engine::TimeMs now, std::size_t count, const std::string& file) {
    std::FILE* out = std::fopen(file.c_str(), "w");
    if (out == nullptr) {
        return engine::Status::ioError("cannot write " + file);
    }
    for (std::size_t i = 0; i < count; ++i) {
        auto joined = room.join(now);
        if (!joined.isOk()) {
            std::fclose(out);
            return joined.status();
        }
        std::fputs(joined.value().ticket.c_str(), out);
        std::fputc('\n', out);
    }
    journal.snapshotNow(now);
    return std::fclose(out) == 0 ? engine::Status::ok()
                                 : engine::Status::ioError("cannot write " + file);
}

} // namespace sluice::api
