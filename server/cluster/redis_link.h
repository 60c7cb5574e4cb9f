// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct redisContext;
struct redisReply;

namespace sluice::cluster {

struct RedisAddress {
    std::string host;
    int port = 6379;
    std::string text() const { return host + ":" + std::to_string(port); }
};

// "host:port" (a bare host means port 6379); InvalidArgument saying what is wrong.
engine::Result<RedisAddress> parseRedisAddress(std::string_view text);

struct FreeReply {
    void operator()(redisReply* r) const;
};
using RedisReply = std::unique_ptr<redisReply, FreeReply>;

// One blocking connection to a Redis server (hiredis), owned by one thread: the cluster's
// appender, follower and lease each keep their own and never share it. Every call has a
// time-out; after any I/O error the link is broken (ok() false) and the owner connects anew.
// A reply that is a Redis error (READONLY after a failover, a wrong password) comes back as
// a failed Result carrying Redis's message; the link stays usable.
class RedisLink {
public:
    // Connects, authenticates when `password` is not empty. `timeoutMs` bounds the
    // connection and every later command (a blocking read passes its own BLOCK time on top).
    static engine::Result<RedisLink> connect(const RedisAddress& address,
                                             const std::string& password, int timeoutMs);
    RedisLink(RedisLink&&) noexcept;
    RedisLink& operator=(RedisLink&&) noexcept;
    ~RedisLink();

    bool ok() const;
    const RedisAddress& address() const { return m_address; }

    // One command, one round trip. Arguments are binary-safe.
    engine::Result<RedisReply> command(const std::vector<std::string>& args);
    // Pipelining: queue commands, then read their replies in order.
    void append(const std::vector<std::string>& args);
    engine::Result<RedisReply> reply();

private:
    RedisLink(redisContext* context, RedisAddress address);
    std::unique_ptr<redisContext, void (*)(redisContext*)> m_context;
    RedisAddress m_address;
};

// Reply helpers: a string or status reply's text (empty otherwise), an integer reply's value.
std::string replyText(const redisReply* r);
long long replyInteger(const redisReply* r);

} // namespace sluice::cluster
