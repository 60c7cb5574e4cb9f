// SPDX-License-Identifier: Apache-2.0
// Issue 18, item 9, on the offscreen platform: the console at 1280×720 through a run of the
// built-in night. Time axes keep their times (no "…"), chart legends and titles are whole,
// every tile lies inside the window with its figures readable, and the window keeps its
// size while the tiles fill with large numbers and "(stale)" captions.
//
// SLUICE_LAYOUT_SHOT=<file.png> saves what the window looked like at the end, to look at.
#include "dashboard/chart_grid.h"
#include "dashboard/dashboard_window.h"
#include "dashboard/metric_tile.h"
#include "dashboard/tile_board.h"
#include "own_settings.h"
#include "sim_fixtures.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace sluice;

namespace {

constexpr int kWidth = 1280;
constexpr int kHeight = 720;

bool elided(const QString& text) {
    return text.contains(QChar(0x2026)) || text.contains("...");
}

// Every text the charts show (axis labels and titles, legend labels, chart titles), as
// drawn: Qt Charts elides what does not fit.
QStringList elidedChartTexts(const ui::DashboardWindow& window) {
    QStringList bad;
    for (const QChartView* view : window.findChildren<QChartView*>()) {
        if (!view->isVisible()) {
            continue;
        }
        for (const QGraphicsItem* item : view->scene()->items()) {
            const auto* text = dynamic_cast<const QGraphicsTextItem*>(item);
            if (text != nullptr && text->isVisible() && elided(text->toPlainText())) {
                const QRectF at = text->sceneBoundingRect();
                bad << QString("%1: \"%2\" at %3,%4 (%5 wide, in a %6-pixel chart)")
                           .arg(view->chart()->title(), text->toPlainText())
                           .arg(at.x())
                           .arg(at.y())
                           .arg(at.width())
                           .arg(view->width());
            }
        }
    }
    return bad;
}

// Every text drawn in the chart titled `title` (axis labels among them).
QStringList chartTexts(const ui::DashboardWindow& window, const QString& title) {
    QStringList texts;
    for (const QChartView* view : window.findChildren<QChartView*>()) {
        if (view->chart()->title() != title) {
            continue;
        }
        for (const QGraphicsItem* item : view->scene()->items()) {
            if (const auto* text = dynamic_cast<const QGraphicsTextItem*>(item);
                text != nullptr && text->isVisible()) {
                texts << text->toPlainText();
            }
        }
    }
    return texts;
}

// Tiles outside the window, or a caption, figure or detail wider or taller than its label.
QStringList clippedTiles(const ui::DashboardWindow& window) {
    QStringList bad;
    const QRect inside = window.rect();
    for (const ui::MetricTile* tile : window.findChildren<ui::MetricTile*>()) {
        const QRect at(tile->mapTo(&window, QPoint(0, 0)), tile->size());
        if (!inside.contains(at)) {
            bad << QString("%1 at %2,%3 %4×%5 outside the window")
                       .arg(tile->accessibleName())
                       .arg(at.x())
                       .arg(at.y())
                       .arg(at.width())
                       .arg(at.height());
        }
        for (const QLabel* label : tile->findChildren<QLabel*>()) {
            if (label->text().isEmpty()) {
                continue;
            }
            const QFontMetrics m(label->font());
            const int wide = m.horizontalAdvance(label->text());
            if (wide > label->contentsRect().width() ||
                m.height() > label->contentsRect().height()) {
                bad << QString("%1: \"%2\" needs %3×%4, has %5×%6")
                           .arg(tile->accessibleName(), label->text())
                           .arg(wide)
                           .arg(m.height())
                           .arg(label->contentsRect().width())
                           .arg(label->contentsRect().height());
            }
        }
    }
    return bad;
}

void settle() {
    QTest::qWait(600); // the tiles and every chart redrawn (a chart a repaint tick)
    QApplication::processEvents();
}

} // namespace

class TstConsoleLayout : public QObject {
    Q_OBJECT
    QTemporaryDir m_settings; // the tests' own settings, never the user's

private slots:
    void initTestCase() {
        QVERIFY(sluice::testing::useOwnSettings(m_settings, "tst_console_layout"));
    }

    void builtInNightAt1280By720() {
        QSettings().clear();
        ui::DashboardWindow window(testing::loadPreset("sluice-night-2021.json"));
        window.resize(kWidth, kHeight);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        settle();
        QCOMPARE(window.size(), QSize(kWidth, kHeight));
        QVERIFY2(elidedChartTexts(window).isEmpty(),
                 qPrintable(elidedChartTexts(window).join('\n')));

        // Past the opening and the peak of the night: six-figure queues in the tiles.
        window.session().setSpeed(0);
        const int seconds = 90 * 60; // 19:00 to 20:30, half an hour after the opening
        window.session().step(seconds);
        QTRY_VERIFY_WITH_TIMEOUT(window.store().samples().size() + 1 >= std::size_t{seconds},
                                 240'000);
        settle();
        QVERIFY(window.store().last().waiting > 100'000);
        QCOMPARE(window.size(), QSize(kWidth, kHeight));
        QVERIFY2(elidedChartTexts(window).isEmpty(),
                 qPrintable(elidedChartTexts(window).join('\n')));
        QVERIFY2(clippedTiles(window).isEmpty(), qPrintable(clippedTiles(window).join('\n')));
        // Six-figure queues read at a glance on the y axis: "500,000", not "500000".
        const QStringList waitingTexts = chartTexts(window, "Waiting and joins");
        QVERIFY2(waitingTexts.filter(QRegularExpression("^\\d{1,3}(,\\d{3})+$")).size() >= 1 &&
                     waitingTexts.filter(QRegularExpression("^\\d{4,}$")).isEmpty(),
                 qPrintable(waitingTexts.join(" | ")));

        // The "(stale)" captions of a live outage neither widen the window nor get clipped.
        ui::TileBoard* tiles = &window.tiles();
        tiles->setStale(true);
        settle();
        QCOMPARE(window.size(), QSize(kWidth, kHeight));
        QVERIFY2(clippedTiles(window).isEmpty(), qPrintable(clippedTiles(window).join('\n')));

        if (const QString shot = qEnvironmentVariable("SLUICE_LAYOUT_SHOT"); !shot.isEmpty()) {
            tiles->setStale(false);
            settle();
            QVERIFY(window.grab().save(shot));
        }
    }
};

QTEST_MAIN(TstConsoleLayout)
#include "tst_console_layout.moc"
