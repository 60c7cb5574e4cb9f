// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"
#include "redis_link.h"

#include <string>

namespace sluice::cluster {

// What the cluster's log (a Redis stream) still holds: its first entry, its length and how
// many entries were ever added. Trimming leaves no other trace in Redis 7.0
// (max-deleted-entry-id counts XDEL only), so "added > length" is how a node learns that
// replaying the log from its start would miss entries.
struct LogExtent {
    std::string first; // the first entry's id; empty when the log holds none
    long long length = 0;
    long long added = 0;
    bool trimmed() const { return added > length; }
};

// XINFO STREAM `key`. A log that does not exist yet is an empty extent; any other failure
// (a lost connection, a time-out, an error reply) is an error, never "the whole log is
// there": a new node that took it for one would replay a trimmed log from the middle.
engine::Result<LogExtent> readLogExtent(RedisLink& link, const std::string& key);

} // namespace sluice::cluster
