// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"

#include <cstdint>
#include <string>
#include <sys/socket.h>

namespace sluice::http {

struct ListeningSocket {
    int fd = -1;            // non-blocking, close-on-exec; the caller closes it
    std::uint16_t port = 0; // the port bound (the one picked, when 0 was asked)
};

// Binds and listens on host:port, a numeric address ("127.0.0.1", "::"; empty: any) and
// port (0: any free one).
engine::Result<ListeningSocket> openListeningSocket(const std::string& host, std::uint16_t port);

// The client's address as text ("203.0.113.7", "::1"; "?" for other families).
std::string peerAddress(const sockaddr_storage& addr);

} // namespace sluice::http
