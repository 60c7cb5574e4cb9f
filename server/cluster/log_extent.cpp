// SPDX-License-Identifier: Apache-2.0
#include "log_extent.h"

#include <hiredis/hiredis.h>

namespace sluice::cluster {

engine::Result<LogExtent> readLogExtent(RedisLink& link, const std::string& key) {
    auto info = link.command({"XINFO", "STREAM", key});
    if (!info.isOk()) {
        // Redis 7.0 answers "ERR no such key" for a stream nobody has written to yet.
        if (link.ok() && info.status().message().find("no such key") != std::string::npos) {
            return LogExtent{};
        }
        return info.status();
    }
    LogExtent extent;
    const redisReply* r = info.value().get();
    if (r->type != REDIS_REPLY_ARRAY) {
        return engine::Status::ioError("XINFO STREAM " + key + ": not the answer of a stream");
    }
    for (std::size_t i = 0; i + 1 < r->elements; i += 2) {
        const std::string field = replyText(r->element[i]);
        const redisReply* value = r->element[i + 1];
        if (field == "length") {
            extent.length = replyInteger(value);
        } else if (field == "entries-added") {
            extent.added = replyInteger(value);
        } else if (field == "first-entry" && value->type == REDIS_REPLY_ARRAY &&
                   value->elements == 2) {
            extent.first = replyText(value->element[0]);
        }
    }
    return extent;
}

} // namespace sluice::cluster
