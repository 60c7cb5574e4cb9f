// SPDX-License-Identifier: Apache-2.0
#include "tls_session.h"

#include <algorithm>
#include <cerrno>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <utility>

namespace sluice::http {
namespace {

engine::Status tlsStatus(const std::string& what) {
    char text[256] = "unknown error";
    if (const unsigned long code = ERR_get_error(); code != 0) {
        ERR_error_string_n(code, text, sizeof text);
    }
    ERR_clear_error();
    return engine::Status::invalidArgument(what + ": " + text);
}

SSL* ssl(void* session) {
    return static_cast<SSL*>(session);
}

// A failed SSL_read/SSL_write (SSL_get_error's `error`) told to the loop as errno.
ssize_t failure(int error) {
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
        errno = EAGAIN;
    } else {
        ERR_clear_error();
        errno = EPROTO; // a failed handshake (plain HTTP on the TLS port, a bad client)
    }
    return -1;
}

} // namespace

TlsSession::~TlsSession() {
    SSL_free(ssl(m_ssl));
}

ssize_t TlsSession::read(char* buffer, std::size_t size) {
    const int got =
        SSL_read(ssl(m_ssl), buffer, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
    if (got > 0) {
        return got;
    }
    const int error = SSL_get_error(ssl(m_ssl), got);
    if (error == SSL_ERROR_ZERO_RETURN) {
        return 0; // the peer closed the TLS session
    }
    return failure(error);
}

ssize_t TlsSession::write(const char* data, std::size_t size) {
    const int sent =
        SSL_write(ssl(m_ssl), data, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
    if (sent > 0) {
        return sent;
    }
    return failure(SSL_get_error(ssl(m_ssl), sent));
}

void TlsSession::shutdown() {
    SSL_shutdown(ssl(m_ssl));
    ERR_clear_error();
}

engine::Result<TlsContext> TlsContext::load(const TlsFiles& files) {
    SSL_CTX* context = SSL_CTX_new(TLS_server_method());
    if (context == nullptr) {
        return tlsStatus("TLS");
    }
    TlsContext owned(context);
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    // Answers are appended while a write waits for the socket, and a retried write may
    // start from a moved buffer; partial writes let the loop go on with other connections.
    SSL_CTX_set_mode(context, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                                  SSL_MODE_RELEASE_BUFFERS);
    if (SSL_CTX_use_certificate_chain_file(context, files.certificateChain.c_str()) != 1) {
        return tlsStatus("certificate " + files.certificateChain);
    }
    if (SSL_CTX_use_PrivateKey_file(context, files.privateKey.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(context) != 1) {
        return tlsStatus("private key " + files.privateKey);
    }
    return owned;
}

TlsContext::TlsContext(TlsContext&& other) noexcept
    : m_context(std::exchange(other.m_context, nullptr)) {}

TlsContext& TlsContext::operator=(TlsContext&& other) noexcept {
    if (this != &other) {
        SSL_CTX_free(static_cast<SSL_CTX*>(m_context));
        m_context = std::exchange(other.m_context, nullptr);
    }
    return *this;
}

TlsContext::~TlsContext() {
    SSL_CTX_free(static_cast<SSL_CTX*>(m_context)); // null: nothing
}

std::unique_ptr<TlsSession> TlsContext::accept(int fd) const {
    SSL* session = SSL_new(static_cast<SSL_CTX*>(m_context));
    if (session == nullptr || SSL_set_fd(session, fd) != 1) {
        ERR_clear_error();
        SSL_free(session); // null: nothing
        return nullptr;
    }
    SSL_set_accept_state(session); // the handshake runs inside the first reads
    return std::unique_ptr<TlsSession>(new TlsSession(session));
}

} // namespace sluice::http
