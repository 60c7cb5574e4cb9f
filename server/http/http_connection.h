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
    bool dead = false;
};

} // namespace sluice::http
