// SPDX-License-Identifier: Apache-2.0
// A real sluiced for the console's tests: its own data directory and admin key, fixed ports
// (so a killed node comes back on the same address), optionally a TLS admin listener with
// a certificate of its own; raw admin calls and joins for checking what the console did.
#pragma once

#include "http_test_client.h"
#include "live/node_client.h"
#include "tls_test_client.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUrl>

namespace sluice::testing {

inline constexpr const char* kKey = "live-feed-test-key-0123456789";

inline std::uint16_t freePort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

inline std::string request(const std::string& method, const std::string& target,
                           const std::string& body = {}) {
    std::string r =
        method + " " + target + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + kKey + "\r\n";
    if (method == "POST") {
        r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    return r + "\r\n" + body;
}

// One sluiced with its own data directory, on fixed ports so it can come back on them.
struct Node {
    QTemporaryDir dir;
    QProcess process;
    std::uint16_t port = freePort();
    std::uint16_t adminPort = 0; // TLS admin listener when non-zero
    QStringList extraArgs;       // e.g. a cluster node's --redis and --keys-dir
    bool started = false;        // has listened once (a restart keeps its port)

    bool start() {
        QStringList args{"--data-dir",         dir.path(),
                         "--listen",           QString("127.0.0.1:%1").arg(port),
                         "--admin-key-file",   dir.filePath("admin.key"),
                         "--joins-per-minute", "0"};
        if (adminPort != 0) {
            args << "--admin-listen" << QString("127.0.0.1:%1").arg(adminPort) << "--tls-cert"
                 << dir.filePath("cert.pem") << "--tls-key" << dir.filePath("key.pem");
        }
        process.start(SLUICED_PATH, args + extraArgs);
        if (waitListening()) {
            started = true;
            return true;
        }
        if (!started && process.state() == QProcess::NotRunning) {
            // freePort()'s port was taken by another test's process before sluiced bound it
            // (tests run two at a time): a first start may move to another port; a restart
            // must come back on its own.
            port = freePort();
            args[3] = QString("127.0.0.1:%1").arg(port);
            process.start(SLUICED_PATH, args + extraArgs);
            started = waitListening();
        }
        return started;
    }
    // Until sluiced says it listens (false if it exits or 10 s pass; what it said is logged).
    bool waitListening() {
        QByteArray said;
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 10'000) {
            while (process.canReadLine()) {
                const QByteArray line = process.readLine();
                if (line.contains("listening on")) {
                    return true;
                }
                said += line;
            }
            if (process.state() == QProcess::NotRunning) {
                break;
            }
            process.waitForReadyRead(100);
        }
        qWarning("sluiced on port %u did not start: %s%s", unsigned{port}, said.constData(),
                 process.readAllStandardError().constData());
        return false;
    }
    bool prepare(const char* eventId, bool tls) {
        if (!dir.isValid()) {
            return false;
        }
        QFile event(dir.filePath("event.json"));
        QFile key(dir.filePath("admin.key"));
        if (!event.open(QIODevice::WriteOnly) || !key.open(QIODevice::WriteOnly)) {
            return false;
        }
        // Paused: whoever joins stays waiting, so the sums are exact.
        event.write(QString(R"({"eventId": "%1", "opensAt": "2021-07-19T11:00:00Z",
                                "admissionRatePerMinute": 600, "capacity": 100,
                                "paused": true})")
                        .arg(eventId)
                        .toUtf8());
        key.write(kKey);
        if (tls) {
            adminPort = freePort();
            return makeTestCertificate(dir.path());
        }
        return true;
    }
    void kill() {
        process.kill();
        process.waitForFinished(5000);
    }
    ~Node() {
        if (process.state() != QProcess::NotRunning) {
            process.terminate();
            process.waitForFinished(5000);
        }
    }
    ui::NodeAddress address(const QString& name, const QString& key = kKey) const {
        if (adminPort != 0) {
            return {name, QUrl(QString("https://127.0.0.1:%1").arg(adminPort)), key,
                    dir.filePath("cert.pem")};
        }
        return {name, QUrl(QString("http://127.0.0.1:%1").arg(port)), key, {}};
    }
    // A raw admin call on the node (over TLS when it has a TLS admin listener).
    QJsonObject admin(const std::string& wire) const {
        std::string answer;
        if (adminPort != 0) {
            TlsClient c(adminPort, dir.filePath("cert.pem").toStdString());
            c.send(wire);
            answer = c.response();
        } else {
            Client c(port);
            c.send(wire);
            answer = c.response();
        }
        return QJsonDocument::fromJson(QByteArray::fromStdString(bodyOf(answer))).object();
    }
    void join(int people) const {
        for (int i = 0; i < people; ++i) {
            Client c(port);
            c.send("POST /api/v1/join HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
            (void)c.response();
        }
    }
};

} // namespace sluice::testing
