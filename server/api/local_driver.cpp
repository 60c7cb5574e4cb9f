// SPDX-License-Identifier: Apache-2.0
#include "local_driver.h"

namespace sluice::api {
namespace {

using cluster::EntryKind;
using journal::Command;

// The journal record of a change as it ran here.
journal::JournalRecord recordOf(const cluster::LogEntry& change,
                                const cluster::ChangeOutcome& outcome) {
    Command command = Command::Join;
    switch (change.kind) {
    case EntryKind::Join:
        command = Command::Join;
        break;
    case EntryKind::Leave:
        command = Command::Leave;
        break;
    case EntryKind::Claim:
        command = Command::Claim;
        break;
    case EntryKind::Complete:
        command = Command::Complete;
        break;
    default:
        command = Command::Configure;
        break;
    }
    journal::JournalRecord r = commandRecord(command, outcome.seq, outcome.status.isOk());
    r.birthDate = change.birthDate;
    r.operatorName = change.operatorName;
    r.change = change.change;
    return r;
}

} // namespace

std::optional<http::Response> LocalDriver::run(cluster::LogEntry change, const http::Responder&,
                                               const Answer& answer) {
    const cluster::ChangeOutcome outcome = cluster::applyChange(m_room, change);
    // RoomApi::handle holds the answer until this record is durable.
    m_journal.record(recordOf(change, outcome), CommandJournal::Answer::WhenDurable);
    return answer(outcome);
}

engine::Result<engine::TicketView> LocalDriver::poll(engine::TimeMs now, std::string_view ticket,
                                                     std::string_view device) {
    auto view = m_room.status(now, ticket, device);
    // A poll is kept only when it abandoned someone; its answer need not wait for that.
    m_journal.record(commandRecord(Command::Poll, view.isOk() ? view.value().seq : 0, view.isOk()),
                     CommandJournal::Answer::Now);
    return view;
}

void LocalDriver::heartbeat(engine::TimeMs now) {
    m_room.engine().tick(now);
    m_journal.record(commandRecord(Command::Tick), CommandJournal::Answer::Now);
    m_journal.snapshotIfDue(now);
}

} // namespace sluice::api
