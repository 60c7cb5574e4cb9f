// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "log_entry.h"
#include "room/waiting_room.h"

#include <optional>
#include <vector>

namespace sluice::cluster {

// What running one change on the room came to: the answer a server builds for the client
// who asked. The same on every node that applies the same log.
struct ChangeOutcome {
    engine::Status status;                    // ok, or why the change was refused
    engine::TicketSeq seq = 0;                // the ticket it touched (Join: the one created)
    std::optional<room::JoinResult> joined;   // Join
    std::optional<room::ClaimResult> claimed; // Claim
    std::vector<engine::AuditEntry> audit;    // Configure, Difficulty: the entries it made
    std::size_t auditEntries = 0;             // Configure: the audit log's length after it
    bool repeated = false;                    // a retry of a key already applied
};

// Runs one change (Join, Leave, Claim, Complete or Configure) on `room` at `change.now`.
// Standalone servers call it as a request arrives; cluster nodes as the log delivers it.
ChangeOutcome applyChange(room::WaitingRoom& room, const LogEntry& change);

} // namespace sluice::cluster
