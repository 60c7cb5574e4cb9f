// SPDX-License-Identifier: Apache-2.0
#include "sse_parser.h"

namespace sluice::ui {

bool SseParser::feed(QByteArrayView bytes, QList<SseEvent>& out) {
    qsizetype start = 0;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c != '\n' && c != '\r') {
            m_afterCr = false;
            continue;
        }
        if (c == '\n' && m_afterCr && i == start && m_partial.isEmpty()) {
            // The LF of a CRLF whose CR ended the previous line.
            m_afterCr = false;
            start = i + 1;
            continue;
        }
        m_partial += bytes.sliced(start, i - start);
        line(m_partial, out);
        m_partial.clear();
        m_afterCr = c == '\r';
        start = i + 1;
    }
    m_partial += bytes.sliced(start);
    return m_partial.size() <= m_maxLine && m_data.size() <= m_maxLine;
}

void SseParser::line(QByteArrayView text, QList<SseEvent>& out) {
    if (text.isEmpty()) { // a blank line dispatches the event
        if (m_hasData) {
            out.append(SseEvent{m_event.isEmpty() ? QByteArray("message") : m_event, m_data});
        }
        m_event.clear();
        m_data.clear();
        m_hasData = false;
        return;
    }
    if (text.front() == ':') {
        return; // a comment (keep-alive)
    }
    const qsizetype colon = text.indexOf(':');
    const QByteArrayView field = colon < 0 ? text : text.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : text.sliced(colon + 1);
    if (value.startsWith(' ')) {
        value = value.sliced(1);
    }
    if (field == "event") {
        m_event = value.toByteArray();
    } else if (field == "data") {
        if (m_hasData) {
            m_data += '\n';
        }
        m_data += value;
        m_hasData = true;
    }
}

void SseParser::reset() {
    m_partial.clear();
    m_afterCr = false;
    m_event.clear();
    m_data.clear();
    m_hasData = false;
}

} // namespace sluice::ui
