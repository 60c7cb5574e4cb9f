// SPDX-License-Identifier: Apache-2.0
// Issue 17: several what-ifs at once, driven as an operator does it on the offscreen platform.
// The built-in night (smaller, with room on the site so the rate is what limits) runs to
// 20:05 KST; three what-ifs at 4,000, 6,000 and 8,000 a minute are typed into the what-if
// panel and projected: each stays, dashed in its own colour on the charts with its label in
// the legend, and as a row of the comparison table under the run itself (the model checked
// by QAbstractItemModelTester); a higher rate empties the line no later. Another what-if
// adds a row, the report's data carries the table, Ctrl+Shift+J clears them all, and
// another run starts without any.
#include "dashboard/chart_grid.h"
#include "dashboard/dashboard_window.h"
#include "dashboard/following_spin_box.h"
#include "dashboard/what_if_comparison.h"
#include "dashboard/what_if_outcomes_model.h"
#include "dashboard/what_if_panel.h"
#include "own_settings.h"
#include "sim/scenario.h"
#include "sim_fixtures.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDockWidget>
#include <QFile>
#include <QGraphicsTextItem>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace sluice;
using testing::smallNight;

namespace {

// The Sluice night with 151,000 people, arrivals over by 20:30, a site that holds everyone
// admitted (the admission rate is the limit), and 3 hours long: a projection takes a second.
sim::Scenario night() {
    return smallNight({"population.people=151000", "population.tailSeconds=1200",
                       "event.admissionRatePerMinute=2000", "event.capacity=100000",
                       "backend.capacity=100000", "durationSeconds=10800"});
}

void activate(QMainWindow& window) {
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
}

void runFor(ui::DashboardWindow& window, int seconds) {
    const std::size_t before = window.store().samples().size();
    window.session().setSpeed(0);
    window.session().step(seconds);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.store().samples().size() + 1 >= before + static_cast<std::size_t>(seconds), 60'000);
    QTest::qWait(300);
}

// Types `value` into a spin box as a person does (select all, type, no Enter) and projects
// with the button; waits for the comparison to hold `expected` what-ifs.
void project(ui::DashboardWindow& window, QSpinBox* box, int value, int expected) {
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, QString::number(value));
    QCOMPARE(box->value(), value);
    QTest::mouseClick(window.whatIf()->projectButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(window.comparison()->count(), expected, 60'000);
}

QString cell(const ui::WhatIfOutcomesModel& m, int row, ui::OutcomeColumn c,
             int role = Qt::DisplayRole) {
    return m.data(m.index(row, static_cast<int>(c)), role).toString();
}

qint64 emptyAt(const ui::WhatIfOutcomesModel& m, int row) {
    const QVariant v =
        m.data(m.index(row, static_cast<int>(ui::OutcomeColumn::EmptyAt)), Qt::UserRole);
    return v.isValid() ? v.toLongLong() : std::numeric_limits<qint64>::max();
}

} // namespace

class TstWhatIfComparison : public QObject {
    Q_OBJECT
    QTemporaryDir m_settings;

private slots:
    void initTestCase() {
        QVERIFY(sluice::testing::useOwnSettings(m_settings, "tst_what_if_comparison"));
    }

    void init() { QSettings().clear(); }

