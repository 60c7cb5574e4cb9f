// SPDX-License-Identifier: Apache-2.0
#include "redis_link.h"

#include <charconv>
#include <hiredis/hiredis.h>
#include <sys/time.h>

namespace sluice::cluster {

using engine::Result;
using engine::Status;

namespace {

void freeContext(redisContext* c) {
    if (c != nullptr) {
        redisFree(c);
    }
}

timeval timevalOf(int ms) {
    timeval tv{};
    tv.tv_sec = ms / 1000;
    tv.tv_usec = static_cast<suseconds_t>((ms % 1000) * 1000);
    return tv;
}

// hiredis's argv form: pointers and lengths, so values may hold any bytes.
struct Argv {
    std::vector<const char*> pointers;
    std::vector<std::size_t> lengths;
    explicit Argv(const std::vector<std::string>& args) {
        for (const std::string& a : args) {
            pointers.push_back(a.data());
            lengths.push_back(a.size());
        }
    }
};

} // namespace

void FreeReply::operator()(redisReply* r) const {
    if (r != nullptr) {
        freeReplyObject(r);
    }
}

Result<RedisAddress> parseRedisAddress(std::string_view text) {
    RedisAddress a;
    const std::size_t colon = text.rfind(':');
    a.host = std::string(text.substr(0, colon));
    if (colon != std::string_view::npos) {
        const std::string_view port = text.substr(colon + 1);
        int value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535) {
            return Status::invalidArgument("Redis address \"" + std::string(text) +
                                           "\": the port must be 1-65535");
        }
        a.port = value;
    }
    if (a.host.empty()) {
        return Status::invalidArgument("Redis address \"" + std::string(text) +
                                       "\": expected HOST:PORT");
    }
    return a;
}

RedisLink::RedisLink(redisContext* context, RedisAddress address)
    : m_context(context, freeContext), m_address(std::move(address)) {}
RedisLink::RedisLink(RedisLink&&) noexcept = default;
RedisLink& RedisLink::operator=(RedisLink&&) noexcept = default;
RedisLink::~RedisLink() = default;

Result<RedisLink> RedisLink::connect(const RedisAddress& address, const std::string& password,
                                     int timeoutMs) {
    redisContext* c =
        redisConnectWithTimeout(address.host.c_str(), address.port, timevalOf(timeoutMs));
    if (c == nullptr || c->err != 0) {
        const std::string why = c != nullptr ? c->errstr : "out of memory";
        freeContext(c);
        return Status::ioError("Redis " + address.text() + ": " + why);
    }
    redisSetTimeout(c, timevalOf(timeoutMs));
    RedisLink link(c, address);
    if (!password.empty()) {
        auto auth = link.command({"AUTH", password});
        if (!auth.isOk()) {
            return Status::permissionDenied("Redis " + address.text() +
                                            " refused the password: " + auth.status().message());
        }
    }
    return link;
}

bool RedisLink::ok() const {
    return m_context != nullptr && m_context->err == 0;
}

Result<RedisReply> RedisLink::command(const std::vector<std::string>& args) {
    append(args);
    return reply();
}

void RedisLink::append(const std::vector<std::string>& args) {
    if (!ok()) {
        return;
    }
    Argv argv(args);
    redisAppendCommandArgv(m_context.get(), static_cast<int>(argv.pointers.size()),
                           argv.pointers.data(), argv.lengths.data());
}

Result<RedisReply> RedisLink::reply() {
    if (!ok()) {
        return Status::ioError(
            "Redis " + m_address.text() + ": connection lost" +
            (m_context != nullptr ? std::string(": ") + m_context->errstr : std::string()));
    }
    void* raw = nullptr;
    if (redisGetReply(m_context.get(), &raw) != REDIS_OK || raw == nullptr) {
        return Status::ioError("Redis " + m_address.text() + ": " + m_context->errstr);
    }
    RedisReply r(static_cast<redisReply*>(raw));
    if (r->type == REDIS_REPLY_ERROR) {
        return Status::failedPrecondition("Redis " + m_address.text() + ": " +
                                          std::string(r->str, r->len));
    }
    return r;
}

std::string replyText(const redisReply* r) {
    if (r != nullptr && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS)) {
        return std::string(r->str, r->len);
    }
    return {};
}

long long replyInteger(const redisReply* r) {
    return r != nullptr && r->type == REDIS_REPLY_INTEGER ? r->integer : 0;
}

} // namespace sluice::cluster
