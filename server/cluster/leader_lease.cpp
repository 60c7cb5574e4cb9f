// SPDX-License-Identifier: Apache-2.0
#include "leader_lease.h"

#include "redis_topology.h"

#include <chrono>
#include <optional>
#include <spdlog/spdlog.h>

namespace sluice::cluster {
namespace {

using Clock = std::chrono::steady_clock;

// Renews the lease only while this node still holds it.
constexpr const char* kRenew = "if redis.call('get', KEYS[1]) == ARGV[1] then "
                               "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

} // namespace

LeaderLease::LeaderLease(ClusterOptions options, std::function<void(std::uint64_t)> changed)
    : m_options(std::move(options)), m_changed(std::move(changed)), m_thread([this] { run(); }) {}

LeaderLease::~LeaderLease() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void LeaderLease::run() {
    std::optional<RedisLink> link;
    bool held = false;
    Clock::time_point renewed{};
    const auto lease = std::to_string(m_options.leaseMs);
    const auto giveUpAfter = std::chrono::milliseconds(m_options.leaseMs * 2 / 3);
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            if (m_wake.wait_for(lock, std::chrono::milliseconds(m_options.leaseMs / 3),
                                [this] { return m_stop; })) {
                break;
            }
        }
        if (!link || !link->ok()) {
            auto connected = connectPrimary(m_options);
            if (connected.isOk()) {
                link.emplace(std::move(connected.value()));
            } else {
                link.reset();
            }
        }
        bool renewedNow = false;
        if (link && held) {
            auto r = link->command(
                {"EVAL", kRenew, "1", m_options.leaderKey(), m_options.nodeId, lease});
            if (r.isOk() && replyInteger(r.value().get()) == 1) {
                renewedNow = true;
                renewed = Clock::now();
            } else if (r.isOk()) { // someone else holds it: ours expired
                held = false;
                spdlog::warn("cluster: tick lease lost (another node holds it)");
                m_changed(0);
            }
        } else if (link) {
            auto r =
                link->command({"SET", m_options.leaderKey(), m_options.nodeId, "NX", "PX", lease});
            if (r.isOk() && replyText(r.value().get()) == "OK") {
                auto counter = link->command({"INCR", m_options.epochKey()});
                const auto drawn =
                    counter.isOk() ? static_cast<std::uint64_t>(replyInteger(counter.value().get()))
                                   : 0;
                const std::uint64_t epoch = std::max(drawn, m_logEpoch.load() + 1);
                if (drawn < epoch) { // Redis lost the counter: move it past the log's
                    (void)link->command({"SET", m_options.epochKey(), std::to_string(epoch)});
                }
                held = true;
                renewedNow = true;
                renewed = Clock::now();
                spdlog::info("cluster: this node took the tick lease, epoch {}", epoch);
                m_changed(epoch);
            }
        }
        if (link && !link->ok()) {
            link.reset();
        }
        if (held && !renewedNow && Clock::now() - renewed > giveUpAfter) {
            held = false;
            spdlog::warn("cluster: tick lease given up (Redis unreachable)");
            m_changed(0);
        }
    }
    if (held && link) { // let another node take over at once
        (void)link->command({"EVAL",
                             "if redis.call('get', KEYS[1]) == ARGV[1] then return "
                             "redis.call('del', KEYS[1]) else return 0 end",
                             "1", m_options.leaderKey(), m_options.nodeId});
    }
}

} // namespace sluice::cluster
