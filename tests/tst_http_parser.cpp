// SPDX-License-Identifier: Apache-2.0
// The strict HTTP/1.1 request parser: what it accepts, and every leniency it refuses with
// the status a client should see.
#include "http/http_request.h"
#include "http/http_response.h"

#include <QtTest>

using namespace sluice::http;
using State = RequestParser::State;

class TstHttpParser : public QObject {
    Q_OBJECT
private slots:
    void getWithHeaders() {
        RequestParser p;
        const std::string wire = "GET /api/v1/status?ticket=abc HTTP/1.1\r\nHost: q.example\r\n"
                                 "X-Thing:  spaced value \t\r\n\r\n";
        QCOMPARE(p.parse(wire), State::Complete);
        QCOMPARE(p.consumed(), wire.size());
        const Request& r = p.request();
        QCOMPARE(r.method, std::string("GET"));
        QCOMPARE(r.path(), std::string_view("/api/v1/status"));
        QCOMPARE(r.query(), std::string_view("ticket=abc"));
        QCOMPARE(*r.header("x-thing"), std::string_view("spaced value"));
        QVERIFY(r.keepAlive);
    }

    void postBodyArrivesInPieces() {
        RequestParser p;
        const std::string wire = "POST /api/v1/join HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n"
                                 "\r\n{\"a\":12345}";
        for (std::size_t cut = 0; cut < wire.size(); ++cut) {
            QCOMPARE(p.parse(std::string_view(wire).substr(0, cut)), State::NeedMore);
        }
        QCOMPARE(p.parse(wire), State::Complete);
        QCOMPARE(p.request().body, std::string("{\"a\":12345}"));
    }

    void pipelinedRequestsOneAtATime() {
        RequestParser p;
        std::string wire = "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n"
                           "Connection: close\r\n\r\n";
        QCOMPARE(p.parse(wire), State::Complete);
        QCOMPARE(p.request().target, std::string("/a"));
        wire.erase(0, p.consumed());
        QCOMPARE(p.parse(wire), State::Complete);
        QCOMPARE(p.request().target, std::string("/b"));
        QVERIFY(!p.request().keepAlive);
        QCOMPARE(p.consumed(), wire.size());
    }

    void http10AndLeadingEmptyLines() {
        RequestParser p;
        QCOMPARE(p.parse("\r\nGET / HTTP/1.0\r\n\r\n"), State::Complete);
        QVERIFY(!p.request().keepAlive); // 1.0 closes unless asked
        QCOMPARE(p.parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"), State::Complete);
        QVERIFY(p.request().keepAlive);
    }

    void refusals_data() {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("says");
        const QByteArray ok = "Host: h\r\n";
        QTest::newRow("bare LF") << QByteArray("GET / HTTP/1.1\nHost: h\n\n") << 400 << "CRLF";
        QTest::newRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n")
                                  << 400 << "folded";
        QTest::newRow("space before colon")
            << QByteArray("GET / HTTP/1.1\r\nHost : h\r\n\r\n") << 400 << "malformed header";
        QTest::newRow("CL and TE")
            << QByteArray("POST / HTTP/1.1\r\n" + ok +
                          "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc")
            << 400 << "both Content-Length and Transfer-Encoding";
        QTest::newRow("TE alone") << QByteArray("POST / HTTP/1.1\r\n" + ok +
                                                "Transfer-Encoding: chunked\r\n\r\n")
                                  << 411 << "chunked";
        QTest::newRow("two lengths")
            << QByteArray("POST / HTTP/1.1\r\n" + ok +
                          "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")
            << 400 << "two different Content-Length";
        QTest::newRow("signed length")
            << QByteArray("POST / HTTP/1.1\r\n" + ok + "Content-Length: +3\r\n\r\nabc") << 400
            << "plain decimal";
        QTest::newRow("list length")
            << QByteArray("POST / HTTP/1.1\r\n" + ok + "Content-Length: 3, 3\r\n\r\nabc") << 400
            << "plain decimal";
        QTest::newRow("body too large")
            << QByteArray("POST / HTTP/1.1\r\n" + ok + "Content-Length: 16385\r\n\r\n") << 413
            << "larger than 16384";
        QTest::newRow("head too large")
            << QByteArray("GET / HTTP/1.1\r\n" + ok + "X: " + QByteArray(9000, 'a') + "\r\n\r\n")
            << 431 << "head is larger";
        QByteArray many = "GET / HTTP/1.1\r\n" + ok;
        for (int i = 0; i < 70; ++i) {
            many += "X" + QByteArray::number(i) + ": v\r\n";
        }
        QTest::newRow("too many headers") << QByteArray(many + "\r\n") << 431 << "more than 64";
        QTest::newRow("target too long")
            << QByteArray("GET /" + QByteArray(3000, 'a') + " HTTP/1.1\r\n" + ok + "\r\n") << 414
            << "too long";
        QTest::newRow("absolute form")
            << QByteArray("GET http://evil/ HTTP/1.1\r\n" + ok + "\r\n") << 400 << "origin-form";
        QTest::newRow("http2") << QByteArray("GET / HTTP/2.0\r\n" + ok + "\r\n") << 505 << "1.1";
        QTest::newRow("garbage version")
            << QByteArray("GET / HTCPCP/1.0\r\n" + ok + "\r\n") << 400 << "version";
        QTest::newRow("no host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400 << "Host";
        QTest::newRow("two hosts")
            << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400 << "Host";
        QTest::newRow("control char")
            << QByteArray("GET / HTTP/1.1\r\n" + ok + "X: a\x01b\r\n\r\n") << 400 << "control";
        QTest::newRow("double space")
            << QByteArray("GET  / HTTP/1.1\r\n" + ok + "\r\n") << 400 << "request line";
        QTest::newRow("garbage line")
            << QByteArray("\x16\x03\x01\x02\x00\r\n\r\n", 9) << 400 << "request line";
    }
    void refusals() {
        QFETCH(QByteArray, wire);
        QFETCH(int, status);
        QFETCH(QString, says);
        RequestParser p;
        QCOMPARE(p.parse(std::string_view(wire.constData(), static_cast<std::size_t>(wire.size()))),
                 State::Error);
        QCOMPARE(p.error().status, status);
        QVERIFY2(QString::fromStdString(p.error().message).contains(says),
                 p.error().message.c_str());
    }

    // A long request line is refused before its end arrives (no waiting for 8 KiB).
    void longLineRefusedEarly() {
        RequestParser p;
        QCOMPARE(p.parse("GET /" + std::string(2100, 'a')), State::Error);
        QCOMPARE(p.error().status, 414);
    }

    // Every status the server and the API answer with goes out with its reason phrase (the
    // waiting page's redirect went out as "301 Unknown").
    void everyStatusSentHasItsReasonPhrase() {
        for (const int status : {200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 405, 408,
                                 409, 411, 413, 414, 415, 422, 429, 431, 500, 501, 503, 505}) {
            QVERIFY2(reasonPhrase(status) != "Unknown", std::to_string(status).c_str());
        }
        const std::string moved = serialize(Response::json(301, ""), true);
        QVERIFY2(moved.starts_with("HTTP/1.1 301 Moved Permanently\r\n"), moved.c_str());
    }
};

QTEST_GUILESS_MAIN(TstHttpParser)
#include "tst_http_parser.moc"