    void threeRatesSideBySideUntilCleared() {
        ui::DashboardWindow window(night());
        window.resize(1280, 720); // the smallest screen the console is laid out for
        activate(window);
        ui::WhatIfOutcomesModel& model = *window.comparison()->model();
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(!window.comparisonShown()); // nothing to compare yet
        runFor(window, 3900);               // 20:05 KST, a long line

        ui::WhatIfPanel& panel = *window.whatIf();
        const QStringList labels{"rate 4,000/min", "rate 6,000/min", "rate 8,000/min"};
        project(window, panel.rateBox(), 4000, 1);
        QVERIFY(window.comparisonShown()); // shown with the first
        project(window, panel.rateBox(), 6000, 2);
        project(window, panel.rateBox(), 8000, 3);
        // The comparison shares the timeline's room: the window keeps its size and the
        // charts their time axes (a dock of its own grew it to 745 px, axes "…").
        QTest::qWait(300);
        QCOMPARE(window.size(), QSize(1280, 720));
        for (const QChartView* view : window.findChildren<QChartView*>()) {
            for (const QGraphicsItem* item : view->scene()->items()) {
                const auto* text = dynamic_cast<const QGraphicsTextItem*>(item);
                if (text != nullptr && text->isVisible()) {
                    QVERIFY2(!text->toPlainText().contains(QChar(0x2026)),
                             qPrintable(view->chart()->title() + ": " + text->toPlainText()));
                }
            }
        }

        // On the charts: three dashed series on each projected line, each in its colour,
        // the legend naming it by its label.
        for (int c : {0, 1, 2}) {
            const QList<QLineSeries*> dashed = window.charts().projectionSeries(c);
            QCOMPARE(dashed.size(), 3);
            QSet<QRgb> colours;
            for (int k = 0; k < 3; ++k) {
                QLineSeries* s = dashed[k];
                QCOMPARE(s->pen().style(), Qt::DashLine);
                QVERIFY(s->count() > 0);
                colours.insert(s->pen().color().rgb());
                QCOMPARE(s->name(), labels[k]);
                const QList<QLegendMarker*> markers =
                    window.charts().view(c)->chart()->legend()->markers(s);
                QCOMPARE(markers.size(), 1);
                // A marker's item is shown once its legend is laid out again (under load
                // ctest -j2 caught it a moment before).
                QTRY_VERIFY_WITH_TIMEOUT(markers.front()->isVisible(), 5'000);
                QCOMPARE(markers.front()->label(), labels[k]);
            }
            QCOMPARE(colours.size(), 3);
        }
        QVERIFY(window.charts()
                    .valuesAt(0, window.store().last().at + 600'000)
                    .contains("waiting (what-if: rate 8,000/min): "));

        // The table: the run first, then each what-if.
        auto* table = window.comparison()->findChild<QTableView*>("whatIfOutcomes");
        QVERIFY(table != nullptr && table->isVisible());
        QCOMPARE(table->model()->rowCount(), 4);
        QCOMPARE(cell(model, 0, ui::OutcomeColumn::Label), QString("the run"));
        const QString now = window.eventTime().clock(window.store().last().at); // "20:04 KST"
        QVERIFY2(QRegularExpression("^20:0\\d KST$").match(now).hasMatch(), qPrintable(now));
        QCOMPARE(cell(model, 0, ui::OutcomeColumn::From), "to " + now);
        for (int k = 0; k < 3; ++k) {
            QCOMPARE(cell(model, k + 1, ui::OutcomeColumn::Label), labels[k]);
            // Forked where the run stood (its clock a second past the last sample received).
            const engine::TimeMs fork = window.charts().projections().at(k).result.from;
            QVERIFY(std::llabs(fork - window.store().last().at) <= 1000);
            QCOMPARE(cell(model, k + 1, ui::OutcomeColumn::From), window.eventTime().clock(fork));
            const QString empty = cell(model, k + 1, ui::OutcomeColumn::EmptyAt);
            QVERIFY2(QRegularExpression("^2[01]:\\d\\d KST$").match(empty).hasMatch(),
                     qPrintable(empty));
            QVERIFY(cell(model, k + 1, ui::OutcomeColumn::P90Wait).contains("min"));
            QVERIFY(model.data(model.index(k + 1, 0), Qt::DecorationRole).canConvert<QColor>());
        }
        // The run so far has not emptied its line; the what-ifs have, a higher rate no later.
        QVERIFY2(cell(model, 0, ui::OutcomeColumn::EmptyAt).startsWith("not by " + now),
                 qPrintable(cell(model, 0, ui::OutcomeColumn::EmptyAt)));
        QVERIFY(emptyAt(model, 2) <= emptyAt(model, 1));
        QVERIFY(emptyAt(model, 3) <= emptyAt(model, 2));
        QVERIFY2(emptyAt(model, 3) < emptyAt(model, 1),
                 qPrintable(cell(model, 3, ui::OutcomeColumn::EmptyAt) + " vs " +
                            cell(model, 1, ui::OutcomeColumn::EmptyAt)));
        // Each what-if runs the night to its end: more admitted than the run so far.
        const auto admitted = [&](int row) {
            return model
                .data(model.index(row, static_cast<int>(ui::OutcomeColumn::Admitted)), Qt::UserRole)
                .toULongLong();
        };
        QVERIFY(admitted(1) > admitted(0));
        QVERIFY(admitted(3) >= admitted(1));
        // p90 wait from each person's own wait (the simulation's summary), shorter at 8,000.
        QCOMPARE(
            model
                .data(model.index(1, static_cast<int>(ui::OutcomeColumn::P90Wait)), Qt::ToolTipRole)
                .toString()
                .contains("each person"),
            true);
        QVERIFY(
            model.data(model.index(3, static_cast<int>(ui::OutcomeColumn::P90Wait)), Qt::UserRole)
                .toDouble() <
            model.data(model.index(1, static_cast<int>(ui::OutcomeColumn::P90Wait)), Qt::UserRole)
                .toDouble());

        // Another what-if: another row. The panel's nodes box follows the run (4 nodes).
        auto* nodes = panel.findChildren<ui::FollowingSpinBox*>().at(2);
        QCOMPARE(nodes->value(), 4);
        panel.rateBox()->setValue(2000); // the run's rate again: not part of this what-if
        project(window, nodes, 12, 4);
        QCOMPARE(table->model()->rowCount(), 5);
        QCOMPARE(cell(model, 4, ui::OutcomeColumn::Label), QString("+8 queue nodes"));
        QCOMPARE(window.charts().projectionSeries(0).size(), 4);

        // The report's data carries the table, the run first.
        QTemporaryDir dir;
        QSignalSpy written(&window, &ui::DashboardWindow::reportFinished);
        window.exportReport(dir.path());
        QTRY_COMPARE_WITH_TIMEOUT(written.size(), 1, 60'000);
        QCOMPARE(written.front().at(1).toString(), QString());
        QFile json(dir.filePath("what-ifs.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonArray rows = QJsonDocument::fromJson(json.readAll())["outcomes"].toArray();
        QCOMPARE(rows.size(), 5);
        QCOMPARE(rows[0]["label"].toString(), QString("the run"));
        QVERIFY(rows[0]["reference"].toBool());
        QCOMPARE(rows[1]["label"].toString(), labels[0]);
        QVERIFY(rows[1]["emptyAt"].toString().endsWith("Z"));
        QCOMPARE(rows[4]["label"].toString(), QString("+8 queue nodes"));
        QFile csv(dir.filePath("what-ifs.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QByteArray csvText = csv.readAll();
        qInfo().noquote() << "what-ifs.csv:\n" + csvText;
        const QList<QByteArray> lines = csvText.trimmed().split('\n');
        QCOMPARE(lines.size(), 6); // the header and five rows
        QVERIFY(lines[2].startsWith("\"rate 4,000/min\",0,"));
        QVERIFY(QFile::exists(dir.filePath("report.pdf")));
        // The PDF's first page carries the table too (pdftotext reads it back).
        QProcess pdftotext;
        pdftotext.start("pdftotext",
                        {"-layout", "-f", "1", "-l", "1", dir.filePath("report.pdf"), "-"});
        QVERIFY(pdftotext.waitForFinished(60'000));
        const QString pageOne = QString::fromUtf8(pdftotext.readAllStandardOutput());
        for (const QString& expected : {QString("What-if comparison"), QString("the run"),
                                        labels[0], labels[2], QString("+8 queue nodes")}) {
            QVERIFY2(pageOne.contains(expected),
                     qPrintable("missing: " + expected + "\n" + pageOne));
        }

        // Ctrl+Shift+J clears them: no rows, no dashed lines; the export has no table.
        QTest::keyClick(&window, Qt::Key_J, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(window.comparison()->count(), 0);
        QCOMPARE(table->model()->rowCount(), 0);
        for (int c = 0; c < ui::ChartGrid::kCharts; ++c) {
            QCOMPARE(window.charts().projectionPointCount(c), 0);
            QVERIFY(window.charts().projectionSeries(c).isEmpty());
        }
        QVERIFY(!panel.clearButton()->isEnabled());
        QTemporaryDir after;
        QString error;
        QVERIFY2(window.exportData(after.path(), &error), qPrintable(error));
        QVERIFY(!QFile::exists(after.filePath("what-ifs.csv")));
    }

    // A what-if kept, then another run: the comparison starts empty with it.
    void anotherRunClearsThem() {
        ui::DashboardWindow window(night());
        activate(window);
        runFor(window, 3900);
        project(window, window.whatIf()->rateBox(), 8000, 1);
        QVERIFY(window.comparison()->clearButton()->isEnabled());
        QVERIFY(window.openScenario(SLUICE_SOURCE_DIR "/resources/scenarios/seed-night-2021.json"));
        QCOMPARE(window.comparison()->count(), 0);
        QCOMPARE(window.comparison()->model()->rowCount(), 0);
        QVERIFY(window.charts().projectionSeries(0).isEmpty());
    }
};

QTEST_MAIN(TstWhatIfComparison)
#include "tst_what_if_comparison.moc"
