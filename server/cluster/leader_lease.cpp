// SPDX-License-Identifier: Apache-2.0
#include "leader_lease.h"

#include "redis_topology.h"

#include <chrono>
#include <cstdlib>
#include <hiredis/hiredis.h>
#include <optional>
#include <spdlog/spdlog.h>
#include <vector>

namespace sluice::cluster {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kTrimSlice = "20000"; // entries a slice at most
constexpr auto kTrimBudget = std::chrono::milliseconds(250);

// Renews the lease only while this node still holds it.
constexpr const char* kRenew = "if redis.call('get', KEYS[1]) == ARGV[1] then "
                               "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

using StreamId = std::pair<std::uint64_t, std::uint64_t>;

// "1690000000000-3" → (ms, seq); nothing when it is not an id.
std::optional<StreamId> streamId(const std::string& text) {
    const std::size_t dash = text.find('-');
    if (dash == std::string::npos) {
        return std::nullopt;
    }
    char* end = nullptr;
    const std::uint64_t ms = std::strtoull(text.c_str(), &end, 10);
    if (end != text.c_str() + dash) {
        return std::nullopt;
    }
    const std::uint64_t seq = std::strtoull(text.c_str() + dash + 1, &end, 10);
    if (*end != '\0') {
        return std::nullopt;
    }
    return StreamId{ms, seq};
}

long long wallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The oldest id among a hash's "ID MS" values reported within `freshMs`.
std::optional<StreamId> oldestFresh(const redisReply* r, long long freshMs) {
    std::optional<StreamId> oldest;
    for (std::size_t i = 1; r != nullptr && r->type == REDIS_REPLY_ARRAY && i < r->elements;
         i += 2) {
        const std::string value = replyText(r->element[i]);
        const std::size_t space = value.find(' ');
        const auto id = streamId(value.substr(0, space));
        const long long at = space == std::string::npos ? 0 : std::atoll(value.c_str() + space + 1);
        if (id && wallMs() - at <= freshMs && (!oldest || *id < *oldest)) {
            oldest = id;
        }
    }
    return oldest;
}

} // namespace

void LeaderLease::report(RedisLink& link) {
    std::string progress;
    {
        std::lock_guard lock(m_mutex);
        progress = m_progress;
    }
    if (!progress.empty()) {
        (void)link.command({"HSET", m_options.progressKey(), m_options.nodeId,
                            progress + " " + std::to_string(wallMs())});
    }
    if (!m_options.advertiseUrl.empty()) { // where a new node may fetch a snapshot
        (void)link.command({"HSET", m_options.nodesKey(), m_options.nodeId,
                            m_options.advertiseUrl + " " + std::to_string(wallMs())});
    }
}

void LeaderLease::trim(RedisLink& link) {
    auto snapshots = link.command({"HGETALL", m_options.snapshotsKey()});
    auto progress = link.command({"HGETALL", m_options.progressKey()});
    if (!snapshots.isOk() || !progress.isOk()) {
        return;
    }
    const auto snapshot = oldestFresh(snapshots.value().get(), m_options.snapshotFreshMs);
    const auto reading = oldestFresh(progress.value().get(), 30'000);
    if (!snapshot) {
        return; // nobody could restart from a trimmed log
    }
    const StreamId keep = reading ? std::min(*snapshot, *reading) : *snapshot;
    const std::string minId = std::to_string(keep.first) + "-" + std::to_string(keep.second);
    // One exact XTRIM of a million entries holds Redis for 10-30 ms (measured, Redis 7.0), and
    // each replica again as it replays it: every join in the cluster waits, and on a busy
    // machine the backlog takes many times that to drain. So the log is trimmed in slices of
    // whole stream nodes (`~`, at most kTrimSlice entries a command, well under a
    // millisecond), other clients' commands running in between; once no whole node is left
    // before `minId`, one exact XTRIM takes the rest of the first node (about a hundred
    // entries at most). A pass stops after kTrimBudget (the lease must be renewed on time);
    // the next pass goes on.
    const std::string key = m_options.logKey();
    const std::vector<std::string> slice{"XTRIM", key, "MINID", "~", minId, "LIMIT", kTrimSlice};
    const std::vector<std::string> rest{"XTRIM", key, "MINID", minId};
    const auto started = Clock::now();
    long long total = 0;
    bool sliced = false;
    while (Clock::now() - started < kTrimBudget) {
        auto trimmed = link.command(sliced ? rest : slice);
        if (!trimmed.isOk()) {
            // Said, not swallowed: a log that is never trimmed fills Redis's memory in hours
            // (MINID and LIMIT need Redis 6.2 or later).
            spdlog::warn("cluster: the log was not trimmed: {}", trimmed.status().message());
            break;
        }
        const long long n = replyInteger(trimmed.value().get());
        total += n;
        if (sliced) {
            break;
        }
        sliced = n <= 0;
    }
    if (total > 0) {
        spdlog::info("cluster: log trimmed before {} ({} entries)", minId, total);
    }
}

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
    Clock::time_point trimmed = Clock::now();
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
        if (link && held && m_resign.exchange(false)) {
            (void)link->command({"EVAL",
                                 "if redis.call('get', KEYS[1]) == ARGV[1] then return "
                                 "redis.call('del', KEYS[1]) else return 0 end",
                                 "1", m_options.leaderKey(), m_options.nodeId});
            held = false;
            spdlog::warn("cluster: tick lease given up (the log follows another leader)");
            m_changed(0);
            continue;
        }
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
        if (link) {
            report(*link);
        }
        if (link && held &&
            Clock::now() - trimmed > std::chrono::milliseconds(m_options.trimEveryMs)) {
            trimmed = Clock::now();
            trim(*link);
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
