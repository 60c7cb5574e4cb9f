// SPDX-License-Identifier: Apache-2.0
#include "command_journal.h"

#include "api_answers.h"

namespace sluice::api {

journal::JournalRecord commandRecord(journal::Command command, engine::TicketSeq seq,
                                     bool succeeded) {
    journal::JournalRecord r;
    r.command = command;
    r.seq = seq;
    r.succeeded = succeeded;
    return r;
}

void CommandJournal::record(journal::JournalRecord record, Answer answer) {
    if (m_store == nullptr) {
        return;
    }
    if (auto kept = m_filter.keep(std::move(record), m_engine)) {
        const std::uint64_t lsn = m_store->append(*kept);
        if (answer == Answer::WhenDurable) {
            m_awaitLsn = lsn;
        }
    }
}

void CommandJournal::whenDurable(std::uint64_t lsn, std::function<void(bool durable)> then) {
    m_store->whenDurable(lsn, std::move(then));
}

std::optional<http::Response> CommandJournal::changeRefusal() const {
    if (m_store == nullptr || !m_store->behind()) {
        return std::nullopt;
    }
    http::Response busy = http::Response::error(
        503, m_store->failed() ? "this server cannot record changes (its disk failed); try "
                                 "another or come back later"
                               : "changes are arriving faster than they can be recorded; "
                                 "try again in a moment");
    busy.headers.push_back({"Retry-After", m_store->failed() ? "30" : "2"});
    return busy;
}

http::Response CommandJournal::readiness() const {
    // Ready to take changes: the journal keeps up (a load balancer sends joins elsewhere).
    if (m_store == nullptr || !m_store->behind()) {
        return statusOk();
    }
    return http::Response::error(503, m_store->failed() ? "journal failed" : "journal behind");
}

void CommandJournal::snapshotIfDue(engine::TimeMs now) {
    if (m_store != nullptr && m_store->snapshotDue(now)) {
        m_store->snapshot(m_engine, now);
    }
}

void CommandJournal::snapshotNow(engine::TimeMs now) {
    if (m_store != nullptr) {
        m_store->snapshot(m_engine, now);
    }
}

} // namespace sluice::api
