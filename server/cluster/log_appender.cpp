// SPDX-License-Identifier: Apache-2.0
#include "log_appender.h"

#include "failover_watch.h"
#include "redis_topology.h"

#include <algorithm>
#include <chrono>
#include <hiredis/hiredis.h>
#include <optional>
#include <spdlog/spdlog.h>

namespace sluice::cluster {

using engine::Status;

namespace {
constexpr std::size_t kMaxBatch = 1024;
} // namespace

LogAppender::LogAppender(ClusterOptions options, Done done)
    : m_options(std::move(options)), m_done(std::move(done)), m_thread([this] { run(); }) {}

LogAppender::~LogAppender() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void LogAppender::append(std::uint64_t request, std::string bytes) {
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back({request, std::move(bytes)});
    }
    m_wake.notify_one();
}

std::size_t LogAppender::queued() const {
    std::lock_guard lock(m_mutex);
    return m_queue.size();
}

std::string LogAppender::primary() const {
    std::lock_guard lock(m_mutex);
    return m_primary;
}

void LogAppender::run() {
    std::optional<RedisLink> link;
    FailoverWatch watch(m_options);
    int inStep = 0; // replicas in step at the last batch's INFO (what its WAIT asked for)
    // Connected from the start, not at the first change: the node's admin view names its
    // Redis primary (a failed try is made again with the first batch).
    if (auto connected = connectPrimary(m_options); connected.isOk()) {
        link.emplace(std::move(connected.value()));
        spdlog::info("cluster log: appending to {}", link->address().text());
        std::lock_guard lock(m_mutex);
        m_primary = link->address().text();
    }
    for (;;) {
        std::vector<Item> batch;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_queue.empty(); });
            if (m_stop) {
                std::vector<Appended> dropped;
                for (const Item& item : m_queue) {
                    dropped.push_back({item.request, {}, Status::ioError("node stopping")});
                }
                m_queue.clear();
                lock.unlock();
                if (!dropped.empty()) {
                    m_done(std::move(dropped));
                }
                return;
            }
            const std::size_t n = std::min(m_queue.size(), kMaxBatch);
            batch.assign(std::make_move_iterator(m_queue.begin()),
                         std::make_move_iterator(m_queue.begin() + static_cast<std::ptrdiff_t>(n)));
            m_queue.erase(m_queue.begin(), m_queue.begin() + static_cast<std::ptrdiff_t>(n));
        }
        if (!link || !link->ok()) {
            auto connected = connectPrimary(m_options);
            if (!connected.isOk()) {
                std::vector<Appended> failed;
                for (const Item& item : batch) {
                    failed.push_back({item.request, {}, connected.status()});
                }
                m_done(std::move(failed));
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
                continue;
            }
            link.emplace(std::move(connected.value()));
            spdlog::info("cluster log: appending to {}", link->address().text());
            std::lock_guard lock(m_mutex);
            m_primary = link->address().text();
        }
        std::vector<Appended> results;
        results.reserve(batch.size());
        const std::string key = m_options.logKey();
        for (const Item& item : batch) {
            link->append({"XADD", key, "*", "e", item.bytes});
        }
        // Which replicas are in step now: the batch waits for all of them, --wait-replicas
        // being the least. With two replicas and WAIT 1, a failover right after the answer
        // could promote the one without the batch (tst_cluster_failover lost acknowledged
        // joins that way: a Sentinel judges offsets from INFO up to a second old). One round
        // trip in the steady state: the WAIT goes in the same pipeline, for the replicas in
        // step at the last batch; only when this batch's INFO shows more is a second WAIT
        // needed.
        const int least = m_options.waitReplicas;
        const int pipelined = std::max(least, inStep);
        if (least > 0) {
            link->append({"INFO", "replication"});
        }
        link->append({"WAIT", std::to_string(pipelined), std::to_string(m_options.waitTimeoutMs)});
        for (const Item& item : batch) {
            auto added = link->reply();
            results.push_back({item.request, added.isOk() ? replyText(added.value().get()) : "",
                               added.isOk() ? Status::ok() : added.status()});
        }
        if (least > 0) {
            if (auto info = link->reply(); info.isOk()) {
                inStep = replicasInStep(replyText(info.value().get()));
            }
        }
        const int wanted = std::max(least, inStep);
        auto waited = link->reply();
        if (waited.isOk() && replyInteger(waited.value().get()) < wanted) {
            // A replica came in step since the last batch: wait for it too.
            waited = link->command(
                {"WAIT", std::to_string(wanted), std::to_string(m_options.waitTimeoutMs)});
        }
        const long long replicas = waited.isOk() ? replyInteger(waited.value().get()) : -1;
        Status shortfall = Status::ok();
        if (replicas < wanted) {
            shortfall = waited.isOk()
                            ? Status::ioError("the change reached " + std::to_string(replicas) +
                                              " of " + std::to_string(wanted) + " replicas in time")
                            : waited.status();
        } else if (!m_options.sentinels.empty()) {
            shortfall = watch.confirm(link->address());
            if (!shortfall.isOk()) {
                spdlog::warn("cluster log: {}", shortfall.message());
                link.reset(); // the primary is found again through the Sentinels
            }
        }
        if (!shortfall.isOk()) {
            for (Appended& r : results) {
                if (r.status.isOk()) {
                    r.status = shortfall;
                }
            }
        }
        if (link && !link->ok()) {
            link.reset(); // found again (through the Sentinels) for the next batch
        }
        m_done(std::move(results));
    }
}

} // namespace sluice::cluster
