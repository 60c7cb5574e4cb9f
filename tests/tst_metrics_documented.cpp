// SPDX-License-Identifier: Apache-2.0
// The metrics documentation and the alerting rules against a real sluiced's /metrics: every
// metric the node exposes is documented in docs/metrics.md, and every metric the rules in
// packaging/prometheus/sluiced-alerts.yml use is documented there (so an alert cannot watch a
// name nobody explains, and a new metric cannot ship unexplained).
#include "sluiced_process.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace sluice::testing;

namespace {

QString readText(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// Every sluice_… name in `text` that `pattern` captures.
QSet<QString> names(const QString& text, const QString& pattern) {
    QSet<QString> found;
    auto it = QRegularExpression(pattern, QRegularExpression::MultilineOption).globalMatch(text);
    while (it.hasNext()) {
        found.insert(it.next().captured(1));
    }
    return found;
}

QString listed(QSet<QString> set) {
    QStringList list(set.begin(), set.end());
    list.sort();
    return list.join(", ");
}

} // namespace

class TstMetricsDocumented : public QObject {
    Q_OBJECT
    QSet<QString> m_documented; // names in backquotes in docs/metrics.md

private slots:
    void initTestCase() {
        m_documented = names(readText(SLUICE_SOURCE_DIR "/docs/metrics.md"), "`(sluice_\\w+)");
        QVERIFY(m_documented.size() > 20);
    }

    void everyExposedMetricIsDocumented() {
        QTemporaryDir dir;
        QFile event(dir.path() + "/event.json");
        QVERIFY(event.open(QIODevice::WriteOnly));
        event.write(R"({"eventId": "metrics", "opensAt": "2021-07-19T11:00:00Z",
                        "admissionRatePerMinute": 60, "capacity": 5, "paused": true})");
        event.close();
        QProcess server;
        server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        const std::uint16_t port = startSluiced(server, {"--data-dir", dir.path()});
        QVERIFY2(port != 0, "sluiced did not start");
        const std::string answer =
            roundTrip(port, "GET /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        server.terminate();
        QVERIFY(server.waitForFinished(5000));
        QCOMPARE(statusOf(answer), 200);
        const QSet<QString> exposed =
            names(QString::fromStdString(bodyOf(answer)), "^# TYPE (sluice_\\w+) ");
        QVERIFY(exposed.contains("sluice_waiting"));
        // An unknown estimate is NaN, never a 0 that reads as "no wait" (the event is paused).
        const QString body = QString::fromStdString(bodyOf(answer));
        QVERIFY2(body.contains("\nsluice_estimate_known 0\n") &&
                     body.contains("\nsluice_estimated_wait_seconds NaN\n"),
                 qPrintable(body.left(2000)));
        const QSet<QString> undocumented = QSet<QString>(exposed).subtract(m_documented);
        QVERIFY2(undocumented.isEmpty(),
                 qPrintable("exposed, not in docs/metrics.md: " + listed(undocumented)));
    }

    void everyMetricTheAlertsUseIsDocumented() {
        const QString rules =
            readText(SLUICE_SOURCE_DIR "/packaging/prometheus/sluiced-alerts.yml");
        const QSet<QString> used = names(rules, "\\b(sluice_\\w+)");
        QVERIFY(used.contains("sluice_estimated_wait_seconds"));
        const QSet<QString> undocumented = QSet<QString>(used).subtract(m_documented);
        QVERIFY2(undocumented.isEmpty(),
                 qPrintable("used by the alerts, not in docs/metrics.md: " + listed(undocumented)));
    }
};

QTEST_GUILESS_MAIN(TstMetricsDocumented)
#include "tst_metrics_documented.moc"
