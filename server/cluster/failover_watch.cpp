// SPDX-License-Identifier: Apache-2.0
#include "failover_watch.h"

#include <hiredis/hiredis.h>

namespace sluice::cluster {

using engine::Status;

namespace {

// SENTINEL MASTER's flat field/value array → why the Sentinel doubts `primary`, or "".
std::string doubt(const redisReply* r, const RedisAddress& primary) {
    if (r == nullptr || r->type != REDIS_REPLY_ARRAY) {
        return "";
    }
    std::string ip, port, flags;
    for (std::size_t i = 0; i + 1 < r->elements; i += 2) {
        const std::string key = replyText(r->element[i]);
        if (key == "ip") {
            ip = replyText(r->element[i + 1]);
        } else if (key == "port") {
            port = replyText(r->element[i + 1]);
        } else if (key == "flags") {
            flags = replyText(r->element[i + 1]);
        }
    }
    if (ip != primary.host || port != std::to_string(primary.port)) {
        return "it names " + ip + ":" + port + " as the primary";
    }
    if (flags.find("o_down") != std::string::npos) {
        return "it holds the primary down";
    }
    if (flags.find("failover_in_progress") != std::string::npos) {
        return "a failover is under way";
    }
    return "";
}

} // namespace

FailoverWatch::FailoverWatch(const ClusterOptions& options)
    : m_options(options), m_links(options.sentinels.size()) {}

Status FailoverWatch::confirm(const RedisAddress& primary) {
    const std::vector<std::string> ask{"SENTINEL", "MASTER", m_options.masterName};
    std::vector<bool> asked(m_links.size(), false);
    for (std::size_t i = 0; i < m_links.size(); ++i) {
        if (!m_links[i] || !m_links[i]->ok()) {
            auto link = RedisLink::connect(m_options.sentinels[i], m_options.password,
                                           m_options.ioTimeoutMs);
            if (!link.isOk()) {
                m_links[i].reset();
                continue; // one Sentinel down does not stop the log
            }
            m_links[i].emplace(std::move(link.value()));
        }
        m_links[i]->append(ask);
        asked[i] = true;
    }
    std::string why;
    for (std::size_t i = 0; i < m_links.size(); ++i) {
        if (!asked[i]) {
            continue;
        }
        auto answer = m_links[i]->reply();
        if (!answer.isOk()) {
            continue;
        }
        if (const std::string d = doubt(answer.value().get(), primary); !d.empty() && why.empty()) {
            why = "Sentinel " + m_options.sentinels[i].text() + ": " + d;
        }
    }
    if (!why.empty()) {
        return Status::ioError("not acknowledged while a failover may take it back (" + why + ")");
    }
    return Status::ok();
}

} // namespace sluice::cluster
