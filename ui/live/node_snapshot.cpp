// SPDX-License-Identifier: Apache-2.0
#include "node_snapshot.h"

#include "engine/utc_format.h"

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
    NodeSnapshot n;
    sim::SimSample& s = n.sample;
    const QJsonValue at = o.value("at");
    ok = at.isString() && engine::parseUtc(at.toString().toStdString(), s.at);
    s.waiting = count("waiting");
    s.preQueued = count("preQueued");
    s.peopleQueued = s.waiting + s.preQueued;
    s.activeSessions = count("activeSessions");
    s.admittedUnclaimed = count("admittedUnclaimed");
    s.capacity = static_cast<int>(number("capacity"));
    s.admissionRatePerMinute = static_cast<int>(number("admissionRatePerMinute"));
    ok = ok && o.value("paused").isBool();
    s.paused = o.value("paused").toBool();
    s.joinsPerSecond = number("joinsPerSecond");
    s.admitsPerSecond = number("admitsPerSecond");
    s.engineEstimateSeconds = number("estimatedWaitSeconds");
    s.shownEstimateSeconds = s.engineEstimateSeconds;
    s.realisedWaitSeconds = number("realisedWaitSeconds");
    s.nodes = 1;
    s.queueRequests = count("httpRequests");
    s.queueErrors = count("httpErrors");
    s.backendBusy = s.activeSessions;
    s.backendCapacity = s.capacity;
    s.bookedTotal = count("completionsTotal");
    s.gaveUpTotal = count("abandonsTotal") + count("leavesTotal");
    s.rejectedTokensTotal = count("tokenRejections");
    s.cheatAttemptsTotal = s.rejectedTokensTotal + count("ticketRejections");
    n.admitsTotal = count("admitsTotal");
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
