// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command_journal.h"
#include "room/waiting_room.h"

#include <cstddef>
#include <string>

namespace sluice::api {

// Benchmarks only (sluiced --bench-preload): `count` people join `room` at `now`; their
// tickets are written to `file`, one a line, for the load generator to poll. Not journaled
// one by one: a snapshot written in the background afterwards holds them (seconds later).
engine::Status preloadForBenchmark(room::WaitingRoom& room, CommandJournal& journal,
                                   engine::TimeMs now, std::size_t count, const std::string& file);

} // namespace sluice::api
