// SPDX-License-Identifier: Apache-2.0
// Starting the real sluiced binary for a test and learning its port.
#pragma once

#include "http_test_client.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTest>

namespace sluice::testing {

// Starts sluiced (path from the build, SLUICED_PATH) with `args` plus "--listen
// 127.0.0.1:0" and returns the port it printed, or 0 if it did not start.
inline std::uint16_t startSluiced(QProcess& process, QStringList args) {
    args << "--listen"
         << "127.0.0.1:0";
    process.setProgram(SLUICED_PATH);
    process.setArguments(args);
    process.start();
    if (!process.waitForStarted(5000)) {
        return 0;
    }
    for (int i = 0; i < 100 && !process.canReadLine(); ++i) {
        process.waitForReadyRead(100);
    }
    const auto m = QRegularExpression("listening on 127\\.0\\.0\\.1:(\\d+)")
                       .match(QString::fromUtf8(process.readLine()));
    return m.hasMatch() ? static_cast<std::uint16_t>(m.captured(1).toUInt()) : 0;
}

// One request on a fresh connection, and its whole answer.
inline std::string roundTrip(std::uint16_t port, const std::string& wire) {
    Client c(port);
    c.send(wire);
    return c.response();
}

} // namespace sluice::testing
