// SPDX-License-Identifier: Apache-2.0
#include "http_server.h"

#include "http_connection.h"
#include "listening_socket.h"

#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sluice::http {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint64_t kListenId = 0;
constexpr std::uint64_t kWakeId = ~std::uint64_t{0};
constexpr std::uint64_t kTlsListenId = kWakeId - 1;
constexpr int kSweepMs = 250;

engine::Status errnoStatus(const std::string& what) {
    return engine::Status::ioError(what + ": " + std::strerror(errno));
}

} // namespace

engine::Result<std::unique_ptr<Server>> Server::listen(const std::string& host, std::uint16_t port,
                                                       ServerOptions options, Handler handler) {
    auto listener = openListeningSocket(host, port);
    if (!listener.isOk()) {
        return listener.status();
    }
    const int fd = listener->fd;
    const std::uint16_t actual = listener->port;
    const int epollFd = epoll_create1(EPOLL_CLOEXEC);
    const int wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epollFd < 0 || wakeFd < 0) {
        ::close(fd);
        return errnoStatus("epoll");
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLET;
    ev.data.u64 = kListenId;
    epoll_ctl(epollFd, EPOLL_CTL_ADD, fd, &ev);
    ev.data.u64 = kWakeId;
    epoll_ctl(epollFd, EPOLL_CTL_ADD, wakeFd, &ev);
    return std::unique_ptr<Server>(
        new Server(fd, epollFd, wakeFd, actual, options, std::move(handler)));
}

Server::Server(int listenFd, int epollFd, int wakeFd, std::uint16_t port, ServerOptions options,
               Handler handler)
    : m_listenFd(listenFd), m_epollFd(epollFd), m_wakeFd(wakeFd), m_port(port), m_options(options),
      m_handler(std::move(handler)) {}

Server::~Server() {
    for (auto& [id, c] : m_connections) {
        c->tls.reset();
        ::close(c->fd);
    }
    if (m_tlsListenFd >= 0) {
        ::close(m_tlsListenFd);
    }
    ::close(m_listenFd);
    ::close(m_epollFd);
    ::close(m_wakeFd);
}

void Server::stop() {
    m_stop = true;
    const std::uint64_t one = 1;
    (void)!write(m_wakeFd, &one, sizeof one);
}

void Server::post(std::function<void()> task) {
    bool first = false;
    {
        std::lock_guard lock(m_postedMutex);
        first = m_posted.empty();
        m_posted.push_back(std::move(task));
    }
    // Only the first task since the loop last took them wakes it: the loop reads the eventfd
    // before it takes the tasks, so whatever is queued behind the first goes with it (a
    // cluster node's log threads post for every batch, often while the loop is busy).
    if (first) {
        const std::uint64_t one = 1;
        (void)!write(m_wakeFd, &one, sizeof one);
    }
}

void Server::runPosted() {
    std::uint64_t count = 0;
    (void)!read(m_wakeFd, &count, sizeof count); // before the swap (see post)
    std::vector<std::function<void()>> tasks;
    {
        std::lock_guard lock(m_postedMutex);
        tasks.swap(m_posted);
    }
    for (auto& task : tasks) {
        task();
    }
}

