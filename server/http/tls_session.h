// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"

#include <cstddef>
#include <memory>
#include <string>
#include <sys/types.h>

namespace sluice::http {

// A certificate chain and its private key, PEM files, for a TLS listener.
struct TlsFiles {
    std::string certificateChain;
    std::string privateKey;
};

// One TLS connection's session over a non-blocking socket (OpenSSL, kept out of this
// header). The handshake runs inside the first reads. Loop thread only. The socket stays
// the caller's: the session never closes it.
class TlsSession {
public:
    ~TlsSession();
    TlsSession(const TlsSession&) = delete;
    TlsSession& operator=(const TlsSession&) = delete;

    // Like read(2)/send(2) on the socket: bytes moved, 0 at the end of the session (read),
    // or -1 with errno: EAGAIN when the session waits for the socket either way (a read may
    // need to write during the handshake, and the other way round), EPROTO when the session
    // failed (a bad handshake: plain HTTP on the TLS port, a broken client).
    ssize_t read(char* buffer, std::size_t size);
    ssize_t write(const char* data, std::size_t size);
    // Best effort: one close_notify, no waiting for the peer's.
    void shutdown();

private:
    friend class TlsContext;
    explicit TlsSession(void* ssl) : m_ssl(ssl) {}
    void* m_ssl; // SSL
};

// The server side of TLS 1.2 or later with one certificate chain and key. OpenSSL writes to
// the socket with write(): the process must ignore SIGPIPE.
class TlsContext {
public:
    // Reads and checks the certificate chain and the key; the error names the file at fault.
    static engine::Result<TlsContext> load(const TlsFiles& files);
    TlsContext(TlsContext&& other) noexcept;
    TlsContext& operator=(TlsContext&& other) noexcept;
    ~TlsContext();

    // A session for a freshly accepted socket, or null when OpenSSL could not make one.
    std::unique_ptr<TlsSession> accept(int fd) const;

private:
    explicit TlsContext(void* context) : m_context(context) {}
    void* m_context; // SSL_CTX
};

} // namespace sluice::http
