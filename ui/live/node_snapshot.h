// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "series/sample.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <optional>

namespace sluice::ui {

// One second of one sluiced node, from its snapshot stream (docs/api.md): the sample in the
// simulator's terms, made by the same mapping (series::sampleOf) the node's own history
// uses, and what else the console uses.
// A cluster node's place in its cluster (docs/cluster.md, "Admin view"): the nodes of one
// cluster hold one queue between them, not a queue each.
struct ClusterPlace {
    QString node;
    quint64 applied = 0; // log entries applied
    QString leader;      // the node writing the ticks
    bool isLeader = false;
    bool stale = false; // heard nothing from the log for 2 s
    // The Redis server it last appended to (the primary) and the one it reads from now
    // ("host:port"; empty from a node older than the fields, or before the first).
    QString redisPrimary;
    QString readingFrom;
};

// A node's fair-join defences (docs/api.md, the snapshot's "fairJoins"): its proof of work
// now and the tokens its gate has seen used from several addresses.
struct FairJoins {
    QString powMode = "off"; // "off", "auto" or "fixed"
    int powBits = 0;         // asked of a join now
    int powFloor = 0;        // auto: the quiet night's bits
    int powCeiling = 0;
    double joinsPerMinute = 0; // the rate auto follows
    quint64 tokensShared = 0;
    quint64 tokensRevoked = 0;
    int revokeSharedAbove = 0; // the operator's rule; 0: never revoke
    bool deviceBinding = false;
};

struct NodeSnapshot {
    series::Sample sample;
    QString eventId;
    quint64 auditEntries = 0; // the audit log's length: fetch it when this grows
    quint64 admitsTotal = 0;
    QMap<QString, quint64> tokenRejectionsByReason;
    std::optional<ClusterPlace> cluster; // a cluster node's; none for a standalone node
    std::optional<FairJoins> fairJoins;  // none from a node older than the field
};

// Parses the JSON of an "event: snapshot"; nothing when it is not one (a field missing or
// of the wrong type), so a broken or foreign stream cannot put made-up numbers on a chart.
std::optional<NodeSnapshot> parseNodeSnapshot(const QByteArray& json);

} // namespace sluice::ui
