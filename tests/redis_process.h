// SPDX-License-Identifier: Apache-2.0
// Debian's redis-server for a test: a primary and its replicas on loopback, on free ports,
// with nothing saved to disk; stopped with the test.
#pragma once

#include <QDir>
#include <QProcess>
#include <QTest>
#include <arpa/inet.h>
#include <cstdint>
#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace sluice::testing {

// A port nobody listens on now (bound to 0 and released).
inline std::uint16_t freeLoopbackPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof a;
    std::uint16_t port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size) == 0) {
        port = ntohs(a.sin_port);
    }
    ::close(fd);
    return port;
}

class RedisServer {
public:
    // Starts redis-server on a free port; a replica of `primaryPort` when it is not 0.
    // False (with the reason in the test log) when it does not answer PING in 5 s.
    bool start(std::uint16_t primaryPort = 0) {
        m_port = freeLoopbackPort();
        QStringList args{"--port",       QString::number(m_port),
                         "--bind",       "127.0.0.1",
                         "--save",       "",
                         "--appendonly", "no",
                         "--dir",        QDir::tempPath(),
                         "--logfile",    ""};
        if (primaryPort != 0) {
            args << "--replicaof"
                 << "127.0.0.1" << QString::number(primaryPort);
        }
        m_process.setProgram("redis-server");
        m_process.setArguments(args);
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start();
        if (!m_process.waitForStarted(5000)) {
            qWarning("redis-server did not start (is Debian's redis-server installed?)");
            return false;
        }
        for (int i = 0; i < 100; ++i) {
            if (cli({"PING"}) == "PONG") {
                return true;
            }
            QTest::qWait(50);
        }
        qWarning("redis-server on %u does not answer: %s", m_port, m_process.readAll().constData());
        return false;
    }
    void kill() {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    ~RedisServer() {
        if (m_process.state() != QProcess::NotRunning) {
            kill();
        }
    }
    std::uint16_t port() const { return m_port; }
    QString address() const { return "127.0.0.1:" + QString::number(m_port); }
    // One redis-cli command's output, trimmed.
    QString cli(const QStringList& command) const {
        QProcess p;
        p.start("redis-cli", QStringList{"-p", QString::number(m_port)} + command);
        p.waitForFinished(5000);
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }

private:
    QProcess m_process;
    std::uint16_t m_port = 0;
};

} // namespace sluice::testing
