// SPDX-License-Identifier: Apache-2.0
// A first try with the real sluiced on an empty data directory: without an event file it
// stops saying what to put there (and the example it gives works as given); the quick start
// (--event-id, --rate, --capacity, --opens-at) writes the event file and serves joins; the
// same command restarts; a quick start that differs from the file there is refused and the
// file left alone; incomplete or wrong quick-start values are refused with the option named.
#include "sluiced_process.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace sluice::testing;

namespace {

struct Finished {
    int exitCode = -1;
    QString errors; // stderr
};

// Runs sluiced with `args` (plus an ephemeral --listen) expecting it to stop by itself.
Finished runToEnd(const QStringList& args) {
    QProcess p;
    p.setProgram(SLUICED_PATH);
    p.setArguments(args + QStringList{"--listen", "127.0.0.1:0"});
    p.start();
    if (!p.waitForFinished(10'000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardError())};
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

std::string joinRequest() {
    return "POST /api/v1/join HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n";
}

} // namespace

class TstSluicedQuickStart : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString data() const { return m_dir.path() + "/data"; }
    QString eventFile() const { return data() + "/event.json"; }
    const QStringList m_quickStart{"--event-id", "first-try", "--rate", "600", "--capacity", "100"};

    // Starts sluiced with `args`, checks that a join is served, stops it cleanly.
    void servesJoins(const QStringList& args) {
        QProcess server;
        server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        const std::uint16_t port = startSluiced(server, args);
        QVERIFY2(port != 0, "sluiced did not start");
        QCOMPARE(statusOf(roundTrip(port, joinRequest())), 201);
        server.terminate();
        QVERIFY(server.waitForFinished(5000));
        QCOMPARE(server.exitCode(), 0);
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void helpExplainsTheQuickStart() {
        QProcess p;
        p.start(SLUICED_PATH, {"--help"});
        QVERIFY(p.waitForFinished(5000));
        const QString help = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY(help.contains("--event-id ID --rate N --capacity N [--opens-at TIME]"));
        QVERIFY(help.contains("quick start"));
    }

    // The example the message gives is a working event file, copied as it stands.
    void withoutAnEventFileSaysWhatToPutThere() {
        const Finished run = runToEnd({"--data-dir", data()});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.errors.contains("cannot read the event file " + eventFile()),
                 qPrintable(run.errors));
        QVERIFY2(run.errors.contains("--event-id demo --rate 600 --capacity 100"),
                 qPrintable(run.errors));
        const qsizetype open = run.errors.indexOf('{');
        const qsizetype close = run.errors.indexOf('}');
        QVERIFY(open > 0 && close > open);
        const QByteArray example = run.errors.mid(open, close - open + 1).toUtf8();
        QVERIFY2(QJsonDocument::fromJson(example).isObject(), example.constData());
        QTemporaryDir other;
        QFile f(other.path() + "/event.json");
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(example) == example.size());
        f.close();
        servesJoins({"--data-dir", other.path()});
    }

    void quickStartWritesTheEventFileAndServes() {
        QVERIFY(!QFile::exists(eventFile()));
        servesJoins(QStringList{"--data-dir", data()} + m_quickStart);
        const QJsonObject event = QJsonDocument::fromJson(readAll(eventFile())).object();
        QCOMPARE(event["eventId"].toString(), "first-try");
        QCOMPARE(event["admissionRatePerMinute"].toInt(), 600);
        QCOMPARE(event["capacity"].toInt(), 100);
        QVERIFY(event["opensAt"].toString().endsWith("Z")); // now, in UTC
        QVERIFY(!QFile::exists(eventFile() + ".tmp"));
    }

    // The same command again restarts (the file says the same); so does no quick start.
    void sameQuickStartRestarts() {
        servesJoins(QStringList{"--data-dir", data()} + m_quickStart);
        servesJoins({"--data-dir", data()});
    }

    void differentQuickStartIsRefusedAndTheFileKept() {
        const QByteArray before = readAll(eventFile());
        const Finished run =
            runToEnd({"--data-dir", data(), "--event-id", "first-try", "--rate", "900",
                      "--capacity", "100", "--opens-at", "2026-07-19T20:00:00+09:00"});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.errors.contains("differs from the quick start"), qPrintable(run.errors));
        QVERIFY2(run.errors.contains("--rate 900 (the file says 600)"), qPrintable(run.errors));
        QVERIFY2(run.errors.contains("--opens-at 2026-07-19T11:00:00.000Z"),
                 qPrintable(run.errors));
        QVERIFY2(!run.errors.contains("--capacity"), qPrintable(run.errors)); // same there
        QCOMPARE(readAll(eventFile()), before);
    }

