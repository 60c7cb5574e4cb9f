// SPDX-License-Identifier: Apache-2.0
// A client that asks for much and reads nothing, for the tests of what the server does with
// it: a raw socket whose receive buffer is made small before connecting, so the window it
// offers stays small and the answers pile up on the server's side, not in this kernel.
#pragma once

#include <arpa/inet.h>
#include <cstdint>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace sluice::testing {

class SlowReader {
public:
    explicit SlowReader(std::uint16_t port) : m_fd(socket(AF_INET, SOCK_STREAM, 0)) {
        const int small = 4096;
        setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    }
    ~SlowReader() { ::close(m_fd); }
    SlowReader(const SlowReader&) = delete;
    SlowReader& operator=(const SlowReader&) = delete;

    bool connected() const { return m_connected; }
    // Sends all of `bytes` (blocking); false if the connection failed first.
    bool send(const std::string& bytes) {
        std::size_t sent = 0;
        while (sent < bytes.size()) {
            const ssize_t n = ::send(m_fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) {
                return false;
            }
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }
    // The server has closed or reset the connection: seen without reading what it sent.
    bool closedByServer() const {
        pollfd p{m_fd, POLLRDHUP, 0};
        return poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
    }

private:
    int m_fd;
    bool m_connected = false;
};

} // namespace sluice::testing
