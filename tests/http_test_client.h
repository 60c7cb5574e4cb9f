// SPDX-License-Identifier: Apache-2.0
// A blocking HTTP/1.1 test client on a real TCP socket, for the server tests.
#pragma once

#include <arpa/inet.h>
#include <cstdint>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace sluice::testing {

// A blocking test client on a real TCP socket.
class Client {
public:
    explicit Client(std::uint16_t port) : m_fd(socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    }
    virtual ~Client() { ::close(m_fd); }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;
    bool connected() const { return m_connected; }
    virtual void send(const std::string& bytes) {
        (void)!::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    }
    // One whole response (head + Content-Length body), or "" on time-out / close.
    std::string response(int timeoutMs = 5000) { return take(timeoutMs, true); }
    // The answer to a HEAD request: the head alone (its Content-Length names the body a GET
    // would get, which is not sent), or "" on time-out / close.
    std::string headResponse(int timeoutMs = 5000) { return take(timeoutMs, false); }
    // Everything received so far, after waiting until `needle` has arrived `count` times
    // (for streamed answers, which have no length).
    const std::string& receivedUntil(const std::string& needle, int count, int timeoutMs = 5000) {
        const auto seen = [&] {
            int n = 0;
            for (std::size_t at = m_buffer.find(needle); at != std::string::npos;
                 at = m_buffer.find(needle, at + needle.size())) {
                ++n;
            }
            return n;
        };
        while (seen() < count && fill(timeoutMs)) {
        }
        return m_buffer;
    }
    // True when the server closed the connection (read returns 0) within the time.
    bool closedByServer(int timeoutMs = 5000) {
        while (fill(timeoutMs)) {
        }
        return m_eof;
    }

protected:
    // The transport underneath (TlsClient: a TLS session over the same socket).
    virtual ssize_t readBytes(char* buffer, std::size_t size) { return read(m_fd, buffer, size); }
    virtual bool buffered() const { return false; } // bytes received but not yet read
    int fd() const { return m_fd; }
    void setConnected(bool connected) { m_connected = connected; }

private:
    std::string take(int timeoutMs, bool withBody) {
        while (true) {
            const std::size_t headEnd = m_buffer.find("\r\n\r\n");
            if (headEnd != std::string::npos) {
                std::size_t length = 0;
                const std::size_t cl = m_buffer.find("Content-Length: ");
                if (withBody && cl != std::string::npos && cl < headEnd) {
                    length = std::stoul(m_buffer.substr(cl + 16));
                }
                if (m_buffer.size() >= headEnd + 4 + length) {
                    std::string one = m_buffer.substr(0, headEnd + 4 + length);
                    m_buffer.erase(0, one.size());
                    return one;
                }
            }
            if (!fill(timeoutMs)) {
                return {};
            }
        }
    }

    bool fill(int timeoutMs) {
        pollfd p{m_fd, POLLIN, 0};
        if (!buffered() && poll(&p, 1, timeoutMs) <= 0) {
            return false;
        }
        char buf[65536];
        const ssize_t got = readBytes(buf, sizeof buf);
        if (got <= 0) {
            m_eof = true;
            return false;
        }
        m_buffer.append(buf, static_cast<std::size_t>(got));
        return true;
    }
    int m_fd;
    bool m_connected = false;
    bool m_eof = false;
    std::string m_buffer;
};

inline int statusOf(const std::string& response) {
    return response.size() > 12 ? std::stoi(response.substr(9, 3)) : 0;
}

inline std::string bodyOf(const std::string& response) {
    const std::size_t head = response.find("\r\n\r\n");
    return head == std::string::npos ? std::string() : response.substr(head + 4);
}

// The value of a response header ("" when absent); names as the server writes them.
inline std::string headerOf(const std::string& response, const std::string& name) {
    const std::size_t at = response.find("\r\n" + name + ": ");
    if (at == std::string::npos) {
        return {};
    }
    const std::size_t start = at + name.size() + 4;
    return response.substr(start, response.find("\r\n", start) - start);
}

} // namespace sluice::testing