    void wrongQuickStartValuesAreNamed_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("named");
        QTest::newRow("id alone") << QStringList{"--event-id", "x"}
                                  << "needs --event-id, --rate and --capacity together";
        QTest::newRow("rate not a number")
            << QStringList{"--event-id", "x", "--rate", "many", "--capacity", "5"} << "--rate:";
        QTest::newRow("capacity out of range")
            << QStringList{"--event-id", "x", "--rate", "5", "--capacity", "-1"} << "capacity";
        QTest::newRow("opening without its zone")
            << QStringList{"--event-id", "x", "--rate",     "5",
                           "--capacity", "5", "--opens-at", "2026-07-19T20:00:00"}
            << "opensAt: expected a time with its zone";
    }

    void wrongQuickStartValuesAreNamed() {
        QFETCH(QStringList, args);
        QFETCH(QString, named);
        QTemporaryDir empty;
        const Finished run = runToEnd(QStringList{"--data-dir", empty.path()} + args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.errors.contains(named), qPrintable(run.errors));
        QVERIFY(!QFile::exists(empty.path() + "/event.json"));
    }

    // The event's time zone (issue 17): a zone the system does not know stops sluiced with
    // the field named; a known one is in every answer the waiting page reads, and in the
    // admin config the console reads (it shows the night's times in it).
    void eventTimeZoneIsChecked_data() {
        QTest::addColumn<QByteArray>("zone");
        QTest::addColumn<QString>("named");
        QTest::newRow("misspelt") << QByteArray("\"Asia/Seul\"")
                                  << "event.timeZone: unknown time zone \"Asia/Seul\"";
        QTest::newRow("a path out")
            << QByteArray("\"../../etc/passwd\"") << "event.timeZone: unknown time zone";
        QTest::newRow("the posix copy")
            << QByteArray("\"posix/Asia/Seoul\"") << "event.timeZone: unknown time zone";
        QTest::newRow("an offset") << QByteArray("9") << "event.timeZone: expected a string";
    }
    void eventTimeZoneIsChecked() {
        QFETCH(QByteArray, zone);
        QFETCH(QString, named);
        QTemporaryDir dir;
        QFile file(dir.path() + "/event.json");
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"eventId": "seoul", "opensAt": "2021-07-19T20:00:00+09:00",
                       "admissionRatePerMinute": 600, "capacity": 100, "timeZone": )" +
                   zone + "}");
        file.close();
        const Finished run = runToEnd({"--data-dir", dir.path()});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.errors.contains(named), qPrintable(run.errors));
    }
    void eventTimeZoneReachesThePage() {
        QTemporaryDir dir;
        QFile file(dir.path() + "/event.json");
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"eventId": "seoul", "opensAt": "2021-07-19T20:00:00+09:00",
                       "admissionRatePerMinute": 600, "capacity": 100,
                       "timeZone": "Asia/Seoul"})");
        file.close();
        QFile key(dir.path() + "/admin.key");
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.write("test-admin-key-0123456789\n");
        key.close();
        QProcess server;
        server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        const std::uint16_t port = startSluiced(
            server, {"--data-dir", dir.path(), "--admin-key-file", dir.path() + "/admin.key"});
        QVERIFY2(port != 0, "sluiced did not start");
        const std::string answer = roundTrip(port, joinRequest());
        QCOMPARE(statusOf(answer), 201);
        QVERIFY2(answer.find("\"timeZone\":\"Asia/Seoul\"") != std::string::npos, answer.c_str());
        const std::string config =
            roundTrip(port, "GET /api/v1/admin/config HTTP/1.1\r\nHost: t\r\n"
                            "Authorization: Bearer test-admin-key-0123456789\r\n\r\n");
        QCOMPARE(statusOf(config), 200);
        QVERIFY2(config.find("\"timeZone\":\"Asia/Seoul\"") != std::string::npos, config.c_str());
        server.terminate();
        QVERIFY(server.waitForFinished(5000));
    }
};

QTEST_GUILESS_MAIN(TstSluicedQuickStart)
#include "tst_sluiced_quickstart.moc"
