// SPDX-License-Identifier: Apache-2.0
// The dashboard on the offscreen platform: samples from a running simulation reach the
// tiles and the charts, and the charts stay decimated however long the run.
#include "dashboard/dashboard_window.h"
#include "feed/simulation_feed.h"
#include "sim/scenario.h"

#include <QApplication>
#include <QSignalSpy>
#include <QtTest>

using namespace sluice;

class TestDashboard : public QObject {
    Q_OBJECT
private slots:
    void samplesReachTilesAndCharts() {
        auto sc =
            sim::loadScenario(SLUICE_SOURCE_DIR "/resources/scenarios/sluice-night-2021.json",
                              {"population.people=20000", "event.admissionRatePerMinute=300",
                               "event.capacity=1000", "backend.capacity=1000", "operatorPlan=[]"});
        QVERIFY(sc.isOk());
        ui::SimulationFeed feed(sc.value());
        ui::DashboardWindow window(feed, "test");
        window.show();
        feed.setSpeed(0);
        feed.step(3 * 3600);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() >= 3 * 3600 - 1, 60'000);
        QTest::qWait(250); // a repaint tick
        for (int chart = 0; chart < 4; ++chart) {
            const int points = window.chartPointCount(chart);
            QVERIFY2(points > 0, qPrintable(QString("chart %1 is empty").arg(chart)));
            // 10,800 samples, each line decimated to at most 1,200 points.
            QVERIFY2(points <= 2 * 1200, qPrintable(QString::number(points)));
        }
        QVERIFY(window.store().last().bookedTotal > 0);
    }
};

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
