// SPDX-License-Identifier: Apache-2.0
#include "journal_record.h"

#include "engine/byte_io.h"
#include "engine/event_config_codec.h"

namespace sluice::journal {

using engine::ByteReader;
using engine::ByteWriter;
using engine::Result;
using engine::Status;

std::optional<JournalRecord> JournalFilter::keep(JournalRecord r, engine::QueueEngine& engine) {
    const std::vector<engine::TicketSeq> idle = engine.takeAbandoned();
    m_carried.insert(m_carried.end(), idle.begin(), idle.end());
    if (!r.succeeded || (r.command == Command::Poll && m_carried.empty())) {
        return std::nullopt;
    }
    r.now = engine.lastNow();
    r.idle.swap(m_carried);
    m_carried.clear();
    return r;
}

std::string encodeRecord(const JournalRecord& r) {
    ByteWriter out;
    out.u8(static_cast<std::uint8_t>(r.command));
    out.i64(r.now);
    out.u32(r.seq);
    out.u8(r.succeeded ? 1 : 0);
    if (r.command == Command::Join) {
        out.u8(r.birthDate ? 1 : 0);
        out.i64(r.birthDate.value_or(0));
    } else if (r.command == Command::Configure) {
        out.text(r.operatorName);
        engine::writeChange(out, r.change);
    }
    out.u64(r.idle.size());
    for (engine::TicketSeq seq : r.idle) {
        out.u32(seq);
    }
    return out.take();
}

Result<JournalRecord> decodeRecord(std::string_view bytes) {
    ByteReader in(bytes);
    JournalRecord r;
    const std::uint8_t command = in.u8();
    if (command < static_cast<std::uint8_t>(Command::Join) ||
        command > static_cast<std::uint8_t>(Command::Configure)) {
        return Status::invalidArgument("journal record: unknown command " +
                                       std::to_string(command));
    }
    r.command = static_cast<Command>(command);
    r.now = in.i64();
    r.seq = in.u32();
    r.succeeded = in.u8() != 0;
    if (r.command == Command::Join) {
        const bool hasDate = in.u8() != 0;
        const auto date = static_cast<int>(in.i64());
        if (hasDate) {
            r.birthDate = date;
        }
    } else if (r.command == Command::Configure) {
        r.operatorName = in.text(engine::kMaxOperatorNameBytes * 4);
        r.change = engine::readChange(in);
    }
    const std::uint64_t idle = in.count(4);
    r.idle.reserve(idle);
    for (std::uint64_t i = 0; in.ok() && i < idle; ++i) {
        r.idle.push_back(in.u32());
    }
    if (!in.ok() || !in.atEnd()) {
        return Status::invalidArgument("journal record: cut short or garbled");
    }
    return r;
}

Status replayRecord(engine::QueueEngine& engine, const JournalRecord& r) {
    engine.setReplayIdle(&r.idle);
    bool ok = true;
    engine::TicketSeq created = 0;
    switch (r.command) {
    case Command::Join: {
        auto view = engine.join(r.now, r.birthDate);
        ok = view.isOk();
        created = ok ? view->seq : 0;
        break;
    }
    case Command::Poll:
        ok = engine.hasTicket(r.seq) && engine.poll(r.now, r.seq).isOk();
        break;
    case Command::Leave:
        ok = engine.hasTicket(r.seq) && engine.leave(r.now, r.seq).isOk();
        break;
    case Command::Claim:
        ok = engine.hasTicket(r.seq) && engine.claim(r.now, r.seq).isOk();
        break;
    case Command::Complete:
        ok = engine.hasTicket(r.seq) && engine.complete(r.now, r.seq).isOk();
        break;
    case Command::Tick:
        engine.tick(r.now);
        break;
    case Command::Configure:
        ok = engine.configure(r.now, r.operatorName, r.change).isOk();
        break;
    }
    engine.setReplayIdle(nullptr);
    if (ok != r.succeeded || (r.command == Command::Join && ok && created != r.seq)) {
        return Status::failedPrecondition(
            "journal record does not replay: the engine came to a different outcome");
    }
    return Status::ok();
}

} // namespace sluice::journal
