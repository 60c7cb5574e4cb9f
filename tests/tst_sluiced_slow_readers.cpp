// SPDX-License-Identifier: Apache-2.0
// Issue 15: clients that ask for much and never read. 200 connections each pipelining 700
// requests and reading nothing took sluiced from 9.7 MB to 360 MB, and the connections
// stayed open (no write time-out). Here the same attack runs against a real sluiced: its
// resident memory must stay under a stated ceiling, it must go on serving others, and every
// stuck connection must be closed once nothing could be written for the write time-out.
#include "slow_reader.h"
#include "sluiced_process.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>
#include <vector>

using namespace sluice::testing;

namespace {

constexpr int kConnections = 200;
constexpr int kRequestsEach = 700;
// What the attack may add to sluiced's resident memory. Each connection may hold its read
// buffer (one read, 16 KiB, plus an unfinished request) and its unsent output (the bound,
// 32 KiB, plus the answer that crossed it): under 128 KiB, so 200 connections stay under
// 25 MiB; 40 MiB leaves room for the allocator. Before the fix it grew by over 200 MiB.
constexpr long kCeilingKiB = 40 * 1024;

long residentKiB(qint64 pid) {
    QFile status(QString("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').first().toLong();
        }
    }
    return -1;
}

} // namespace

class TstSluicedSlowReaders : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcess m_server;
    std::uint16_t m_port = 0;

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QFile event(m_dir.filePath("event.json"));
        QVERIFY(event.open(QIODevice::WriteOnly));
        event.write(R"({"eventId": "slow-readers", "opensAt": "2021-07-19T11:00:00Z",
                        "admissionRatePerMinute": 60, "capacity": 5})");
        event.close();
        m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        // Under AddressSanitizer (the asan preset) freed memory waits in ASan's quarantine
        // (256 MiB by default) instead of being reused, so resident memory would measure the
        // sanitizer, not sluiced: without the quarantine it measures what sluiced holds.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const QString asan = env.value("ASAN_OPTIONS");
        env.insert("ASAN_OPTIONS", (asan.isEmpty() ? "" : asan + ":") + "quarantine_size_mb=0");
        m_server.setProcessEnvironment(env);
        m_port = startSluiced(m_server, {"--data-dir", m_dir.path(), "--write-timeout", "2"});
        QVERIFY2(m_port != 0, "sluiced did not start");
    }

    void memoryStaysBoundedAndStuckClientsAreClosed() {
        QTest::qWait(1500); // the first samples and history files, before the baseline
        const long before = residentKiB(m_server.processId());
        QVERIFY(before > 0);
        // The waiting page's script: the largest answer anyone may ask for.
        std::string burst;
        for (int i = 0; i < kRequestsEach; ++i) {
            burst += "GET /queue/waiting.js HTTP/1.1\r\nHost: t\r\n\r\n";
        }
        std::vector<std::unique_ptr<SlowReader>> clients;
        for (int i = 0; i < kConnections; ++i) {
            clients.push_back(std::make_unique<SlowReader>(m_port));
            QVERIFY(clients.back()->connected());
            QVERIFY(clients.back()->send(burst));
        }
        // While they are stuck, others are served.
        QCOMPARE(statusOf(roundTrip(m_port, "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")), 200);

        long peak = before;
        QElapsedTimer clock;
        clock.start();
        const auto allClosed = [&clients] {
            return std::all_of(clients.begin(), clients.end(),
                               [](const auto& c) { return c->closedByServer(); });
        };
        while (!allClosed() && clock.elapsed() < 20'000) {
            peak = std::max(peak, residentKiB(m_server.processId()));
            QTest::qWait(50);
        }
        peak = std::max(peak, residentKiB(m_server.processId()));
        const long grew = peak - before;
        qInfo("resident memory %ld KiB before, %ld KiB at the peak (+%ld KiB); all closed after "
              "%lld ms",
              before, peak, grew, static_cast<long long>(clock.elapsed()));
        QVERIFY2(grew < kCeilingKiB,
                 qPrintable(QString("sluiced grew by %1 KiB under the attack").arg(grew)));
        const auto open = std::count_if(clients.begin(), clients.end(),
                                        [](const auto& c) { return !c->closedByServer(); });
        QVERIFY2(open == 0, qPrintable(QString("%1 stuck connections still open").arg(open)));
        QCOMPARE(statusOf(roundTrip(m_port, "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")), 200);
    }

    void cleanupTestCase() {
        m_server.terminate();
        QVERIFY(m_server.waitForFinished(5000));
        QCOMPARE(m_server.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TstSluicedSlowReaders)
#include "tst_sluiced_slow_readers.moc"
