// SPDX-License-Identifier: Apache-2.0
// Debian's Redis with Sentinel for a test, on loopback and free ports: a primary, two
// replicas and three Sentinels (quorum 2, down-after 1000 ms, failover-timeout 3 s), with a
// password and the settings of packaging/redis that matter to the nodes (a replica cut off
// from its primary refuses reads; a primary without replicas refuses writes). Any server may
// be killed, stopped and started again on its port; a restarted server comes back as a
// replica of the primary the Sentinels name. Nothing is kept on disk beyond the test.
#pragma once

#include "redis_process.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>
#include <array>
#include <csignal>
#include <memory>

namespace sluice::testing {

class RedisWithSentinels {
public:
    static constexpr int kServers = 3;
    static constexpr int kSentinels = 3;
    static constexpr const char* kPassword = "sentinel-test-secret-4242";
    static constexpr const char* kMasterName = "sluice";

    // Starts everything under `dir` (which must exist) and waits until every Sentinel sees
    // both replicas online and the other Sentinels. False (with a warning) otherwise.
    bool start(const QString& dir) {
        m_dir = dir;
        for (auto& port : m_serverPorts) {
            port = freeLoopbackPort();
        }
        for (int i = 0; i < kServers; ++i) {
            if (!startServer(i, i == 0 ? 0 : m_serverPorts[0])) {
                return false;
            }
        }
        for (int i = 0; i < kSentinels; ++i) {
            if (!startSentinel(i)) {
                return false;
            }
        }
        for (int t = 0; t < 200; ++t) {
            bool ready = true;
            for (int i = 0; i < kSentinels && ready; ++i) {
                const QString master = sentinelCli(i, {"SENTINEL", "master", kMasterName});
                ready =
                    master.contains("num-slaves\n2") && master.contains("num-other-sentinels\n2");
            }
            if (ready && cli(0, {"INFO", "replication"}).count("state=online") == 2) {
                return true;
            }
            QTest::qWait(50);
        }
        qWarning("the Sentinels never saw both replicas and each other");
        return false;
    }

    // "127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3", for --sentinel.
    QString sentinelList() const {
        QStringList all;
        for (std::uint16_t p : m_sentinelPorts) {
            all << "127.0.0.1:" + QString::number(p);
        }
        return all.join(',');
    }
    // The server the Sentinels name as primary now (-1 if they disagree or do not answer).
    int primary() const {
        int named = -1;
        for (int s = 0; s < kSentinels; ++s) {
            const QStringList addr =
                sentinelCli(s, {"SENTINEL", "get-master-addr-by-name", kMasterName}).split('\n');
            const int i = addr.size() == 2 ? serverOnPort(addr[1].toUShort()) : -1;
            if (i < 0 || (named >= 0 && i != named)) {
                return -1;
            }
            named = i;
        }
        return named;
    }
    // Waits until the Sentinels agree on a primary, no failover is under way, the primary says
    // it is one and holds `replicas` replicas online: the next fault starts from a healed
    // cluster, not from the end of the last failover. The primary's index, or -1.
    // "Online" is the replica's state in the primary's INFO (its first sync done, streaming):
    // connected_slaves also counts a replica still loading the primary's snapshot, and killing
    // the primary then is a second fault (the replica promoted may hold the old primary's
    // data, not the new one's), which tst_cluster_failover hit 3 times in 6 runs.
    int awaitSettled(int replicas, int timeoutMs) const {
        for (int waited = 0; waited < timeoutMs; waited += 100) {
            const int now = primary();
            bool calm = now >= 0 && cli(now, {"ROLE"}).startsWith("master") &&
                        cli(now, {"INFO", "replication"}).count("state=online") >= replicas;
            for (int s = 0; calm && s < kSentinels; ++s) {
                calm = !sentinelCli(s, {"SENTINEL", "MASTER", kMasterName})
                            .contains("failover_in_progress");
            }
            if (calm) {
                return now;
            }
            QTest::qWait(100);
        }
        return -1;
    }
    // Waits until every Sentinel names a primary other than `was`; its index or -1.
    int awaitNewPrimary(int was, int timeoutMs) const {
        for (int waited = 0; waited < timeoutMs; waited += 50) {
            const int now = primary();
            if (now >= 0 && now != was) {
                return now;
            }
            QTest::qWait(50);
        }
        return -1;
    }
    void kill(int server) {
        m_servers[static_cast<std::size_t>(server)]->kill();
        m_servers[static_cast<std::size_t>(server)]->waitForFinished(5000);
    }
    // SIGSTOP / SIGCONT: the server holds its connections but answers nothing.
    void pause(int server, bool paused) {
        ::kill(static_cast<pid_t>(m_servers[static_cast<std::size_t>(server)]->processId()),
               paused ? SIGSTOP : SIGCONT);
    }
    // Starts a killed server again on its port, as a replica of the current primary, and
    // waits until the primary sees it online.
    bool restartAsReplica(int server) {
        const int now = primary();
        if (now < 0 || now == server ||
            !startServer(server, m_serverPorts[static_cast<std::size_t>(now)])) {
            return false;
        }
        const QString needle =
            "port=" + QString::number(m_serverPorts[static_cast<std::size_t>(server)]) +
            ",state=online";
        for (int t = 0; t < 200; ++t) {
            if (cli(now, {"INFO", "replication"}).contains(needle)) {
                return true;
            }
            QTest::qWait(50);
        }
        return false;
    }
    // One redis-cli command on server `i`, its output trimmed.
    QString cli(int i, const QStringList& command) const {
        return run(m_serverPorts[static_cast<std::size_t>(i)], command);
    }
    QString sentinelCli(int i, const QStringList& command) const {
        return run(m_sentinelPorts[static_cast<std::size_t>(i)], command);
    }

