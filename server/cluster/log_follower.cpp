// SPDX-License-Identifier: Apache-2.0
#include "log_follower.h"

#include "log_extent.h"
#include "redis_topology.h"

#include <chrono>
#include <hiredis/hiredis.h>
#include <optional>
#include <spdlog/spdlog.h>

namespace sluice::cluster {
namespace {

constexpr int kBlockMs = 200;
constexpr int kBatch = 2000;
// How often a follower asks whether the replica it reads from was promoted.
constexpr auto kRoleCheckEvery = std::chrono::seconds(1);

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

// "ms-seq" → a pair that compares in log order.
std::optional<std::pair<std::uint64_t, std::uint64_t>> idOf(const std::string& text) {
    const std::size_t dash = text.find('-');
    if (dash == std::string::npos) {
        return std::nullopt;
    }
    return std::pair{std::strtoull(text.c_str(), nullptr, 10),
                     std::strtoull(text.c_str() + dash + 1, nullptr, 10)};
}

} // namespace

LogFollower::LogFollower(ClusterOptions options, std::string after, std::string afterBytes,
                         Callbacks callbacks)
    : m_options(std::move(options)), m_after(std::move(after)), m_lastBytes(std::move(afterBytes)),
      m_callbacks(std::move(callbacks)), m_thread([this] { run(); }) {}

std::optional<bool> LogFollower::resumable(RedisLink& link) {
    const std::string key = m_options.logKey();
    // What the log still holds. Not knowing is not "nothing was trimmed": try again later.
    auto extent = readLogExtent(link, key);
    if (!extent.isOk()) {
        spdlog::debug("cluster: cannot read the log's extent: {}", extent.status().message());
        return std::nullopt;
    }
    const std::string& first = extent.value().first;
    const auto after = idOf(m_after), oldest = idOf(first);
    const bool trimmedAway =
        m_after == "0-0" ? extent.value().trimmed() : (after && oldest && *oldest > *after);
    if (trimmedAway) {
        m_callbacks.trimmedPast("the log no longer holds the entries after " + m_after +
                                " (trimmed; it starts at " + (first.empty() ? "nothing" : first) +
                                ")");
        return false;
    }
    if (m_after == "0-0") {
        return true;
    }
    auto last = link.command({"XRANGE", key, m_after, m_after});
    if (!last.isOk()) {
        return std::nullopt;
    }
    Entry same;
    const redisReply* r = last.value().get();
    if (r->type == REDIS_REPLY_ARRAY && r->elements == 1 && entryOf(r->element[0], same) &&
        same.bytes == m_lastBytes) {
        return true;
    }
    m_callbacks.diverged("entry " + m_after + " that this node applied is no longer in the log");
    return false;
}

LogFollower::~LogFollower() {
    m_stop = true;
    m_thread.join(); // within one blocking read (kBlockMs) plus the I/O time-out
}

std::string LogFollower::source() const {
    std::lock_guard lock(m_sourceMutex);
    return m_source;
}

void LogFollower::run() {
    std::optional<RedisLink> link;
    const std::string key = m_options.logKey();
    auto roleCheckedAt = std::chrono::steady_clock::now();
    while (!m_stop) {
        if (link && std::chrono::steady_clock::now() - roleCheckedAt >= kRoleCheckEvery) {
            roleCheckedAt = std::chrono::steady_clock::now();
            const bool onReplicaAgain = isPrimary(*link) && [this] {
                auto places = locateRedis(m_options);
                return places.isOk() && !places.value().replicas.empty();
            }();
            if (onReplicaAgain) {
                spdlog::info("cluster log: {} is the primary; reading from a replica instead",
                             link->address().text());
                link.reset();
            }
        }
        if (!link || !link->ok()) {
            auto connected = connectReader(m_options);
            if (!connected.isOk()) {
                m_callbacks.unreachable(connected.status().message());
                std::this_thread::sleep_for(std::chrono::milliseconds(250));
                continue;
            }
            link.emplace(std::move(connected.value()));
            spdlog::info("cluster log: reading from {} after {}", link->address().text(), m_after);
            {
                std::lock_guard lock(m_sourceMutex);
                m_source = link->address().text();
            }
            const std::optional<bool> resume = resumable(*link);
            if (!resume) {
                // Not answering yet (a replica still loading after a failover): again in a
                // moment, not at once (a busy loop logged a reconnection every millisecond).
                link.reset();
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                continue;
            }
            if (!*resume) {
                return;
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