void Server::run() {
    std::vector<epoll_event> events(256);
    auto nextSweep = Clock::now();
    while (!m_stop) {
        const int n =
            epoll_wait(m_epollFd, events.data(), static_cast<int>(events.size()), kSweepMs);
        const auto busyFrom = Clock::now();
        for (int i = 0; i < n; ++i) {
            const epoll_event& ev = events[static_cast<std::size_t>(i)];
            if (ev.data.u64 == kListenId || ev.data.u64 == kTlsListenId) {
                acceptAll(ev.data.u64 == kListenId ? m_listenFd : m_tlsListenFd,
                          ev.data.u64 == kTlsListenId);
                continue;
            }
            if (ev.data.u64 == kWakeId) {
                runPosted();
                continue;
            }
            const auto it = m_connections.find(ev.data.u64);
            if (it == m_connections.end() || it->second->dead) {
                continue;
            }
            Connection& c = *it->second;
            if ((ev.events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0) {
                onReadable(c, (ev.events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0);
            }
            if ((ev.events & EPOLLOUT) != 0 && !c.dead) {
                onWritable(c);
            }
        }
        if (Clock::now() >= nextSweep) {
            nextSweep = Clock::now() + std::chrono::milliseconds(kSweepMs);
            sweep();
            if (m_heartbeat) {
                m_heartbeat();
            }
        }
        for (const std::uint64_t id : m_closing) {
            m_connections.erase(id);
        }
        m_closing.clear();
        m_loopBusy.record(Clock::now() - busyFrom);
    }
}

Server::Stats Server::stats() const {
    Stats s = m_stats;
    s.loopBusy = m_loopBusy.histogram();
    return s;
}

engine::Result<std::uint16_t> Server::listenTls(const std::string& host, std::uint16_t port,
                                                const TlsFiles& files) {
    if (m_tls) {
        return engine::Status::failedPrecondition("a TLS listener is already open");
    }
    auto context = TlsContext::load(files);
    if (!context.isOk()) {
        return context.status();
    }
    auto listener = openListeningSocket(host, port);
    if (!listener.isOk()) {
        return listener.status();
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLET;
    ev.data.u64 = kTlsListenId;
    epoll_ctl(m_epollFd, EPOLL_CTL_ADD, listener->fd, &ev);
    m_tlsListenFd = listener->fd;
    m_tls = std::make_unique<TlsContext>(std::move(context).value());
    return listener->port;
}

void Server::acceptAll(int listenFd, bool tls) {
    while (true) {
        sockaddr_storage addr{};
        socklen_t length = sizeof addr;
        const int fd = accept4(listenFd, reinterpret_cast<sockaddr*>(&addr), &length,
                               SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            // EAGAIN: all taken. EMFILE/ENFILE: out of descriptors; the kernel keeps the rest
            // in the backlog and the next accept tries again.
            return;
        }
        if (m_connections.size() >= m_options.maxConnections) {
            ++m_stats.refusedFull;
            Response full = Response::error(503, "the server is full; try again shortly");
            full.headers.push_back({"Retry-After", std::to_string(m_options.retryAfterSeconds)});
            const std::string bytes = serialize(full, false);
            if (!tls) { // a TLS client would not read a plain answer
                (void)!write(fd, bytes.data(), bytes.size()); // best effort: a fresh socket
            }
            ::close(fd);
            continue;
        }
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        auto c = std::make_unique<Connection>();
        c->fd = fd;
        c->id = m_nextId++;
        c->peer = peerAddress(addr);
        c->parser = RequestParser(m_options.limits);
        c->lastActivity = Clock::now();
        if (tls) {
            c->tls = m_tls->accept(fd); // the handshake runs inside the first reads
            if (!c->tls) {
                ::close(fd);
                continue;
            }
        }
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
        ev.data.u64 = c->id;
        if (epoll_ctl(m_epollFd, EPOLL_CTL_ADD, fd, &ev) != 0) {
            c->tls.reset();
            ::close(fd);
            continue;
        }
        ++m_stats.accepted;
        ++m_stats.open;
        m_connections.emplace(c->id, std::move(c));
    }
}

void Server::onReadable(Connection& c, bool peerClosing) {
    c.socketDrained = false; // an edge: there is something to read
    c.peerClosing = c.peerClosing || peerClosing;
    if (c.lingering) {
        drainLingering(c);
        return;
    }
    pump(c);
}

void Server::onWritable(Connection& c) {
    if (c.lingering) {
        return; // nothing more to write
    }
    if (c.tls) {
        // A TLS read (the handshake, above all) may have waited for room to write.
        c.socketDrained = false;
    }
    pump(c);
}

bool Server::backedUp(const Connection& c) const {
    return c.out.size() - c.outOffset >= m_options.maxQueuedOutput;
}

// Answers what can be answered, writes it, and reads more while the connection may take
// more: until the socket is empty, or the client has too much unread (then EPOLLOUT, when
// the client reads, comes back here), or a handler has not answered yet (then its answer
// does). Requests held back by unread output go on as soon as writing made room (the socket
// may take a big answer whole, and then no EPOLLOUT edge would ever come to continue).
void Server::pump(Connection& c) {
    for (;;) {
        const bool heldBack = process(c);
        flush(c);
        if (c.dead || c.lingering) {
            return;
        }
        if (heldBack && !backedUp(c)) {
            continue;
        }
        if (!readMore(c)) {
            return;
        }
    }
}

// Handles the whole requests received, in order, while nothing is awaited and the unsent
// output is under its bound. True when it stopped with input left because of that bound.
bool Server::process(Connection& c) {
    while (!c.dead && !c.awaiting && !c.closeAfterWrite && !c.in.empty()) {
        if (backedUp(c)) {
            return true;
        }
        const RequestParser::State state = c.parser.parse(c.in);
        if (state == RequestParser::State::NeedMore) {
            return false;
        }
        if (state == RequestParser::State::Error) {
            ++m_stats.badRequests;
            Response refusal = Response::error(c.parser.error().status, c.parser.error().message);
            refusal.close = true;
            c.out += serialize(refusal, false);
            c.closeAfterWrite = true;
            c.in.clear();
            return false;
        }
        ++m_stats.requests;
        Request request = std::move(c.parser.request());
        c.in.erase(0, c.parser.consumed());
        c.requestStarted = Clock::now();
        c.awaiting = true;
        c.head = request.method == "HEAD";
        c.inHandler = true;
        if (!request.keepAlive) {
            c.closeAfterWrite = true; // after this answer; nothing more is read
        }
        m_handler(request, Responder(this, c.id, c.peer, c.tls != nullptr));
        c.inHandler = false;
    }
    return false;
}

void Server::answer(std::uint64_t id, Response response) {
    const auto it = m_connections.find(id);
    if (it == m_connections.end() || it->second->dead || !it->second->awaiting) {
        return;
    }
    Connection& c = *it->second;
    c.awaiting = false;
    if (response.close) {
        c.closeAfterWrite = true;
    }
    const std::size_t bodySize = response.body.size();
    c.out += serialize(response, !c.closeAfterWrite);
    if (c.head) {
        c.out.resize(c.out.size() - bodySize); // HEAD: the same head, no body
    }
    c.lastActivity = Clock::now();
    if (!c.inHandler) { // answered later: go on with what the client sent meanwhile
        pump(c);
    }
}

// Slow clients: a request whose head and body do not arrive within the head time-out gets a
// 408 and the connection closes; an idle keep-alive connection closes quietly; one whose
// client has taken none of its output for the write time-out is reset (it is not reading,
// and what it asked for must not stay here); a lingering close ends at its deadline.
void Server::sweep() {
    const auto now = Clock::now();
    const auto headLimit = std::chrono::milliseconds(m_options.headTimeoutMs);
    const auto idleLimit = std::chrono::milliseconds(m_options.idleTimeoutMs);
    const auto writeLimit = std::chrono::milliseconds(m_options.writeTimeoutMs);
    for (auto& [id, conn] : m_connections) {
        Connection& c = *conn;
        if (c.dead) {
            continue;
        }
        if (c.lingering) {
            if (now >= c.lingerUntil) {
                close(c);
            }
            continue;
        }
        if (c.writeBlocked && now - c.writeBlockedSince > writeLimit) {
            ++m_stats.writeTimedOut;
            reset(c);
            continue;
        }
        if (c.awaiting || c.outOffset < c.out.size()) {
            continue;
        }
        if (!c.in.empty() && now - c.requestStarted > headLimit) {
            ++m_stats.timedOut;
            Response late = Response::error(408, "the request did not arrive in time");
            late.close = true;
            c.out += serialize(late, false);
            c.closeAfterWrite = true;
            c.in.clear();
            flush(c);
        } else if (c.in.empty() && now - c.lastActivity > idleLimit) {
            close(c);
        }
    }
}

} // namespace sluice::http
