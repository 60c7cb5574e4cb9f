// SPDX-License-Identifier: Apache-2.0
#include "change_outcome.h"

namespace sluice::cluster {

ChangeOutcome applyChange(room::WaitingRoom& room, const LogEntry& c) {
    ChangeOutcome out;
    switch (c.kind) {
    case EntryKind::Join: {
        auto joined = room.join(c.now, c.birthDate, c.device);
        if (joined.isOk()) {
            out.seq = joined.value().view.seq;
            out.joined = std::move(joined.value());
        } else {
            out.status = joined.status();
        }
        break;
    }
    case EntryKind::Leave: {
        const auto left = room.leave(c.now, c.credential, c.device);
        out.status = left.isOk() ? engine::Status::ok() : left.status();
        out.seq = left.isOk() ? left.value() : 0;
        break;
    }
    case EntryKind::Claim: {
        auto claimed = room.claim(c.now, c.credential, c.device);
        if (claimed.isOk()) {
            out.seq = claimed.value().grant.seq;
            out.claimed = std::move(claimed.value());
        } else {
            out.status = claimed.status();
        }
        break;
    }
    case EntryKind::Complete: {
        const auto completed = room.complete(c.now, c.credential, c.device);
        out.status = completed.isOk() ? engine::Status::ok() : completed.status();
        out.seq = completed.isOk() ? completed.value() : 0;
        break;
    }
    case EntryKind::Configure: {
        const std::vector<engine::AuditEntry>& log = room.engine().audit();
        const std::size_t before = log.size();
        out.status = room.engine().configure(c.now, c.operatorName, c.change);
        out.audit.assign(log.begin() + static_cast<std::ptrdiff_t>(before), log.end());
        out.auditEntries = log.size();
        break;
    }
    case EntryKind::Tick:
    case EntryKind::Leader:
    case EntryKind::Seen:
    case EntryKind::Difficulty: // the proof of work is not the room's: ReplicatedRoom applies it
        out.status =
            engine::Status::invalidArgument(std::string("not a change: ") + nameOf(c.kind));
        break;
    }
    return out;
}

} // namespace sluice::cluster
