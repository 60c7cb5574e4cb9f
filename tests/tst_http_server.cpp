// SPDX-License-Identifier: Apache-2.0
// The epoll HTTP server over real sockets: keep-alive and pipelining in order, answers given
// later, refusals that close the connection and leave the server serving, slow and idle
// clients timed out, and a full server answering 503 + Retry-After.
#include "http/http_server.h"

#include <QtTest>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace sluice::http;

namespace {

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
    ~Client() { ::close(m_fd); }
    bool connected() const { return m_connected; }
    void send(const std::string& bytes) {
        (void)!::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    }
    // One whole response (head + Content-Length body), or "" on time-out / close.
    std::string response(int timeoutMs = 5000) {
        while (true) {
            const std::size_t headEnd = m_buffer.find("\r\n\r\n");
            if (headEnd != std::string::npos) {
                std::size_t length = 0;
                const std::size_t cl = m_buffer.find("Content-Length: ");
                if (cl != std::string::npos && cl < headEnd) {
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
    // True when the server closed the connection (read returns 0) within the time.
    bool closedByServer(int timeoutMs = 5000) {
        while (fill(timeoutMs)) {
        }
        return m_eof;
    }

private:
    bool fill(int timeoutMs) {
        pollfd p{m_fd, POLLIN, 0};
        if (poll(&p, 1, timeoutMs) <= 0) {
            return false;
        }
        char buf[65536];
        const ssize_t got = read(m_fd, buf, sizeof buf);
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

int statusOf(const std::string& response) {
    return response.size() > 12 ? std::stoi(response.substr(9, 3)) : 0;
}

std::string bodyOf(const std::string& response) {
    return response.substr(response.find("\r\n\r\n") + 4);
}

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
