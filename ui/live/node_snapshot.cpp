// SPDX-License-Identifier: Apache-2.0
#include "node_snapshot.h"

#include "engine/utc_format.h"
#include "series/sample_of.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace sluice::ui {

std::optional<NodeSnapshot> parseNodeSnapshot(const QByteArray& json) {
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isObject()) {
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    bool ok = true;
    const auto number = [&](const char* key) {
        const QJsonValue v = o.value(QLatin1String(key));
        ok = ok && v.isDouble() && v.toDouble() >= 0;
        return v.toDouble();
    };
    const auto count = [&](const char* key) { return static_cast<quint64>(number(key)); };
    // The node's engine metrics as it sent them, and what its server counted: mapped to the
    // sample exactly as the node maps them for its history.
    engine::MetricsSnapshot m;
    const QJsonValue at = o.value("at");
    ok = at.isString() && engine::parseUtc(at.toString().toStdString(), m.at);
    m.waiting = count("waiting");
    m.preQueued = count("preQueued");
    m.activeSessions = count("activeSessions");
    m.admittedUnclaimed = count("admittedUnclaimed");
    m.capacity = static_cast<int>(number("capacity"));
    m.admissionRatePerMinute = static_cast<int>(number("admissionRatePerMinute"));
    ok = ok && o.value("paused").isBool();
    m.paused = o.value("paused").toBool();
    m.joinsPerSecond = number("joinsPerSecond");
    m.admitsPerSecond = number("admitsPerSecond");
    m.newArrivalWait.known = true; // sent as 0 when the node does not know it
    m.newArrivalWait.seconds = number("estimatedWaitSeconds");
    m.completionsTotal = count("completionsTotal");
    m.abandonsTotal = count("abandonsTotal");
    m.leavesTotal = count("leavesTotal");
    m.admitsTotal = count("admitsTotal");
    m.ticketRejections = count("ticketRejections");
    // The sample keeps only the sum of the per-reason counts, which the stream sends as
    // tokenRejections (the reasons are kept apart below, as the node names them): the sum
    // stands in the first slot.
    m.tokenRejections[0] = count("tokenRejections");
    series::CallerCounts node;
    node.nodes = 1;
    node.queueRequests = count("httpRequests");
    node.queueErrors = count("httpErrors");
    node.realisedWaitSeconds = number("realisedWaitSeconds");
    NodeSnapshot n;
    n.sample = series::sampleOf(m, node);
    n.admitsTotal = m.admitsTotal;
    n.auditEntries = count("auditEntries");
    n.eventId = o.value("eventId").toString();
    const QJsonObject reasons = o.value("tokenRejectionsByReason").toObject();
    for (auto it = reasons.begin(); it != reasons.end(); ++it) {
        n.tokenRejectionsByReason.insert(it.key(), static_cast<quint64>(it.value().toDouble()));
    }
    if (!ok) {
        return std::nullopt;
    }
    return n;
}

} // namespace sluice::ui
