// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "redis_link.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sluice::cluster {

// How a node reaches the cluster's Redis and how careful it is (docs/cluster.md).
struct ClusterOptions {
    // Either a fixed primary (--redis) or Sentinels that name it (--sentinel, --master-name).
    std::optional<RedisAddress> redis;
    std::vector<RedisAddress> sentinels;
    std::string masterName = "sluice";
    std::string password;     // Redis's (and the Sentinels'), from a file; never logged
    std::string nodeId;       // unique in the cluster; names the leader and the writer of entries
    std::string advertiseUrl; // where peers reach this node's admin API ("http://host:port")
    std::string keyPrefix;    // "sluice:{EVENT}:" — every key of this event starts with it

    // An acknowledgement waits until this many replicas hold the change (WAIT).
    int waitReplicas = 1;
    int waitTimeoutMs = 1000;
    int ioTimeoutMs = 1000;       // connecting and every command
    int leaseMs = 3000;           // the tick lease; renewed every third of it
    int answerTimeoutMs = 10'000; // a change not applied by then is answered 503
    int staleAfterMs = 2000; // no word from the log for this long: changes refused, polls paused

    // Snapshots of this node's copy (DATA_DIR/cluster): after this many entries applied, or
    // this long with any. The leaseholder trims the log behind the oldest snapshot that
    // every node reported in the last `snapshotFreshMs`, every `trimEveryMs`.
    std::string snapshotDir;
    std::uint64_t snapshotEveryEntries = 1'000'000;
    int snapshotEveryMs = 600'000;
    int trimEveryMs = 60'000;
    int snapshotFreshMs = 30 * 60'000;

    std::string logKey() const { return keyPrefix + "log"; }
    std::string snapshotsKey() const { return keyPrefix + "snapshots"; }
    std::string progressKey() const { return keyPrefix + "progress"; }
    std::string nodesKey() const { return keyPrefix + "nodes"; }
    std::string leaderKey() const { return keyPrefix + "leader"; }
    std::string epochKey() const { return keyPrefix + "epoch"; }
    std::string genesisKey() const { return keyPrefix + "genesis"; }
};

} // namespace sluice::cluster
