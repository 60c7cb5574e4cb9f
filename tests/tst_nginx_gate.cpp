// SPDX-License-Identifier: Apache-2.0
// Real nginx (Debian's) running packaging/nginx/sluice-site.conf in front of a small
// protected demo site, with a real sluiced as the gate: no token → the waiting page; a
// forged token → refused; a valid token → through; a completed session's token → refused;
// no path of the protected site is reachable without the gate; the admin API is not exposed;
// no protected answer may be stored by a browser or a cache.
#include "http_test_client.h"
#include "sluiced_process.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace sluice::testing;

namespace {

std::uint16_t freePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t length = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

std::string get(const std::string& target, const std::string& cookie = {}) {
    return "GET " + target + " HTTP/1.1\r\nHost: demo\r\n" +
           (cookie.empty() ? std::string() : "Cookie: sluice_token=" + cookie + "\r\n") + "\r\n";
}

std::string post(const std::string& target, const std::string& body,
                 const std::string& cookie = {}) {
    return "POST " + target + " HTTP/1.1\r\nHost: demo\r\nContent-Type: application/json\r\n" +
           (cookie.empty() ? std::string() : "Cookie: sluice_token=" + cookie + "\r\n") +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

} // namespace

class TstNginxGate : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcess m_sluiced;
    QProcess m_nginx;
    std::uint16_t m_port = 0; // nginx

