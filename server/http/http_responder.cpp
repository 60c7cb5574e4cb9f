// SPDX-License-Identifier: Apache-2.0
// Answering a request: at once, later (Responder), or in pieces (Stream).
#include "http_connection.h"

namespace sluice::http {

void Responder::send(Response response) const {
    m_server->answer(m_connection, std::move(response));
}

Stream Responder::startStream(Response head) const {
    const auto it = m_server->m_connections.find(m_connection);
    if (it != m_server->m_connections.end() && !it->second->dead && it->second->awaiting) {
        Server::Connection& c = *it->second;
        c.closeAfterWrite = true;
        c.out += serializeStreamHead(head);
        if (c.head) {
            c.awaiting = false; // HEAD: the head alone, and the answer ends there
        } else {
            c.streaming = true; // stays "awaiting": nothing else is read from this connection
        }
        if (!c.inHandler) {
            m_server->flush(c);
        }
    }
    return Stream(m_server, m_connection);
}

bool Stream::send(std::string_view data) const {
    return m_server->streamSend(m_connection, data);
}

void Stream::end() const {
    m_server->streamEnd(m_connection);
}

bool Server::streamSend(std::uint64_t id, std::string_view data) {
    const auto it = m_connections.find(id);
    if (it == m_connections.end() || it->second->dead || !it->second->streaming) {
        return false;
    }
    Connection& c = *it->second;
    if (c.out.size() - c.outOffset > m_options.maxStreamBacklog) {
        close(c); // a reader this far behind is not reading
        return false;
    }
    c.out.append(data);
    c.lastActivity = std::chrono::steady_clock::now();
    flush(c);
    return !c.dead;
}

void Server::streamEnd(std::uint64_t id) {
    const auto it = m_connections.find(id);
    if (it == m_connections.end() || it->second->dead || !it->second->streaming) {
        return;
    }
    Connection& c = *it->second;
    c.streaming = false;
    c.awaiting = false;
    flush(c); // closes once written (closeAfterWrite)
}

} // namespace sluice::http