    ~RedisWithSentinels() {
        for (auto& p : m_sentinels) {
            stop(p.get());
        }
        for (auto& p : m_servers) {
            stop(p.get());
        }
    }

private:
    static void stop(QProcess* p) {
        if (p != nullptr && p->state() != QProcess::NotRunning) {
            ::kill(static_cast<pid_t>(p->processId()), SIGCONT);
            p->kill();
            p->waitForFinished(5000);
        }
    }
    static QString run(std::uint16_t port, const QStringList& command) {
        QProcess p;
        p.start("redis-cli",
                QStringList{"-p", QString::number(port), "-a", kPassword, "--no-auth-warning"} +
                    command);
        p.waitForFinished(5000);
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }
    int serverOnPort(std::uint16_t port) const {
        for (int i = 0; i < kServers; ++i) {
            if (m_serverPorts[static_cast<std::size_t>(i)] == port) {
                return i;
            }
        }
        return -1;
    }
    bool startServer(int i, std::uint16_t primaryPort) {
        const std::uint16_t port = m_serverPorts[static_cast<std::size_t>(i)];
        QStringList args{"--port",
                         QString::number(port),
                         "--bind",
                         "127.0.0.1",
                         "--save",
                         "",
                         "--appendonly",
                         "no",
                         "--dir",
                         m_dir,
                         "--logfile",
                         "",
                         "--dbfilename",
                         QString("dump-%1.rdb").arg(port),
                         "--requirepass",
                         kPassword,
                         "--masterauth",
                         kPassword,
                         "--replica-serve-stale-data",
                         "no",
                         "--min-replicas-to-write",
                         "1",
                         "--min-replicas-max-lag",
                         "5",
                         // as packaging/redis: a replica resyncs at once after a failover
                         "--repl-diskless-sync-delay",
                         "0"};
        if (primaryPort != 0) {
            args << "--replicaof"
                 << "127.0.0.1" << QString::number(primaryPort);
        }
        auto& process = m_servers[static_cast<std::size_t>(i)];
        stop(process.get());
        process = std::make_unique<QProcess>();
        process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process->setStandardOutputFile(QProcess::nullDevice());
        process->start("redis-server", args);
        return waitForPong(*process, port, "redis-server");
    }
    bool startSentinel(int i) {
        const std::uint16_t port = m_sentinelPorts[static_cast<std::size_t>(i)] =
            freeLoopbackPort();
        const QString config = m_dir + QString("/sentinel-%1.conf").arg(port);
        QFile f(config);
        if (!f.open(QIODevice::WriteOnly)) {
            return false;
        }
        f.write(QString("port %1\nbind 127.0.0.1\ndir %2\nrequirepass %3\n"
                        "sentinel sentinel-pass %3\n"
                        "sentinel monitor %4 127.0.0.1 %5 2\n"
                        "sentinel auth-pass %4 %3\n"
                        "sentinel down-after-milliseconds %4 1000\n"
                        "sentinel failover-timeout %4 3000\n"
                        "sentinel parallel-syncs %4 1\n")
                    .arg(port)
                    .arg(m_dir, kPassword, kMasterName)
                    .arg(m_serverPorts[0])
                    .toUtf8());
        f.close();
        auto& process = m_sentinels[static_cast<std::size_t>(i)];
        process = std::make_unique<QProcess>();
        process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process->setStandardOutputFile(QProcess::nullDevice());
        process->start("redis-sentinel", {config});
        return waitForPong(*process, port, "redis-sentinel");
    }
    static bool waitForPong(QProcess& process, std::uint16_t port, const char* what) {
        if (!process.waitForStarted(5000)) {
            qWarning("%s did not start (is Debian's package installed?)", what);
            return false;
        }
        for (int t = 0; t < 100; ++t) {
            if (run(port, {"PING"}) == "PONG") {
                return true;
            }
            QTest::qWait(50);
        }
        qWarning("%s on %u does not answer", what, port);
        return false;
    }

    QString m_dir;
    std::array<std::uint16_t, kServers> m_serverPorts{};
    std::array<std::uint16_t, kSentinels> m_sentinelPorts{};
    std::array<std::unique_ptr<QProcess>, kServers> m_servers;
    std::array<std::unique_ptr<QProcess>, kSentinels> m_sentinels;
};

} // namespace sluice::testing
