// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cluster_options.h"
#include "redis_link.h"

#include <optional>

namespace sluice::cluster {

// Where the cluster's Redis primary is now, and a replica to read the log from.
struct RedisPlaces {
    RedisAddress primary;
    std::optional<RedisAddress> replica; // none: the log is read from the primary
};

// Asks the Sentinels (the first that answers) or, with a fixed primary, the primary itself
// (INFO replication) for a replica that is online. Fails when no primary can be named.
engine::Result<RedisPlaces> locateRedis(const ClusterOptions& options);

// A link to the primary, checked to be one (ROLE): after a failover the old address may
// answer as a replica.
engine::Result<RedisLink> connectPrimary(const ClusterOptions& options);

// A link to read the log from: a replica when one is online (a node applies only what a
// replica holds, so a failover cannot take back what it applied), else the primary.
engine::Result<RedisLink> connectReader(const ClusterOptions& options);

} // namespace sluice::cluster
