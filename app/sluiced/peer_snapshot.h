// SPDX-License-Identifier: Apache-2.0
// A new cluster node's way in when the log alone cannot bring it up to date.
#pragma once

#include "cluster/cluster_options.h"
#include "engine/status.h"

#include <string>

namespace sluice::app {

// With no snapshot of its own and a log that was trimmed (so replaying it from the start
// would miss entries), fetches a peer's latest snapshot (GET /api/v1/admin/cluster/snapshot
// with the admin key, from the nodes listed in Redis, freshest first), checks it reads back
// whole (its CRC), and puts it in `options.snapshotDir`. Ok when nothing was needed or one
// was fetched; an error for the operator when none could be.
engine::Status fetchPeerSnapshotIfNeeded(const cluster::ClusterOptions& options,
                                         const std::string& adminKey);

} // namespace sluice::app
