// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QList>

namespace sluice::ui {

// One Server-Sent Event: its type ("message" when the stream names none) and its data
// (several data lines joined with newlines).
struct SseEvent {
    QByteArray event;
    QByteArray data;
};

// Server-Sent Events, incrementally: bytes in as they arrive (split anywhere), whole events
// out. Lines end in LF, CRLF or CR; comments (":") and unknown fields are skipped; "retry"
// is ignored (the client keeps its own backoff). A line longer than maxLineBytes is a broken
// or hostile stream: feed() returns false and the connection should be dropped.
class SseParser {
public:
    explicit SseParser(qsizetype maxLineBytes = 1 << 20) : m_maxLine(maxLineBytes) {}
    bool feed(QByteArrayView bytes, QList<SseEvent>& out);
    void reset();

private:
    void line(QByteArrayView text, QList<SseEvent>& out);
    qsizetype m_maxLine;
    QByteArray m_partial;   // an unfinished line
    bool m_afterCr = false; // the last byte was CR: a following LF belongs to it
    QByteArray m_event;
    QByteArray m_data;
    bool m_hasData = false;
};

} // namespace sluice::ui