    std::string call(const std::string& wire) { return roundTrip(m_port, wire); }

private slots:
    void initTestCase() {
        const QString nginx = QStandardPaths::findExecutable("nginx", {"/usr/sbin", "/usr/bin"});
        QVERIFY2(!nginx.isEmpty(), "nginx is not installed (scripts/setup-deps.sh installs it)");
        QVERIFY(m_dir.isValid());
        const QString d = m_dir.path();
        // nginx's workers run as an unprivileged user: they must be able to read the site
        // (the keys below stay owner-only: sluiced creates them 0600 in a 0700 directory).
        QFile::setPermissions(d, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                     QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                     QFile::ExeOther);
        QVERIFY(writeFile(d + "/data/event.json",
                          R"({"eventId": "gate-test", "opensAt": "2021-07-19T11:00:00Z",
                              "admissionRatePerMinute": 6000, "capacity": 5})"));
        QVERIFY(writeFile(d + "/site/index.html", "<h1>PROTECTED-DEMO home</h1>\n"));
        QVERIFY(writeFile(d + "/site/booking/confirm.html", "<h1>PROTECTED-DEMO booking</h1>\n"));

        const std::uint16_t sluiced =
            startSluiced(m_sluiced, {"--data-dir", d + "/data", "--trust-proxy", "127.0.0.1"});
        QVERIFY2(sluiced != 0, "sluiced did not start");
        const QString sluicedPort = QString::number(sluiced);

        // The shipped site file, with its three marked lines pointed at this test.
        QFile shipped(SLUICE_SOURCE_DIR "/packaging/nginx/sluice-site.conf");
        QVERIFY(shipped.open(QIODevice::ReadOnly));
        QString site = QString::fromUtf8(shipped.readAll());
        m_port = freePort();
        const auto replaceOnce = [&site](const QString& from, const QString& to) {
            QCOMPARE(site.count(from), 1);
            site.replace(from, to);
        };
        replaceOnce("server 127.0.0.1:8080;", "server 127.0.0.1:" + sluicedPort + ";");
        replaceOnce("listen 80;", QString("listen 127.0.0.1:%1;").arg(m_port));
        replaceOnce("root /var/www/protected;", "root " + d + "/site;");
        QVERIFY(writeFile(d + "/nginx/site.conf", site.toUtf8()));
        QVERIFY(writeFile(d + "/nginx/nginx.conf",
                          QString("worker_processes 1;\npid %1/nginx/nginx.pid;\n"
                                  "error_log %1/nginx/error.log warn;\n"
                                  "events { worker_connections 256; }\n"
                                  "http {\n  access_log off;\n"
                                  "  client_body_temp_path %1/nginx/body;\n"
                                  "  proxy_temp_path %1/nginx/proxy;\n"
                                  "  fastcgi_temp_path %1/nginx/fastcgi;\n"
                                  "  uwsgi_temp_path %1/nginx/uwsgi;\n"
                                  "  scgi_temp_path %1/nginx/scgi;\n"
                                  "  include %1/nginx/site.conf;\n}\n")
                              .arg(d)
                              .toUtf8()));
        m_nginx.setProgram(nginx);
        m_nginx.setArguments(
            {"-p", d + "/nginx", "-c", d + "/nginx/nginx.conf", "-g", "daemon off;"});
        m_nginx.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_nginx.start();
        QVERIFY(m_nginx.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(Client(m_port).connected(), 10'000);
    }

    void noPathWithoutTheGate() {
        for (const std::string path :
             {"/", "/index.html", "/booking/", "/booking/confirm.html", "/booking", "/nothing-here",
              "//index.html", "/booking/../index.html", "/%69ndex.html"}) {
            const std::string answer = call(get(path));
            QVERIFY2(statusOf(answer) == 302, (path + ": " + answer.substr(0, 40)).c_str());
            QCOMPARE(headerOf(answer, "Location").ends_with("/queue/"), true);
            QVERIFY(answer.find("PROTECTED-DEMO") == std::string::npos);
        }
        // The waiting page itself is public; the admin API is not exposed at all.
        const std::string page = call(get("/queue/"));
        QCOMPARE(statusOf(page), 200);
        QVERIFY(bodyOf(page).find("waiting.js") != std::string::npos);
        QCOMPARE(statusOf(call(get("/api/v1/admin/config"))), 404);
        // Setting anything in the browser gets nowhere: a made-up cookie is refused.
        QCOMPARE(statusOf(call(get("/", "admitted=true"))), 302);
    }

    // Joins through nginx, waits for admission and claims: the admission token, or empty
    // (with the test failed) when any step did not work.
    std::string admittedToken() {
        const std::string joined = call(post("/api/v1/join", ""));
        if (statusOf(joined) != 201) {
            QTest::qFail(("join: " + joined.substr(0, 60)).c_str(), __FILE__, __LINE__);
            return {};
        }
        const std::string ticket =
            QJsonDocument::fromJson(QByteArray::fromStdString(bodyOf(joined)))
                .object()["ticket"]
                .toString()
                .toStdString();
        const auto admitted = [&] {
            return bodyOf(call(get("/api/v1/status?ticket=" + ticket))).find("\"admitted\"") !=
                   std::string::npos;
        };
        if (!QTest::qWaitFor(admitted, 5'000)) {
            QTest::qFail("not admitted within 5 s", __FILE__, __LINE__);
            return {};
        }
        const std::string claimed = call(post("/api/v1/claim", "{\"ticket\":\"" + ticket + "\"}"));
        if (statusOf(claimed) != 200) {
            QTest::qFail(("claim: " + claimed.substr(0, 60)).c_str(), __FILE__, __LINE__);
            return {};
        }
        return QJsonDocument::fromJson(QByteArray::fromStdString(bodyOf(claimed)))
            .object()["token"]
            .toString()
            .toStdString();
    }

    // Says why `answer` may be stored by a browser or a shared cache, or empty when it may not.
    static std::string storable(const std::string& what, const std::string& answer) {
        const std::string cacheControl = headerOf(answer, "Cache-Control");
        if (cacheControl.find("no-store") == std::string::npos) {
            return what + ": Cache-Control is '" + cacheControl + "', no no-store";
        }
        if (!headerOf(answer, "ETag").empty()) {
            return what + ": an ETag invites revalidation of a stored copy";
        }
        return {};
    }

    void tokenLetsThroughUntilCompleted() {
        const std::string token = admittedToken();
        QVERIFY(!token.empty());
        std::string home = call(get("/", token));
        QCOMPARE(statusOf(home), 200);
        QVERIFY(bodyOf(home).find("PROTECTED-DEMO home") != std::string::npos);
        QVERIFY(bodyOf(call(get("/booking/confirm.html", token))).find("PROTECTED-DEMO booking") !=
                std::string::npos);

        std::string forged = token;
        forged[forged.size() - 5] = forged[forged.size() - 5] == 'x' ? 'y' : 'x';
        QCOMPARE(statusOf(call(get("/booking/confirm.html", forged))), 302);

        QCOMPARE(statusOf(call(post("/api/v1/gate/complete", "", token))), 204);
        QCOMPARE(statusOf(call(get("/", token))), 302);
        QCOMPARE(statusOf(call(get("/booking/confirm.html", token))), 302);
    }

    // Issue 15: protected pages came with Last-Modified/ETag and no Cache-Control, so after
    // completion the browser showed them again from its cache and a shared cache in front
    // could serve them to anyone. Every protected answer, whatever its status, says no-store.
    void protectedAnswersAreNeverStored() {
        const std::string token = admittedToken();
        QVERIFY(!token.empty());
        const std::string page = call(get("/booking/confirm.html", token));
        QCOMPARE(statusOf(page), 200);
        const std::vector<std::pair<std::string, std::string>> answers = {
            {"a protected page", page},
            {"the site's home", call(get("/", token))},
            {"a missing protected path (404)", call(get("/nothing-here", token))},
            {"a directory without its slash", call(get("/booking", token))},
            {"the way to the waiting room (302)", call(get("/booking/confirm.html"))},
        };
        for (const auto& [what, answer] : answers) {
            const std::string why = storable(what, answer);
            QVERIFY2(why.empty(), why.c_str());
        }
        QCOMPARE(statusOf(call(post("/api/v1/gate/complete", "", token))), 204);
        const std::string after = call(get("/booking/confirm.html", token));
        QCOMPARE(statusOf(after), 302);
        const std::string why = storable("after completion", after);
        QVERIFY2(why.empty(), why.c_str());
    }

    void cleanupTestCase() {
        m_nginx.terminate();
        m_nginx.waitForFinished(5000);
        m_sluiced.terminate();
        QVERIFY(m_sluiced.waitForFinished(5000));
        QCOMPARE(m_sluiced.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TstNginxGate)
#include "tst_nginx_gate.moc"
