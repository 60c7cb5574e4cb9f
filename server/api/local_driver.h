// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command_journal.h"
#include "room/waiting_room.h"
#include "room_driver.h"

namespace sluice::api {

// A standalone server's driver: changes run on this process's room as they arrive; the
// journal (when there is a store) makes them durable before they are answered.
class LocalDriver final : public RoomDriver {
public:
    LocalDriver(room::WaitingRoom& room, CommandJournal& journal)
        : m_room(room), m_journal(journal) {}

    std::optional<http::Response> run(cluster::LogEntry change, const http::Responder& responder,
                                      const Answer& answer) override;
    engine::Result<engine::TicketView> poll(engine::TimeMs now, std::string_view ticket,
                                            std::string_view device) override;
    void heartbeat(engine::TimeMs now) override;
    std::optional<http::Response> changeRefusal() const override {
        return m_journal.changeRefusal();
    }
    http::Response readiness() const override { return m_journal.readiness(); }

private:
    room::WaitingRoom& m_room;
    CommandJournal& m_journal;
};

} // namespace sluice::api
