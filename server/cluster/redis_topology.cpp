// SPDX-License-Identifier: Apache-2.0
#include "redis_topology.h"

#include <hiredis/hiredis.h>
#include <sstream>

namespace sluice::cluster {

using engine::Result;
using engine::Status;

namespace {

// The value of `key` in "ip=…,port=…,state=online,offset=…,lag=0" ("" when absent).
std::string fieldOf(const std::string& line, const std::string& key) {
    std::istringstream fields(line);
    std::string field;
    while (std::getline(fields, field, ',')) {
        const std::size_t eq = field.find('=');
        if (eq != std::string::npos && field.compare(0, eq, key) == 0 && eq == key.size()) {
            return field.substr(eq + 1);
        }
    }
    return {};
}

// "ip=127.0.0.1,port=6380,state=online,..." → the address when online.
std::optional<RedisAddress> onlineReplica(const std::string& line) {
    const std::string ip = fieldOf(line, "ip");
    const int port = std::atoi(fieldOf(line, "port").c_str());
    if (ip.empty() || port <= 0 || fieldOf(line, "state") != "online") {
        return std::nullopt;
    }
    return RedisAddress{ip, port};
}

std::vector<RedisAddress> replicasFromInfo(const std::string& info) {
    std::vector<RedisAddress> replicas;
    std::istringstream lines(info);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("slave", 0) == 0 && line.find(':') != std::string::npos) {
            if (auto r = onlineReplica(line.substr(line.find(':') + 1))) {
                replicas.push_back(*r);
            }
        }
    }
    return replicas;
}

// SENTINEL replicas: an array of flat field/value arrays; those not down and linked.
std::vector<RedisAddress> replicasFromSentinel(const redisReply* r) {
    std::vector<RedisAddress> replicas;
    for (std::size_t i = 0; r != nullptr && r->type == REDIS_REPLY_ARRAY && i < r->elements; ++i) {
        const redisReply* fields = r->element[i];
        std::string ip, flags, link;
        int port = 0;
        for (std::size_t f = 0; f + 1 < fields->elements; f += 2) {
            const std::string key = replyText(fields->element[f]);
            const std::string value = replyText(fields->element[f + 1]);
            if (key == "ip") {
                ip = value;
            } else if (key == "port") {
                port = std::atoi(value.c_str());
            } else if (key == "flags") {
                flags = value;
            } else if (key == "master-link-status") {
                link = value;
            }
        }
        if (!ip.empty() && port > 0 && flags == "slave" && link == "ok") {
            replicas.push_back(RedisAddress{ip, port});
        }
    }
    return replicas;
}

// The replicas `primary` itself reports online (INFO replication); none when it does not answer.
std::optional<std::vector<RedisAddress>> replicasOf(const RedisAddress& primary,
                                                    const ClusterOptions& o) {
    auto link = RedisLink::connect(primary, o.password, o.ioTimeoutMs);
    if (!link.isOk()) {
        return std::nullopt;
    }
    auto info = link.value().command({"INFO", "replication"});
    if (!info.isOk()) {
        return std::nullopt;
    }
    return replicasFromInfo(replyText(info.value().get()));
}

} // namespace

int replicasInStep(const std::string& info) {
    int n = 0;
    std::istringstream lines(info);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("slave", 0) != 0 || line.find(':') == std::string::npos) {
            continue;
        }
        const std::string fields = line.substr(line.find(':') + 1);
        const std::string lag = fieldOf(fields, "lag");
        // lag: seconds since the replica's last acknowledgement (replicas send one a second).
        if (fieldOf(fields, "state") == "online" && !lag.empty() && std::atoi(lag.c_str()) <= 1) {
            ++n;
        }
    }
    return n;
}

Result<RedisPlaces> locateRedis(const ClusterOptions& o) {
    if (o.sentinels.empty()) {
        if (!o.redis) {
            return Status::invalidArgument("cluster mode needs --redis or --sentinel");
        }
        return RedisPlaces{*o.redis, replicasOf(*o.redis, o).value_or(std::vector<RedisAddress>{})};
    }
    std::string why;
    for (const RedisAddress& sentinel : o.sentinels) {
        auto link = RedisLink::connect(sentinel, o.password, o.ioTimeoutMs);
        if (!link.isOk()) {
            why = link.status().message();
            continue;
        }
        auto master = link.value().command({"SENTINEL", "get-master-addr-by-name", o.masterName});
        if (!master.isOk() || master.value()->type != REDIS_REPLY_ARRAY ||
            master.value()->elements != 2) {
            why = "Sentinel " + sentinel.text() + " does not know master \"" + o.masterName + "\"";
            continue;
        }
        RedisPlaces places;
        places.primary.host = replyText(master.value()->element[0]);
        places.primary.port = std::atoi(replyText(master.value()->element[1]).c_str());
        // The primary knows its replicas' links now; the Sentinels refresh theirs every 10 s
        // (every second only during a failover), so theirs is the fallback.
        if (auto replicas = replicasOf(places.primary, o)) {
            places.replicas = std::move(*replicas);
        } else if (auto listed = link.value().command({"SENTINEL", "replicas", o.masterName});
                   listed.isOk()) {
            places.replicas = replicasFromSentinel(listed.value().get());
        }
        return places;
    }
    return Status::ioError("no Sentinel answered: " + why);
}

Result<RedisLink> connectPrimary(const ClusterOptions& o) {
    auto places = locateRedis(o);
    if (!places.isOk()) {
        return places.status();
    }
    auto link = RedisLink::connect(places.value().primary, o.password, o.ioTimeoutMs);
    if (!link.isOk()) {
        return link.status();
    }
    if (!isPrimary(link.value())) {
        return Status::ioError("Redis " + places.value().primary.text() +
                               " is not the primary (failover under way?)");
    }
    return link;
}

Result<RedisLink> connectReader(const ClusterOptions& o) {
    auto places = locateRedis(o);
    if (!places.isOk()) {
        return places.status();
    }
    std::string why = "none is online";
    for (const RedisAddress& replica : places.value().replicas) {
        auto link = RedisLink::connect(replica, o.password, o.ioTimeoutMs);
        if (link.isOk()) {
            return link;
        }
        why = link.status().message();
    }
    // No replica answers: reading from the primary keeps the room going, at the risk that
    // a failover takes back an entry this node applied (CLUSTER.md: 9-12 such entries per
    // failover). The follower finds that out when it reconnects (the entry it applied last is
    // gone) and the node stops to replay; nothing acknowledged is in such an entry, as no
    // change is acknowledged before a replica holds it. The follower returns to a replica as
    // soon as one is online again.
    return RedisLink::connect(places.value().primary, o.password, o.ioTimeoutMs);
}

bool isPrimary(RedisLink& link) {
    auto role = link.command({"ROLE"});
    return role.isOk() && role.value()->type == REDIS_REPLY_ARRAY && role.value()->elements > 0 &&
           replyText(role.value()->element[0]) == "master";
}

} // namespace sluice::cluster
