// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/queue_engine.h"

#include <optional>
#include <string>
#include <vector>

namespace sluice::journal {

// The engine commands the journal keeps. Polls are soft state and are kept only when they
// abandoned someone (see QueueEngine::takeAbandoned).
enum class Command : std::uint8_t { Join = 1, Poll, Leave, Claim, Complete, Tick, Configure };

// One command as the live engine ran it: when (the engine's own time after the command, so
// a replay sees time exactly as the live engine did), on which ticket, whether it succeeded,
// and whom it found idle and abandoned.
struct JournalRecord {
    Command command = Command::Tick;
    engine::TimeMs now = 0;
    engine::TicketSeq seq = 0;    // the ticket (for Join: the one it created)
    bool succeeded = true;        // a replay must come to the same outcome
    std::optional<int> birthDate; // Join
    std::string operatorName;     // Configure
    engine::ConfigChange change;  // Configure
    std::vector<engine::TicketSeq> idle;
};

// Which commands go into the journal, with which abandonments. A command the engine refused
// changed nothing and is not kept, but whomever it found idle was abandoned all the same:
// the next kept command carries them (its replay passes the same moment, so the same
// people are found idle). A poll is kept only when it, or a refused command before it,
// abandoned someone.
class JournalFilter {
public:
    // `r` as the engine just ran it (command, seq, succeeded, arguments); fills in the time
    // and abandonments from `engine`, which must record abandonments.
    std::optional<JournalRecord> keep(JournalRecord r, engine::QueueEngine& engine);

private:
    std::vector<engine::TicketSeq> m_carried;
};

std::string encodeRecord(const JournalRecord& r);
engine::Result<JournalRecord> decodeRecord(std::string_view bytes);

// Runs the record's command on `engine` with its recorded abandonments. Fails (and the
// recovery must stop) when the engine does not come to the recorded outcome: the journal
// and the snapshot beneath it do not belong together.
engine::Status replayRecord(engine::QueueEngine& engine, const JournalRecord& r);

} // namespace sluice::journal
