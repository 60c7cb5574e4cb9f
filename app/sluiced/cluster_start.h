// SPDX-License-Identifier: Apache-2.0
// sluiced in cluster mode: the options that name the cluster's Redis, and the engine every
// node builds alike (docs/cluster.md).
#pragma once

#include "cluster/cluster_options.h"
#include "engine/queue_engine.h"

#include <string>

namespace sluice::app {

// --redis / --sentinel / --master-name / --redis-password-file / --node-id /
// --wait-replicas, as given (checked by clusterOptionsOf).
struct ClusterFlags {
    std::string redis;
    std::string sentinels; // HOST:PORT,HOST:PORT,...
    std::string masterName = "sluice";
    std::string passwordFile;
    std::string nodeId;
    std::string waitReplicas = "1";
    std::string snapshotEvery = "1000000";
    std::string trimEverySeconds = "60";
    std::string advertiseUrl; // empty: http:// and the listen address

    bool any() const { return !redis.empty() || !sentinels.empty(); }
};

// The options for this node of event `eventId`; `listen` names the node when --node-id is
// not given. InvalidArgument or IoError (the password file) with a message for the operator.
engine::Result<cluster::ClusterOptions> clusterOptionsOf(const ClusterFlags& flags,
                                                         const std::string& eventId,
                                                         const std::string& listen,
                                                         const std::string& snapshotDir);

// The engine of a cluster node: every node must start from the same one, so the first node
// records the event's creation time, shuffle seed and a hash of its settings in Redis
// (SET NX) and the others take them from there; a node whose event file says something else
// is refused, naming the difference. `config` without a seed gets the cluster's.
engine::Result<engine::QueueEngine> clusterEngine(const cluster::ClusterOptions& options,
                                                  engine::EventConfig config,
                                                  const std::string& settingsText,
                                                  engine::TimeMs now);

} // namespace sluice::app
