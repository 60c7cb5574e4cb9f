// SPDX-License-Identifier: Apache-2.0
// Moving bytes on one connection's socket: reading within its bounds, writing what is
// queued, and the ways a connection ends (lingering after an answer, closed, reset).
#include "http_connection.h"

#include <cerrno>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sluice::http {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kReadBytes = 16384;
// A connection that waits (for its handler's answer, or for its client to read) reads no
// further once this much input is waiting: the rest stays in the kernel's buffer.
constexpr std::size_t kMaxReadAhead = kReadBytes;
// Buffers grown past this by a big request or answer are given back once empty, so a
// connection does not keep the largest thing it ever carried.
constexpr std::size_t kKeptCapacity = 64 * 1024;

void releaseIfLarge(std::string& buffer) {
    if (buffer.empty() && buffer.capacity() > kKeptCapacity) {
        std::string().swap(buffer);
    }
}

} // namespace

ssize_t Server::readSome(Connection& c, char* buffer, std::size_t size) {
    return c.tls ? c.tls->read(buffer, size) : read(c.fd, buffer, size);
}

ssize_t Server::writeSome(Connection& c, const char* data, std::size_t size) {
    return c.tls ? c.tls->write(data, size) : ::send(c.fd, data, size, MSG_NOSIGNAL);
}

// One read, if the connection may take more input now. True when something happened that
// is worth processing (bytes, or the end of the client's input).
bool Server::readMore(Connection& c) {
    if (c.socketDrained || c.readClosed || c.closeAfterWrite) {
        return false;
    }
    // Waiting connections read ahead a little (to see the client's end of file early) and
    // no more; otherwise the input holds at most an unfinished request, which the parser
    // bounds.
    if ((c.awaiting || backedUp(c)) && c.in.size() >= kMaxReadAhead) {
        return false;
    }
    char buffer[kReadBytes];
    for (;;) {
        const ssize_t got = readSome(c, buffer, sizeof buffer);
        if (got > 0) {
            if (c.in.empty()) {
                c.requestStarted = Clock::now();
            }
            c.in.append(buffer, static_cast<std::size_t>(got));
            c.lastActivity = Clock::now();
            // A short read emptied the socket: the next byte raises a new edge, so the read
            // that would only say EAGAIN is saved (a third of the syscalls of a small poll).
            // Not when the peer is closing: its end-of-file must still be read. Not over TLS
            // either: a session hands out one record at a time.
            if (static_cast<std::size_t>(got) < sizeof buffer && !c.peerClosing && !c.tls) {
                c.socketDrained = true;
            }
            return true;
        }
        if (got == 0) {
            c.readClosed = true;
            c.socketDrained = true;
            return true;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            c.socketDrained = true;
            return false;
        }
        close(c);
        return false;
    }
}

void Server::flush(Connection& c) {
    const std::size_t before = c.outOffset;
    while (c.outOffset < c.out.size()) {
        const ssize_t sent = writeSome(c, c.out.data() + c.outOffset, c.out.size() - c.outOffset);
        if (sent > 0) {
            c.outOffset += static_cast<std::size_t>(sent);
            continue;
        }
        if (sent < 0 && errno == EINTR) {
            continue;
        }
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            // EPOLLOUT will say when there is room. The write time-out runs from the last
            // time the client took anything.
            if (!c.writeBlocked || c.outOffset != before) {
                c.writeBlocked = true;
                c.writeBlockedSince = Clock::now();
            }
            if (c.outOffset >= kKeptCapacity) { // what was sent need not be kept
                c.out.erase(0, c.outOffset);
                c.outOffset = 0;
            }
            return;
        }
        close(c);
        return;
    }
    c.writeBlocked = false;
    c.out.clear();
    c.outOffset = 0;
    releaseIfLarge(c.out);
    releaseIfLarge(c.in);
    if (c.awaiting) {
        return;
    }
    if (c.closeAfterWrite) {
        closeAfterAnswer(c);
    } else if (c.readClosed && c.in.empty()) {
        close(c);
    }
}

// Closing right after a refusal loses it: the client is often still sending (the rest of a
// 200 KB head, a body), and a socket closed with unread input is reset, which makes the
// client's kernel drop the answer it had not yet read. So: stop writing (the client sees the
// end of the answer), read and drop what still comes, close when the client does or at the
// bound.
void Server::closeAfterAnswer(Connection& c) {
    if (c.readClosed) {
        close(c);
        return;
    }
    if (c.tls) {
        c.tls->shutdown();
        c.tls.reset();
    }
    ::shutdown(c.fd, SHUT_WR);
    c.lingering = true;
    c.lingerUntil = Clock::now() + std::chrono::milliseconds(m_options.lingerMs);
    c.in.clear();
    releaseIfLarge(c.in);
    drainLingering(c);
}

void Server::drainLingering(Connection& c) {
    char buffer[kReadBytes];
    for (;;) {
        const ssize_t got = read(c.fd, buffer, sizeof buffer); // TLS records too: dropped
        if (got > 0) {
            c.lingerBytes += static_cast<std::size_t>(got);
            if (c.lingerBytes > m_options.maxLingerBytes) {
                close(c);
                return;
            }
            continue;
        }
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return; // more may come; the sweep ends it at lingerUntil
        }
        close(c); // the client closed too (or the socket failed)
        return;
    }
}

void Server::close(Connection& c) {
    if (c.dead) {
        return;
    }
    c.dead = true;
    epoll_ctl(m_epollFd, EPOLL_CTL_DEL, c.fd, nullptr);
    if (c.tls) {
        c.tls->shutdown();
        c.tls.reset();
    }
    ::close(c.fd);
    --m_stats.open;
    m_closing.push_back(c.id);
}

// For a client that takes nothing: a reset frees what the kernel still holds for it too (a
// plain close would keep trying to deliver the unsent output).
void Server::reset(Connection& c) {
    const ::linger abortive{1, 0};
    setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    c.tls.reset(); // no close_notify: it could not be sent either
    close(c);
}

} // namespace sluice::http
