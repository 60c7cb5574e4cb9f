// SPDX-License-Identifier: Apache-2.0
// A cluster node's copy of the launch-night room, fed log entries through the encoder and
// decoder as a real node is (tst_replicated_room, tst_replicated_pow).
#pragma once

#include "cluster/log_entry.h"
#include "cluster/replicated_room.h"
#include "engine_fixtures.h"

#include <QTest>

namespace sluice::test {

inline tokens::ServerKeys testKeys() {
    tokens::Ed25519Seed seed{};
    seed.fill(7);
    tokens::ServerKeys keys{{}, tokens::Ed25519KeyPair::fromSeed(seed).value()};
    keys.ticketKey.fill(7);
    return keys;
}

inline room::WaitingRoom makeRoom() {
    return room::WaitingRoom::create(launchNight(), testKeys(), "https://queue.test",
                                     kOpening - 3600 * kSecond)
        .value();
}

struct Node {
    room::WaitingRoom room = makeRoom();
    cluster::ReplicatedRoom copy{room};
    int next = 1;
    cluster::ChangeOutcome apply(const cluster::LogEntry& e) {
        const std::string bytes = cluster::encodeEntry(e);
        auto decoded = cluster::decodeEntry(bytes);
        if (!decoded.isOk()) {
            qFatal("entry does not decode: %s", decoded.status().message().c_str());
        }
        return copy.apply("1-" + std::to_string(next++), bytes, decoded.value());
    }
};

} // namespace sluice::test
