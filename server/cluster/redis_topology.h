// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cluster_options.h"
#include "redis_link.h"

#include <optional>
#include <string>
#include <vector>

namespace sluice::cluster {

// Where the cluster's Redis primary is now, and the replicas to read the log from.
struct RedisPlaces {
    RedisAddress primary;
    std::vector<RedisAddress> replicas; // online ones; none: the log is read from the primary
};

// Asks the Sentinels (the first that answers) or, with a fixed primary, the primary itself
// (INFO replication) for the replicas that are online. Fails when no primary can be named.
engine::Result<RedisPlaces> locateRedis(const ClusterOptions& options);

// A link to the primary, checked to be one (ROLE): after a failover the old address may
// answer as a replica.
engine::Result<RedisLink> connectPrimary(const ClusterOptions& options);

// A link to read the log from: the first online replica that answers (a node applies only
// what a replica holds, so a failover cannot take back what it applied); the primary when
// no replica answers.
// Every listed replica is tried: a replica just killed is still listed as online until the
// Sentinels' down-after time has passed, and the log must not wait for them.
engine::Result<RedisLink> connectReader(const ClusterOptions& options);

// How many replicas a primary's INFO replication shows in step: online and acknowledged within
// the last second. A change is acknowledged only once all of these hold it (see LogAppender):
// a Sentinel promotes whichever replica it judges most up to date from INFO it polled up to a
// second before, and may pick one that lacks the newest entries if only one replica held them.
// A replica stopped or cut off drops out within two seconds (its lag grows), so it cannot stall
// changes for longer than that.
int replicasInStep(const std::string& info);

// Whether the server behind `link` is a primary now (ROLE). A replica the log is read from
// can be promoted by a failover; from then on it holds entries no replica has yet.
bool isPrimary(RedisLink& link);

} // namespace sluice::cluster
