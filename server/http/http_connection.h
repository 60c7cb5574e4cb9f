// SPDX-License-Identifier: Apache-2.0
// Inside the HTTP server: one client connection's state. Loop thread only.
#pragma once

#include "http_server.h"

#include <chrono>
#include <memory>
#include <string>

namespace sluice::http {

struct Server::Connection {
    int fd = -1;
    std::unique_ptr<TlsSession> tls; // a TLS connection's session
    std::uint64_t id = 0;
    std::string peer;
    std::string in;
    std::string out;
    std::size_t outOffset = 0;
    RequestParser parser;
    std::chrono::steady_clock::time_point lastActivity;
    std::chrono::steady_clock::time_point
        requestStarted;     // first byte of the request being received
    bool awaiting = false;  // the handler has not answered yet
    bool streaming = false; // answered with a stream: the body keeps coming
    bool head = false;      // the request being answered is a HEAD
    bool inHandler = false;
    bool closeAfterWrite = false;
    bool readClosed = false;
    // The last read emptied the socket: the next byte raises a new edge. Until then, reading
    // goes on from wherever it stopped (a bound on queued output or read-ahead).
    bool socketDrained = false;
    bool peerClosing = false; // its end of file is coming: read until it is seen
    // Output is waiting for the client to take it, with no progress since writeBlockedSince.
    bool writeBlocked = false;
    std::chrono::steady_clock::time_point writeBlockedSince;
    // Answered and shut down for writing: what still comes is read and dropped until the
    // client closes, lingerUntil passes or lingerBytes reach the bound.
    bool lingering = false;
    std::chrono::steady_clock::time_point lingerUntil;
    std::size_t lingerBytes = 0;
    bool dead = false;
};

} // namespace sluice::http
