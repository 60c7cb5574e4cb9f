// SPDX-License-Identifier: Apache-2.0
// The test client over TLS (OpenSSL), verifying the server's certificate against a given
// CA file and the address 127.0.0.1; and a self-signed certificate for a test server.
#pragma once

#include "http_test_client.h"

#include <QProcess>
#include <QString>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace sluice::testing {

class TlsClient : public Client {
public:
    TlsClient(std::uint16_t port, const std::string& caFile) : Client(port) {
        m_context = SSL_CTX_new(TLS_client_method());
        if (!connected() || m_context == nullptr ||
            SSL_CTX_load_verify_locations(m_context, caFile.c_str(), nullptr) != 1) {
            setConnected(false);
            return;
        }
        SSL_CTX_set_verify(m_context, SSL_VERIFY_PEER, nullptr);
        m_ssl = SSL_new(m_context);
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(m_ssl), "127.0.0.1");
        SSL_set_fd(m_ssl, fd());
        // Blocking socket: the handshake completes (or fails) here.
        setConnected(SSL_connect(m_ssl) == 1);
    }
    ~TlsClient() override {
        if (m_ssl != nullptr) {
            SSL_free(m_ssl);
        }
        SSL_CTX_free(m_context);
    }
    void send(const std::string& bytes) override {
        if (m_ssl != nullptr) {
            (void)SSL_write(m_ssl, bytes.data(), static_cast<int>(bytes.size()));
        }
    }

protected:
    ssize_t readBytes(char* buffer, std::size_t size) override {
        return m_ssl == nullptr ? -1 : SSL_read(m_ssl, buffer, static_cast<int>(size));
    }
    bool buffered() const override { return m_ssl != nullptr && SSL_pending(m_ssl) > 0; }

private:
    SSL_CTX* m_context = nullptr;
    SSL* m_ssl = nullptr;
};

// A self-signed certificate for 127.0.0.1 (openssl CLI): cert.pem and key.pem in `dir`.
inline bool makeTestCertificate(const QString& dir) {
    QProcess openssl;
    openssl.start("openssl", {"req", "-x509", "-newkey", "ec", "-pkeyopt",
                              "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
                              "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                              dir + "/key.pem", "-out", dir + "/cert.pem"});
    return openssl.waitForFinished(20'000) && openssl.exitStatus() == QProcess::NormalExit &&
           openssl.exitCode() == 0;
}

} // namespace sluice::testing
