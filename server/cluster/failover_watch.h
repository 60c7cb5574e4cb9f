// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cluster_options.h"
#include "engine/status.h"
#include "redis_link.h"

#include <optional>
#include <vector>

namespace sluice::cluster {

// Asks the Sentinels, after a WAIT, whether the primary that took a batch is still theirs.
//
// WAIT 1 means one replica holds the batch, not that this replica is the one a failover will
// promote: a failover the Sentinels agreed on while the primary was unreachable (frozen, cut
// off) goes on when it answers again, and may promote a replica that never got what the old
// primary acknowledged meanwhile (seen in tst_cluster_failover: joins acknowledged in the
// first milliseconds after Redis came back, gone once the other replica was promoted). While
// any Sentinel reports the primary objectively down, a failover in progress, or names another
// primary, the batch is not acknowledged; the client's retry with its idempotency key finds
// the entry if it survived. Keeps one link per Sentinel and asks them all in one go.
class FailoverWatch {
public:
    explicit FailoverWatch(const ClusterOptions& options);

    // ok when no Sentinel that answers doubts `primary`; with a fixed primary (--redis), always.
    engine::Status confirm(const RedisAddress& primary);

private:
    const ClusterOptions& m_options;
    std::vector<std::optional<RedisLink>> m_links; // one per Sentinel, made when needed
};

} // namespace sluice::cluster
