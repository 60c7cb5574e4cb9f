// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"
#include "http_request.h"
#include "http_response.h"
#include "loop_busy.h"
#include "tls_session.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace sluice::http {

// What one connection may cost, and how long it may take. A connection holds at most its
// read-ahead (one read of 16 KiB, or an unfinished request within `limits`) and its unsent
// output (`maxQueuedOutput` plus the answer that crossed it; a stream up to
// `maxStreamBacklog`): a client that sends much and reads nothing cannot make it hold more.
struct ServerOptions {
    Limits limits;
    std::size_t maxConnections = 20'000; // beyond: 503 + Retry-After, then close
    int headTimeoutMs = 10'000;          // a started request must be whole by then (408)
    int idleTimeoutMs = 75'000;          // a keep-alive connection with nothing to do
    int retryAfterSeconds = 5;           // what an overloaded answer asks clients to wait
    // While more than this is unsent, a connection's further requests wait unread.
    std::size_t maxQueuedOutput = 32 * 1024;
    std::size_t maxStreamBacklog = 1 << 20; // a stream's reader this far behind is dropped
    // Output waiting and none of it taken by the client for this long: the client is not
    // reading; the connection is reset.
    int writeTimeoutMs = 30'000;
    // After an answer that closes the connection (a refusal above all): how long, and how
    // many bytes, to go on reading and dropping what the client still sends, so that the
    // answer is read rather than lost to a reset.
    int lingerMs = 2'000;
    std::size_t maxLingerBytes = 1 << 20;
};

class Server;

// A response whose body keeps coming (Server-Sent Events): the head went out without a
// length, each send() appends to the body, and the connection closes when the stream ends
// or the client goes. Loop thread only.
class Stream {
public:
    // False once the client is gone (or was too slow to read and was dropped).
    bool send(std::string_view data) const;
    void end() const;
    std::uint64_t connection() const { return m_connection; }

private:
    friend class Responder;
    Stream(Server* server, std::uint64_t connection) : m_server(server), m_connection(connection) {}
    Server* m_server;
    std::uint64_t m_connection;
};

// The way to answer one request, now or later (a join answers once its journal record is
// on disk). Must be used on the server's loop thread (from another thread: Server::post).
// Answering a connection that has gone away does nothing.
class Responder {
public:
    void send(Response response) const;
    // Answers with `head` (status, type, headers; no body) and keeps the connection for a
    // body that follows in pieces. To a HEAD request the head is the whole answer: the
    // stream's send() says false from the start.
    Stream startStream(Response head) const;
    std::uint64_t connection() const { return m_connection; }
    // The client's address ("203.0.113.7"), for rate limits and logs.
    const std::string& peer() const { return m_peer; }
    // The request came over TLS (Server::listenTls).
    bool secure() const { return m_secure; }

private:
    friend class Server;
    Responder(Server* server, std::uint64_t connection, std::string peer, bool secure)
        : m_server(server), m_connection(connection), m_peer(std::move(peer)), m_secure(secure) {}
    Server* m_server;
    std::uint64_t m_connection;
    std::string m_peer;
    bool m_secure;
};

using Handler = std::function<void(Request& request, const Responder& responder)>;

// A single-threaded HTTP/1.1 server on epoll (edge-triggered, non-blocking sockets): keep-
// alive, pipelining answered in order, bounded connections, heads, bodies and pending
// output, time-outs for slow or idle clients, and a 503 + Retry-After instead of a stall
// when full. The handler runs on the loop thread; a handler that answers later holds that
// connection's next requests until it does. Chosen over Qt HTTP Server and Boost.Beast by
// measurement (docs/benchmarks.md).
class Server {
public:
    // Binds and listens ("127.0.0.1", 0 picks a free port).
    static engine::Result<std::unique_ptr<Server>>
    listen(const std::string& host, std::uint16_t port, ServerOptions options, Handler handler);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    std::uint16_t port() const { return m_port; }
    // A second listening socket whose connections speak TLS (1.2 or later; OpenSSL), on the
    // same loop and handler. Returns the port bound. Before run(). OpenSSL writes to the
    // socket with write(): the process must ignore SIGPIPE.
    engine::Result<std::uint16_t> listenTls(const std::string& host, std::uint16_t port,
                                            const TlsFiles& files);
    // Runs the loop on the calling thread until stop().
    void run();
    // From any thread.
    void stop();
    // Runs `task` on the loop thread, soon. From any thread.
    void post(std::function<void()> task);
    // Called on the loop thread about 4 times a second (for 1 Hz work like engine ticks).
    void setHeartbeat(std::function<void()> heartbeat) { m_heartbeat = std::move(heartbeat); }

    struct Stats {
        std::uint64_t open = 0, accepted = 0, refusedFull = 0, requests = 0, badRequests = 0,
                      timedOut = 0, writeTimedOut = 0;
        LoopBusy::Histogram loopBusy; // how long the loop worked between waits
    };
    Stats stats() const; // loop thread

private:
    struct Connection;
    Server(int listenFd, int epollFd, int wakeFd, std::uint16_t port, ServerOptions options,
           Handler handler);
    void acceptAll(int listenFd, bool tls);
    // The socket, or the TLS session over it: bytes moved, 0 at end of stream, or -1 with
    // errno (EAGAIN when the TLS session waits for the socket either way).
    ssize_t readSome(Connection& c, char* buffer, std::size_t size);
    ssize_t writeSome(Connection& c, const char* data, std::size_t size);
    void onReadable(Connection& c, bool peerClosing);
    void onWritable(Connection& c);
    bool process(Connection& c);
    void pump(Connection& c);
    bool readMore(Connection& c);
    bool backedUp(const Connection& c) const;
    void answer(std::uint64_t id, Response response);
    void flush(Connection& c);
    void closeAfterAnswer(Connection& c);
    void drainLingering(Connection& c);
    void close(Connection& c);
    void reset(Connection& c);
    void sweep();
    void runPosted();
    bool streamSend(std::uint64_t id, std::string_view data);
    void streamEnd(std::uint64_t id);
    friend class Responder;
    friend class Stream;

    int m_listenFd;
    int m_tlsListenFd = -1;
    std::unique_ptr<TlsContext> m_tls; // the TLS listener's certificate and settings
    int m_epollFd;
    int m_wakeFd;
    std::uint16_t m_port;
    ServerOptions m_options;
    Handler m_handler;
    std::function<void()> m_heartbeat;
    std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> m_connections;
    std::vector<std::uint64_t> m_closing;
    std::uint64_t m_nextId = 1;
    std::atomic<bool> m_stop{false};
    std::mutex m_postedMutex;
    std::vector<std::function<void()>> m_posted;
    Stats m_stats;
    LoopBusy m_loopBusy;
};

} // namespace sluice::http
