// SPDX-License-Identifier: Apache-2.0
// The dashboard on the offscreen platform: samples from a running simulation reach the
// tiles and the charts, and the charts stay decimated however long the run.
#include "dashboard/control_panel.h"
#include "dashboard/dashboard_window.h"
#include "dashboard/following_spin_box.h"
#include "feed/simulation_feed.h"
#include "sim/scenario.h"
#include "sim_fixtures.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace sluice;

using testing::smallNight;

class TestDashboard : public QObject {
    Q_OBJECT
private slots:
    void controlsChangeTheEngineAndLandInTheTimeline() {
        const sim::Scenario sc = smallNight();
        ui::DashboardWindow window(sc);
        ui::SimulationFeed& feed = window.feed();
        window.show();
        feed.step(3700); // past the 20:00 opening
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3699, 30'000);
        QCOMPARE(window.controls()->rateBox()->value(), 300); // follows the run
        window.controls()->rateBox()->setValue(450);
        QTest::mouseClick(window.controls()->throttleButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("admissionRatePerMinute 300 → 450"),
                                 10'000);
        QTest::mouseClick(window.controls()->pauseButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.timelineText().contains("paused false → true"), 10'000);
        feed.step(3);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3702, 10'000);
        const sim::SimSample& last = window.store().last();
        QCOMPARE(last.admissionRatePerMinute, 450);
        QVERIFY(last.paused);
        QCOMPARE(last.admitsPerSecond, 0.0);
    }

    void brokenScenarioShowsAnErrorAndKeepsTheRun() {
        const sim::Scenario sc = smallNight();
        ui::DashboardWindow window(sc);
        window.show();
        window.feed().step(600);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 599, 30'000);
        const QString title = window.windowTitle();
        QTemporaryDir dir;
        const QString broken = dir.filePath("broken.json");
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "sluice-scenario/1", "name": "x", "event": {"capacity": "many"}})");
        f.close();
        QString error;
        QVERIFY(!window.openScenario(broken, &error));
        QVERIFY2(error.contains("event.capacity"), qPrintable(error));
        auto* box = window.findChild<QMessageBox*>("scenarioError");
        QVERIFY(box != nullptr);
        QVERIFY(box->text().contains("event.capacity"));
        QCOMPARE(window.windowTitle(), title);
        // The run goes on where it was.
        window.feed().step(60);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 659, 30'000);

        // A good one replaces the run.
        QVERIFY(window.openScenario("seed-night-2021", &error));
        QVERIFY(window.store().samples().empty());
        QVERIFY(window.windowTitle().contains("as it happened"));
        window.feed().step(30);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 29, 30'000);
    }

    void samplesReachTilesAndCharts() {
        const sim::Scenario sc = smallNight();
        ui::DashboardWindow window(sc);
        ui::SimulationFeed& feed = window.feed();
        window.show();
        feed.setSpeed(0);
        feed.step(3 * 3600);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3 * 3600 - 1, 60'000);
        QTest::qWait(250); // a repaint tick
        for (int chart = 0; chart < 4; ++chart) {
            const int points = window.chartPointCount(chart);
            QVERIFY2(points > 0, qPrintable(QString("chart %1 is empty").arg(chart)));
            // 10,800 samples, each line decimated to at most 1,200 points.
            QVERIFY2(points <= window.charts().lineCount(chart) * 1200,
                     qPrintable(QString::number(points)));
            QVERIFY(points >= window.charts().lineCount(chart) * 600); // one or two a bucket
        }
        QVERIFY(window.store().last().bookedTotal > 0);

        // Export writes files that parse back with every sample in them.
        QTemporaryDir dir;
        QString error;
        QVERIFY2(window.exportData(dir.path(), &error), qPrintable(error));
        QFile csv(dir.filePath("series.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QCOMPARE(static_cast<std::size_t>(lines.size()), window.store().samples().size() + 1);
        QVERIFY(lines[0].startsWith("time_utc,t_seconds,waiting"));
        QFile json(dir.filePath("series.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject doc = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(doc["format"].toString(), QString("sluice-series/1"));
        QCOMPARE(static_cast<std::size_t>(doc["columns"].toObject()["waiting"].toArray().size()),
                 window.store().samples().size());
        QFile audit(dir.filePath("audit.json"));
        QVERIFY(audit.open(QIODevice::ReadOnly));
        QVERIFY(QJsonDocument::fromJson(audit.readAll()).isArray());
    }
};

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
