// SPDX-License-Identifier: Apache-2.0
// The HTTP stack comparison: Qt HTTP Server (Qt 6.4) answering a fixed small JSON body.
// Usage: fixed_qt PORT
#include <QCoreApplication>
#include <QHttpServer>
#include <QJsonObject>

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const auto port = static_cast<quint16>(argc > 1 ? std::atoi(argv[1]) : 8083);
    QHttpServer server;
    server.route("/", [] { return QJsonObject{{"ok", true}}; });
    if (server.listen(QHostAddress::LocalHost, port) == 0) {
        return 1;
    }
    return QCoreApplication::exec();
}
