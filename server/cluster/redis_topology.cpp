// SPDX-License-Identifier: Apache-2.0
#include "redis_topology.h"

#include <hiredis/hiredis.h>
#include <sstream>

namespace sluice::cluster {

using engine::Result;
using engine::Status;

namespace {

// "ip=127.0.0.1,port=6380,state=online,..." → the address when online.
std::optional<RedisAddress> onlineReplica(const std::string& line) {
    std::string ip, state;
    int port = 0;
    std::istringstream fields(line);
    std::string field;
    while (std::getline(fields, field, ',')) {
        const std::size_t eq = field.find('=');
        const std::string key = field.substr(0, eq), value = field.substr(eq + 1);
        if (key == "ip") {
            ip = value;
        } else if (key == "port") {
            port = std::atoi(value.c_str());
        } else if (key == "state") {
            state = value;
        }
    }
    if (ip.empty() || port <= 0 || state != "online") {
        return std::nullopt;
    }
    return RedisAddress{ip, port};
}

std::optional<RedisAddress> replicaFromInfo(const std::string& info) {
    std::istringstream lines(info);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("slave", 0) == 0 && line.find(':') != std::string::npos) {
            if (auto r = onlineReplica(line.substr(line.find(':') + 1))) {
                return r;
            }
        }
    }
    return std::nullopt;
}

// SENTINEL replicas: an array of flat field/value arrays; one not down and linked.
std::optional<RedisAddress> replicaFromSentinel(const redisReply* r) {
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
            return RedisAddress{ip, port};
        }
    }
    return std::nullopt;
}

} // namespace

Result<RedisPlaces> locateRedis(const ClusterOptions& o) {
    if (o.sentinels.empty()) {
        if (!o.redis) {
            return Status::invalidArgument("cluster mode needs --redis or --sentinel");
        }
        RedisPlaces places{*o.redis, std::nullopt};
        auto link = RedisLink::connect(*o.redis, o.password, o.ioTimeoutMs);
        if (link.isOk()) {
            if (auto info = link.value().command({"INFO", "replication"}); info.isOk()) {
                places.replica = replicaFromInfo(replyText(info.value().get()));
            }
        }
        return places;
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
        if (auto replicas = link.value().command({"SENTINEL", "replicas", o.masterName});
            replicas.isOk()) {
            places.replica = replicaFromSentinel(replicas.value().get());
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
    auto role = link.value().command({"ROLE"});
    if (!role.isOk() || role.value()->type != REDIS_REPLY_ARRAY || role.value()->elements == 0 ||
        replyText(role.value()->element[0]) != "master") {
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
    const RedisAddress& from = places.value().replica.value_or(places.value().primary);
    return RedisLink::connect(from, o.password, o.ioTimeoutMs);
}

} // namespace sluice::cluster
