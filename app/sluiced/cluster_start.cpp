// SPDX-License-Identifier: Apache-2.0
#include "cluster_start.h"

#include "cluster/redis_topology.h"
#include "tokens/sha256.h"

#include <fstream>
#include <random>
#include <sstream>

namespace sluice::app {

using engine::Result;
using engine::Status;

Result<cluster::ClusterOptions> clusterOptionsOf(const ClusterFlags& flags,
                                                 const std::string& eventId,
                                                 const std::string& listen,
                                                 const std::string& snapshotDir) {
    cluster::ClusterOptions o;
    if (!flags.redis.empty() && !flags.sentinels.empty()) {
        return Status::invalidArgument("give --redis or --sentinel, not both");
    }
    if (!flags.redis.empty()) {
        auto address = cluster::parseRedisAddress(flags.redis);
        if (!address.isOk()) {
            return Status::invalidArgument("--redis: " + address.status().message());
        }
        o.redis = address.value();
    }
    std::istringstream list(flags.sentinels);
    std::string one;
    while (std::getline(list, one, ',')) {
        auto address = cluster::parseRedisAddress(one);
        if (!address.isOk()) {
            return Status::invalidArgument("--sentinel: " + address.status().message());
        }
        o.sentinels.push_back(address.value());
    }
    if (flags.masterName.empty()) {
        return Status::invalidArgument("--master-name: the Sentinels' name for the primary");
    }
    o.masterName = flags.masterName;
    if (!flags.passwordFile.empty()) {
        std::ifstream in(flags.passwordFile);
        if (!in || !std::getline(in, o.password) || o.password.empty()) {
            return Status::ioError("cannot read a password from --redis-password-file " +
                                   flags.passwordFile);
        }
    }
    o.nodeId = flags.nodeId.empty() ? listen : flags.nodeId;
    if (o.nodeId.size() > 64) {
        return Status::invalidArgument("--node-id: at most 64 characters");
    }
    char* end = nullptr;
    const long replicas = std::strtol(flags.waitReplicas.c_str(), &end, 10);
    if (flags.waitReplicas.empty() || *end != '\0' || replicas < 0 || replicas > 16) {
        return Status::invalidArgument("--wait-replicas: a number from 0 to 16");
    }
    o.waitReplicas = static_cast<int>(replicas);
    const long long every = std::strtoll(flags.snapshotEvery.c_str(), &end, 10);
    if (flags.snapshotEvery.empty() || *end != '\0' || every < 10 || every > 1'000'000'000) {
        return Status::invalidArgument("--cluster-snapshot-every: a number from 10 to 1000000000");
    }
    o.snapshotEveryEntries = static_cast<std::uint64_t>(every);
    o.snapshotDir = snapshotDir;
    o.advertiseUrl = flags.advertiseUrl.empty() ? "http://" + listen : flags.advertiseUrl;
    if (o.advertiseUrl.rfind("http://", 0) != 0) {
        return Status::invalidArgument("--advertise: an http:// URL (host:port of this node)");
    }
    const long trim = std::strtol(flags.trimEverySeconds.c_str(), &end, 10);
    if (flags.trimEverySeconds.empty() || *end != '\0' || trim < 1 || trim > 86'400) {
        return Status::invalidArgument("--log-trim-every: seconds from 1 to 86400");
    }
    o.trimEveryMs = static_cast<int>(trim * 1000);
    o.keyPrefix = "sluice:{" + eventId + "}:";
    return o;
}

Result<engine::QueueEngine> clusterEngine(const cluster::ClusterOptions& options,
                                          engine::EventConfig config,
                                          const std::string& settingsText, engine::TimeMs now) {
    auto link = cluster::connectPrimary(options);
    if (!link.isOk()) {
        return Status::ioError("cannot reach the cluster's Redis: " + link.status().message());
    }
    tokens::Sha256 sha;
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(settingsText.data());
    const tokens::Sha256::Digest digest = sha.compute({bytes, settingsText.size()});
    std::string settingsHash;
    static const char* hex = "0123456789abcdef";
    for (std::uint8_t b : digest) {
        settingsHash += hex[b >> 4];
        settingsHash += hex[b & 15];
    }
    std::uint64_t seed = config.shuffleSeed;
    if (seed == 0) {
        std::random_device entropy;
        seed = (std::uint64_t{entropy()} << 32) ^ entropy();
    }
    // "createdAt seed settings-hash": whoever writes first fixes it for every node.
    const std::string proposed =
        std::to_string(now) + " " + std::to_string(seed) + " " + settingsHash;
    auto set = link.value().command({"SET", options.genesisKey(), proposed, "NX"});
    auto got = link.value().command({"GET", options.genesisKey()});
    if (!set.isOk() || !got.isOk()) {
        return Status::ioError("cannot record the event's start in Redis: " +
                               (set.isOk() ? got.status() : set.status()).message());
    }
    std::istringstream genesis(cluster::replyText(got.value().get()));
    engine::TimeMs createdAt = 0;
    std::uint64_t clusterSeed = 0;
    std::string clusterHash;
    if (!(genesis >> createdAt >> clusterSeed >> clusterHash)) {
        return Status::failedPrecondition("Redis key " + options.genesisKey() +
                                          " is not a Sluice event's start record");
    }
    if (clusterHash != settingsHash) {
        return Status::failedPrecondition(
            "this node's event file differs from the one the cluster started with (settings "
            "hash " +
            settingsHash.substr(0, 12) + " against " + clusterHash.substr(0, 12) +
            "): every node needs the same file; change settings through the admin API");
    }
    config.shuffleSeed = clusterSeed;
    return engine::QueueEngine::create(std::move(config), createdAt);
}

} // namespace sluice::app
