// SPDX-License-Identifier: Apache-2.0
// A random but seeded stream of engine commands (joins, polls, leaves, claims, completions,
// ticks, control changes) for the snapshot, journal and store tests.
#pragma once

#include "engine/prng.h"
#include "engine/queue_engine.h"
#include "journal/journal_record.h"

#include <algorithm>

namespace sluice::test {

// Runs one random command on `live` and returns it as the server's journal would keep it
// (`filter`), or nothing when it would not be kept. `live` must record abandonments.
inline std::optional<journal::JournalRecord> randomCommand(engine::QueueEngine& live,
                                                           engine::SplitMix64& rng,
                                                           engine::TimeMs& now,
                                                           journal::JournalFilter& filter) {
    using journal::Command;
    now += static_cast<engine::TimeMs>(rng.next() % 200);
    const std::uint32_t tickets = live.ticketCount();
    const auto anyone = [&] {
        return static_cast<engine::TicketSeq>(rng.next() % std::max(1u, tickets));
    };
    journal::JournalRecord r;
    const std::uint64_t pick = rng.next() % 100;
    if (pick < 12 || tickets == 0) {
        r.command = Command::Join;
        auto view = live.join(now);
        r.succeeded = view.isOk();
        r.seq = view.isOk() ? view->seq : 0;
    } else if (pick < 70) {
        r.command = Command::Poll; // most people poll, some stop (and go idle)
        r.seq = std::min<engine::TicketSeq>(
            static_cast<engine::TicketSeq>(rng.next() % (tickets * 3 / 4 + 1)), tickets - 1);
        r.succeeded = live.poll(now, r.seq).isOk();
    } else if (pick < 73) {
        r.command = Command::Leave;
        r.seq = anyone();
        r.succeeded = live.leave(now, r.seq).isOk();
    } else if (pick < 80) {
        r.command = Command::Claim;
        r.seq = anyone();
        r.succeeded = live.claim(now, r.seq).isOk();
    } else if (pick < 85) {
        r.command = Command::Complete;
        r.seq = anyone();
        r.succeeded = live.complete(now, r.seq).isOk();
    } else if (pick < 99) {
        r.command = Command::Tick;
        live.tick(now);
    } else {
        r.command = Command::Configure;
        r.operatorName = "ops";
        r.change.admissionRatePerMinute = static_cast<int>(100 + rng.next() % 1000);
        if (rng.next() % 4 == 0) {
            r.change.paused = rng.next() % 2 == 0;
        }
        r.succeeded = live.configure(now, r.operatorName, r.change).isOk();
    }
    return filter.keep(std::move(r), live);
}

} // namespace sluice::test
