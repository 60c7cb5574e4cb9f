// SPDX-License-Identifier: Apache-2.0
#include "log_follower.h"

#include "redis_topology.h"

#include <chrono>
#include <hiredis/hiredis.h>
#include <optional>
#include <spdlog/spdlog.h>

namespace sluice::cluster {
namespace {

constexpr int kBlockMs = 200;
constexpr int kBatch = 2000;

// One stream entry [id, [field, value, ...]] → id and the "e" field's bytes.
bool entryOf(const redisReply* r, LogFollower::Entry& out) {
    if (r == nullptr || r->type != REDIS_REPLY_ARRAY || r->elements != 2) {
        return false;
    }
    out.id = replyText(r->element[0]);
    const redisReply* fields = r->element[1];
    if (fields == nullptr || fields->type != REDIS_REPLY_ARRAY) {
        return false;
    }
    for (std::size_t i = 0; i + 1 < fields->elements; i += 2) {
        if (replyText(fields->element[i]) == "e") {
            out.bytes = replyText(fields->element[i + 1]);
            return !out.id.empty();
        }
    }
    return false;
}

} // namespace

LogFollower::LogFollower(ClusterOptions options, std::string after, Callbacks callbacks)
    : m_options(std::move(options)), m_after(std::move(after)), m_callbacks(std::move(callbacks)),
      m_thread([this] { run(); }) {}

LogFollower::~LogFollower() {
    m_stop = true;
    m_thread.join(); // within one blocking read (kBlockMs) plus the I/O time-out
}

void LogFollower::run() {
    std::optional<RedisLink> link;
    const std::string key = m_options.logKey();
    while (!m_stop) {
        if (!link || !link->ok()) {
            auto connected = connectReader(m_options);
            if (!connected.isOk()) {
                m_callbacks.unreachable(connected.status().message());
                std::this_thread::sleep_for(std::chrono::milliseconds(250));
                continue;
            }
            link.emplace(std::move(connected.value()));
            spdlog::info("cluster log: reading from {} after {}", link->address().text(), m_after);
            if (m_after != "0-0") { // is the last entry applied still the log's?
                auto last = link->command({"XRANGE", key, m_after, m_after});
                Entry same;
                const bool kept = last.isOk() && last.value()->type == REDIS_REPLY_ARRAY &&
                                  last.value()->elements == 1 &&
                                  entryOf(last.value()->element[0], same) &&
                                  same.bytes == m_lastBytes;
                if (last.isOk() && !kept) {
                    m_callbacks.diverged("entry " + m_after +
                                         " that this node applied is no longer in the log");
                    return;
                }
                if (!last.isOk()) {
                    link.reset();
                    continue;
                }
            }
        }
        // A replica's read timeout must outlast the block.
        auto read = link->command({"XREAD", "COUNT", std::to_string(kBatch), "BLOCK",
                                   std::to_string(kBlockMs), "STREAMS", key, m_after});
        if (!read.isOk()) {
            m_callbacks.unreachable(read.status().message());
            link.reset();
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            continue;
        }
        Batch batch;
        const redisReply* r = read.value().get();
        if (r->type == REDIS_REPLY_ARRAY && r->elements == 1) {
            const redisReply* stream = r->element[0];
            const redisReply* entries = stream->elements == 2 ? stream->element[1] : nullptr;
            for (std::size_t i = 0; entries != nullptr && i < entries->elements; ++i) {
                Entry e;
                if (entryOf(entries->element[i], e)) {
                    batch.entries.push_back(std::move(e));
                }
            }
        }
        batch.caughtUp = batch.entries.size() < static_cast<std::size_t>(kBatch);
        if (!batch.entries.empty()) {
            m_after = batch.entries.back().id;
            m_lastBytes = batch.entries.back().bytes;
        }
        m_callbacks.deliver(std::move(batch));
    }
}

} // namespace sluice::cluster
