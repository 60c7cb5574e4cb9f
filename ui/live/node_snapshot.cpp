// SPDX-License-Identifier: Apache-2.0
#include "node_snapshot.h"

#include "series/series_json.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace sluice::ui {

std::optional<NodeSnapshot> parseNodeSnapshot(const QByteArray& json) {
    // The sample, in the history's columns, through the same reader any series tool uses:
    // the node mapped its engine's metrics once (series::sampleOf) and the console keeps it.
    auto sample = series::readSampleJson(
        std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
    if (!sample.isOk()) {
        return std::nullopt;
    }
    // What else the console uses of the node, beside the sample.
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    bool ok = true;
    const auto count = [&](const char* key) {
        const QJsonValue v = o.value(QLatin1String(key));
        ok = ok && v.isDouble() && v.toDouble() >= 0;
        return static_cast<quint64>(v.toDouble());
    };
    NodeSnapshot n;
    n.sample = sample.value();
    // The estimate's range, beside the sample's columns (a node older than it has none).
    if (o.value("estimateLowSeconds").isDouble() && o.value("estimateHighSeconds").isDouble()) {
        n.sample.estimateLowSeconds = o.value("estimateLowSeconds").toDouble();
        n.sample.estimateHighSeconds = o.value("estimateHighSeconds").toDouble();
    }
    n.admitsTotal = count("admitsTotal");
    n.auditEntries = count("auditEntries");
    const QJsonValue eventId = o.value("eventId");
    ok = ok && eventId.isString();
    n.eventId = eventId.toString();
    const QJsonObject reasons = o.value("tokenRejectionsByReason").toObject();
    for (auto it = reasons.begin(); it != reasons.end(); ++it) {
        n.tokenRejectionsByReason.insert(it.key(), static_cast<quint64>(it.value().toDouble()));
    }
    if (o.value("cluster").isObject()) {
        const QJsonObject c = o.value("cluster").toObject();
        ClusterPlace place;
        place.node = c.value("node").toString();
        place.applied = static_cast<quint64>(c.value("applied").toDouble());
        place.leader = c.value("leader").toString();
        place.isLeader = c.value("isLeader").toBool();
        place.stale = c.value("stale").toBool();
        place.redisPrimary = c.value("redisPrimary").toString();
        place.readingFrom = c.value("readingFrom").toString();
        n.cluster = place;
    }
    if (o.value("fairJoins").isObject()) {
        const QJsonObject f = o.value("fairJoins").toObject();
        const QJsonObject pow = f.value("proofOfWork").toObject();
        FairJoins fair;
        fair.powMode = pow.value("mode").toString("off");
        fair.powBits = pow.value("bits").toInt();
        fair.powFloor = pow.value("floor").toInt();
        fair.powCeiling = pow.value("ceiling").toInt();
        fair.joinsPerMinute = pow.value("joinsPerMinute").toDouble();
        fair.tokensShared = static_cast<quint64>(f.value("tokensShared").toDouble());
        fair.tokensRevoked = static_cast<quint64>(f.value("tokensRevoked").toDouble());
        fair.revokeSharedAbove = f.value("revokeSharedAbove").toInt();
        fair.deviceBinding = f.value("deviceBinding").toBool();
        n.fairJoins = fair;
    }
    if (!ok) {
        return std::nullopt;
    }
    return n;
}

} // namespace sluice::ui
