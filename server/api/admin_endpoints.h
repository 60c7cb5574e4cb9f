// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "join_proof.h"
#include "node_sampler.h"
#include "room/waiting_room.h"
#include "room_driver.h"
#include "route_table.h"
#include "snapshot_streams.h"

#include <optional>

namespace sluice::api {

// The admin API (docs/api.md), behind the admin key (the route table checks it): the
// event's configuration, the latest snapshot and its stream, the recorded history, the
// audit log, and the controls. Loop thread only; everything given must outlive this.
class AdminEndpoints {
public:
    AdminEndpoints(room::WaitingRoom& room, const DriverSlot& driver, NodeSampler& sampler,
                   SnapshotStreams& streams)
        : m_room(room), m_driver(driver), m_sampler(sampler), m_streams(streams) {}

    http::Response config(const Call& call) const;
    http::Response snapshot(const Call& call) const;
    // Server-Sent Events: the latest snapshot now, then one a second. Answers by itself.
    std::optional<http::Response> stream(const Call& call);
    // ?after=MS: series.csv rows (text/csv) after that instant, at most an hour of them.
    http::Response history(const Call& call) const;
    http::Response audit(const Call& call) const;
    // One change of the controls by a named operator; the engine validates and audits it.
    // The answer lists the audit entries the change made and the log's length after it.
    std::optional<http::Response> controls(const Call& call);
    // GET /api/v1/admin/difficulty: the proof of work's settings and current bits.
    http::Response difficulty(const Call& call) const;
    // POST /api/v1/admin/difficulty: an operator's change of them, audited. Standalone it is
    // made (and saved) here; on a cluster node it goes through the log (503 + Retry-After
    // while the log cannot take it) and is answered later, through the responder.
    std::optional<http::Response> changeDifficulty(const Call& call);
    void setJoinProof(JoinProof* proof) { m_proof = proof; }
    // Any other path under /api/v1/admin/.
    http::Response notFound(const Call& call) const;

private:
    room::WaitingRoom& m_room;
    const DriverSlot& m_driver;
    NodeSampler& m_sampler;
    SnapshotStreams& m_streams;
    JoinProof* m_proof = nullptr;
};

} // namespace sluice::api
