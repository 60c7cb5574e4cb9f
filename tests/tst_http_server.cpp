// SPDX-License-Identifier: Apache-2.0
// The epoll HTTP server over real sockets: keep-alive and pipelining in order, answers given
// later, refusals that close the connection and leave the server serving, slow and idle
// clients timed out, and a full server answering 503 + Retry-After.
#include "http/http_server.h"
#include "http_test_client.h"

#include <QtTest>
#include <thread>

using namespace sluice::http;
using sluice::testing::bodyOf;
using sluice::testing::Client;
using sluice::testing::statusOf;

namespace {

// A server on its own thread: /echo answers the path and body at once; /later answers from
// another thread after 100 ms (as a journaled join will).
class Running {
public:
    explicit Running(ServerOptions options = {}) {
        auto created =
            Server::listen("127.0.0.1", 0, options, [this](Request& r, const Responder& out) {
                if (r.path() == "/later") {
                    const Responder copy = out;
                    std::thread([this, copy] {
                        std::this_thread::sleep_for(std::chrono::milliseconds(100));
                        server->post(
                            [copy] { copy.send(Response::json(200, "{\"later\":true}")); });
                    }).detach();
                    return;
                }
                out.send(Response::json(200, "{\"path\":" + jsonString(r.path()) +
                                                 ",\"body\":" + jsonString(r.body) + "}"));
            });
        if (!created.isOk()) {
            qFatal("%s", created.status().message().c_str());
        }
        server = std::move(created).value();
        thread = std::thread([this] { server->run(); });
    }
    ~Running() {
        server->stop();
        thread.join();
    }
    std::unique_ptr<Server> server;
    std::thread thread;
};

std::string get(const std::string& path) {
    return "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n";
}

} // namespace

class TestHttpServer : public QObject {
    Q_OBJECT
private slots:
    void keepAliveAndPipeliningInOrder() {
        Running s;
        Client c(s.server->port());
        QVERIFY(c.connected());
        c.send(get("/echo/1"));
        QCOMPARE(bodyOf(c.response()), std::string(R"({"path":"/echo/1","body":""})"));
        // Three in one write, the middle one answered later: answers keep the order.
        c.send(get("/echo/2") + get("/later") + get("/echo/3"));
        QVERIFY(bodyOf(c.response()).find("/echo/2") != std::string::npos);
        QCOMPARE(bodyOf(c.response()), std::string(R"({"later":true})"));
        QVERIFY(bodyOf(c.response()).find("/echo/3") != std::string::npos);
        c.send("POST /echo/4 HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
        QVERIFY(bodyOf(c.response()).find(R"("body":"hello")") != std::string::npos);
        // HEAD: the same head (its Content-Length too), no body; the next answer follows.
        c.send("HEAD /echo/5 HTTP/1.1\r\nHost: t\r\n\r\n" + get("/echo/6"));
        std::string head;
        QTRY_VERIFY_WITH_TIMEOUT((head = c.receivedUntil("\r\n\r\n", 2, 2000)).find("/echo/6") !=
                                     std::string::npos,
                                 5000);
        QVERIFY(head.find("HTTP/1.1 200 OK") == 0);
        QVERIFY(head.find("\r\n\r\nHTTP/1.1 200 OK") != std::string::npos); // no body between
        QVERIFY(head.find("/echo/5") == std::string::npos);
    }

    void refusalClosesThatConnectionOnly() {
        Running s;
        Client bad(s.server->port());
        bad.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n"
                 "Transfer-Encoding: chunked\r\n\r\nabc");
        const std::string answer = bad.response();
        QCOMPARE(statusOf(answer), 400);
        QVERIFY(answer.find("Connection: close") != std::string::npos);
        QVERIFY(bodyOf(answer).find("both Content-Length and Transfer-Encoding") !=
                std::string::npos);
        QVERIFY(bad.closedByServer());
        // Whatever was smuggled after it was never handled; the server serves others.
        Client good(s.server->port());
        good.send(get("/echo/ok"));
        QCOMPARE(statusOf(good.response()), 200);
        Client huge(s.server->port());
        huge.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 999999\r\n\r\n");
        QCOMPARE(statusOf(huge.response()), 413);
    }

    void connectionCloseAndHttp10() {
        Running s;
        Client c(s.server->port());
        c.send("GET /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n" + get("/echo/never"));
        const std::string answer = c.response();
        QCOMPARE(statusOf(answer), 200);
        QVERIFY(answer.find("Connection: close") != std::string::npos);
        QVERIFY(c.closedByServer());
        Client old(s.server->port());
        old.send("GET /echo HTTP/1.0\r\n\r\n");
        QCOMPARE(statusOf(old.response()), 200);
        QVERIFY(old.closedByServer());
    }

    void slowAndIdleClientsAreTimedOut() {
        ServerOptions o;
        o.headTimeoutMs = 300;
        o.idleTimeoutMs = 600;
        Running s(o);
        Client slow(s.server->port());
        slow.send("GET /echo HTTP/1.1\r\nHost: t\r\n"); // and never the blank line
        const std::string answer = slow.response(3000);
        QCOMPARE(statusOf(answer), 408);
        QVERIFY(slow.closedByServer());
        Client idle(s.server->port());
        idle.send(get("/echo"));
        QCOMPARE(statusOf(idle.response()), 200);
        QVERIFY(idle.closedByServer(3000)); // quietly, after the idle time-out
    }

    void fullServerAnswers503WithRetryAfter() {
        ServerOptions o;
        o.maxConnections = 2;
        o.retryAfterSeconds = 7;
        Running s(o);
        Client a(s.server->port()), b(s.server->port());
        a.send(get("/echo"));
        b.send(get("/echo"));
        QCOMPARE(statusOf(a.response()), 200);
        QCOMPARE(statusOf(b.response()), 200);
        Client third(s.server->port());
        const std::string answer = third.response();
        QCOMPARE(statusOf(answer), 503);
        QVERIFY(answer.find("Retry-After: 7") != std::string::npos);
        QVERIFY(third.closedByServer());
        // The two still work.
        a.send(get("/echo/again"));
        QCOMPARE(statusOf(a.response()), 200);
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_http_server.moc"
