// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/queue_engine.h"

#include <QTest>
#include <vector>

// Readable QCOMPARE failures for engine enums (found by argument-dependent lookup).
namespace sluice::engine {
inline char* toString(TicketState s) {
    return qstrdup(std::string(nameOf(s)).c_str());
}
inline char* toString(TokenRejection r) {
    return qstrdup(std::string(nameOf(r)).c_str());
}
} // namespace sluice::engine

namespace sluice::test {

// 19 July 2021, 20:00 KST: the seed night's opening, in UTC ms.
inline constexpr engine::TimeMs kOpening = 1'626'692'400'000;
inline constexpr engine::TimeMs kSecond = 1000;

inline engine::EventConfig launchNight() {
    engine::EventConfig c;
    c.eventId = "vaccine-53-54";
    c.opensAt = kOpening;
    c.preQueuePolicy = engine::PreQueuePolicy::Fifo;
    c.shuffleSeed = 42;
    c.admissionRatePerMinute = 600; // 10 per second
    c.capacity = 1000;
    c.sessionTtlSeconds = 600;
    c.claimGraceSeconds = 60;
    c.idleTimeoutSeconds = 120;
    return c;
}

inline engine::QueueEngine makeEngine(const engine::EventConfig& config,
                                      engine::TimeMs createdAt = kOpening - 3600 * kSecond) {
    auto e = engine::QueueEngine::create(config, createdAt);
    if (!e.isOk()) {
        qFatal("bad test config: %s", e.status().message().c_str());
    }
    return std::move(e).value();
}

// Joins `count` people at `at`, returning their tickets in join order.
inline std::vector<engine::TicketSeq> joinMany(engine::QueueEngine& e, int count,
                                               engine::TimeMs at) {
    std::vector<engine::TicketSeq> seqs;
    for (int i = 0; i < count; ++i) {
        seqs.push_back(e.join(at)->seq);
    }
    return seqs;
}

} // namespace sluice::test
