// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cluster/change_outcome.h"
#include "cluster/log_entry.h"
#include "engine/ticket_state.h"
#include "http/http_response.h"
#include "http/http_server.h"
#include "route_table.h"

#include <functional>
#include <optional>
#include <string_view>

namespace sluice::api {

// How the API's calls reach the room: the one seam between a standalone server and a
// cluster node. Standalone (LocalDriver): a change runs at once on this process's room, is
// journaled, and is answered once durable. Cluster (server/cluster): a change is appended to
// the shared log and answered once replicated and applied by this node's copy. Polls never
// leave the node either way. Loop thread only.
class RoomDriver {
public:
    // Builds the answer to the client from what the change came to.
    using Answer = std::function<http::Response(const cluster::ChangeOutcome&)>;

    virtual ~RoomDriver() = default;

    // Runs `change` (built from the request; its `now` is the call's). Returns the answer when
    // it is ready now, or nothing when the driver sends it later through `responder`.
    virtual std::optional<http::Response>
    run(cluster::LogEntry change, const http::Responder& responder, const Answer& answer) = 0;
    // A status poll: where the ticket stands; the ticket is kept alive.
    // `device`: the request's device secret (its sluice_device cookie; empty without one).
    virtual engine::Result<engine::TicketView> poll(engine::TimeMs now, std::string_view ticket,
                                                    std::string_view device) = 0;
    // About 4 times a second (admissions, snapshots, the cluster's log and lease).
    virtual void heartbeat(engine::TimeMs now) = 0;
    // A change cannot be taken now (503 + Retry-After, saying why); nothing when it can.
    virtual std::optional<http::Response> changeRefusal() const = 0;
    // /readyz: 200 while changes are taken, 503 saying why not.
    virtual http::Response readiness() const = 0;
    // The time of the 1-second sample, which moves the engine's clock to it (openings and
    // expiries): the wall clock standalone; a cluster node's copy moves only through the log,
    // so it samples at the log's time.
    virtual engine::TimeMs sampleTime(engine::TimeMs wallNow) const { return wallNow; }
    // A status poll or gate check cannot be answered from this node now (503); nothing when
    // it can. A standalone server always can.
    virtual std::optional<http::Response> readRefusal() const { return std::nullopt; }
    // GET /api/v1/admin/cluster: the node's place in its cluster (JSON); nothing when
    // standalone.
    virtual std::optional<std::string> clusterJson() const { return std::nullopt; }
    // GET /api/v1/admin/cluster/snapshot: this node's latest snapshot file as stored (a new
    // node starts from it); nothing when there is none or the node runs standalone.
    virtual std::optional<std::string> snapshotFile() const { return std::nullopt; }
    // Whether joins' proof-of-work challenges are spent by the driver (a cluster: the
    // replicated log's replay guard, so a challenge buys one join on any node). When not,
    // the join endpoint spends them itself before the join runs.
    virtual bool spendsChallenges() const { return false; }
    // Whether the proof of work's controls are the driver's to change (a cluster: a change
    // goes through the log as a Difficulty entry and every node puts the result in force).
    // When not, the admin endpoint changes and saves them on this server.
    virtual bool sharesPowControls() const { return false; }
    // The driver's own metrics for /metrics (exposition format); none standalone.
    virtual std::string prometheusLines() const { return {}; }
};

// A change of `kind` asked by `call`: its time, and the client's `Idempotency-Key` header
// when it sent one (visible ASCII, at most 128 bytes; anything else is InvalidArgument). A
// client that retries a change with the same key, on any node of a cluster, gets the first
// one's outcome rather than a second change.
engine::Result<cluster::LogEntry> changeOf(cluster::EntryKind kind, const Call& call);

// The driver in use. Endpoints hold the slot and ask it on every call, so that sluiced can
// put a cluster node's driver in before it serves (RoomApi::setDriver).
struct DriverSlot {
    RoomDriver* current = nullptr;
    RoomDriver* operator->() const { return current; }
};

} // namespace sluice::api
