// SPDX-License-Identifier: Apache-2.0
// "Unknown" and "paused" are never a number on the console's charts (issue 14): an estimate
// without a figure is a gap in the estimate line, never a point at 0 ("no wait") nor a NaN
// handed to Qt Charts; and live nodes that all show words make an event estimate that is
// unknown too, not 0 (checked on two real, paused sluiced nodes).
#include "feed/chart_definitions.h"
#include "feed/series_points.h"
#include "live/live_feed.h"
#include "series/sample.h"
#include "sluiced_node.h"

#include <QtTest>
#include <cmath>
#include <csignal>

using namespace sluice;
using namespace sluice::testing;
using series::Sample;

namespace {

// One sample a second from 0; the estimate told to a newcomer is `estimate(second)`.
template <typename F> std::vector<Sample> night(int seconds, F estimate) {
    std::vector<Sample> out;
    for (int i = 0; i < seconds; ++i) {
        Sample s;
        s.at = std::int64_t{i} * 1000;
        s.shownEstimateSeconds = estimate(i);
        s.engineEstimateSeconds = s.shownEstimateSeconds;
        out.push_back(s);
    }
    return out;
}

// The console's estimate line (chart 2, first line), as the dashboard and report draw it.
const ui::Column& estimateColumn() {
    const ui::ChartLine& line = ui::chartDefinitions().at(1).lines.at(0);
    Q_ASSERT(line.name == "estimate");
    return line.column;
}

// No point of `pieces` is NaN, and none is at 0 (every figure in these nights is > 0).
bool noNaNNorZero(const std::vector<QList<QPointF>>& pieces) {
    for (const auto& piece : pieces) {
        for (const QPointF& p : piece) {
            if (!std::isfinite(p.y()) || p.y() == 0) {
                return false;
            }
        }
    }
    return true;
}

} // namespace

class TstUnknownOnCharts : public QObject {
    Q_OBJECT
    Node m_a, m_b;

private slots:
    void anUnknownStretchIsAGapInTheEstimateLine() {
        // 5 min shown, then 200 s of "unknown" (capacity 0), then 10 min shown.
        const auto samples = night(600, [](int i) {
            return i < 200 ? 300.0 : i < 400 ? series::kNoFigure : 600.0;
        });
        const auto pieces = ui::segmentedPoints(samples, estimateColumn(), 600);
        QCOMPARE(pieces.size(), std::size_t{2});
        QVERIFY(noNaNNorZero(pieces));
        QCOMPARE(pieces[0].size(), qsizetype{200});
        QCOMPARE(pieces[0].last().x(), 199'000.0);
        QCOMPARE(pieces[1].first().x(), 400'000.0);
        QCOMPARE(pieces[0].first().y(), 5.0);
        QCOMPARE(pieces[1].first().y(), 10.0);
    }

    void aDecimatedNightKeepsTheGapAndNoZero() {
        // A day at one sample a second, drawn in 600 points: the paused hour stays a gap.
        const auto samples = night(86'400, [](int i) {
            return i >= 30'000 && i < 33'600 ? series::kNoFigure : 60.0 + i % 97;
        });
        const auto pieces = ui::segmentedPoints(samples, estimateColumn(), 600);
        QCOMPARE(pieces.size(), std::size_t{2});
        QVERIFY(noNaNNorZero(pieces));
        QVERIFY(pieces[0].last().x() < 30'000'000.0);
        QVERIFY(pieces[1].first().x() >= 33'600'000.0);
    }

    void aFlickeringUnknownIsLeftOutNotDrawnAtZero() {
        // One "unknown" second in every thousand: narrower than a pixel column, so no gap
        // (and no thousand series), but never a point at 0 either.
        const auto samples =
            night(86'400, [](int i) { return i % 1000 == 7 ? series::kNoFigure : 120.0; });
        const auto pieces = ui::segmentedPoints(samples, estimateColumn(), 600);
        QCOMPARE(pieces.size(), std::size_t{1});
        QVERIFY(noNaNNorZero(pieces));
        // The what-if line (one list, no pieces) leaves them out too.
        QVERIFY(noNaNNorZero({ui::columnPoints(samples, estimateColumn(), 600)}));
        const auto few = night(10, [](int i) { return i == 3 ? series::kNoFigure : 120.0; });
        QCOMPARE(ui::columnPoints(few, estimateColumn(), 600).size(), qsizetype{9});
    }

    void everyNodeUnknownMakesTheEventUnknown() {
        // Two real nodes, both paused: each shows "paused", so the event's figure is none.
        std::signal(SIGPIPE, SIG_IGN);
        QVERIFY(m_a.prepare("night", false));
        QVERIFY(m_b.prepare("night", false));
        QVERIFY(m_a.start());
        QVERIFY(m_b.start());
        m_a.join(2);
        m_b.join(1);
        ui::LiveFeed feed({m_a.address("node-a"), m_b.address("node-b")});
        QList<Sample> samples;
        connect(&feed, &ui::Feed::sampled, this,
                [&samples](const QList<Sample>& s) { samples += s; });
        feed.start();
        QTRY_VERIFY_WITH_TIMEOUT(
            !samples.isEmpty() && samples.last().nodes == 2 && samples.last().waiting == 3, 10'000);
        const Sample& s = samples.last();
        QVERIFY(s.paused);
        QVERIFY2(!series::hasFigure(s.shownEstimateSeconds),
                 qPrintable(QString("shown %1 s").arg(s.shownEstimateSeconds)));
        QVERIFY(!series::hasFigure(s.engineEstimateSeconds));
        // And the chart draws nothing for those seconds (not a line at 0).
        std::vector<Sample> drawn(samples.begin(), samples.end());
        QVERIFY(ui::segmentedPoints(drawn, estimateColumn(), 600).empty());
    }
};

QTEST_GUILESS_MAIN(TstUnknownOnCharts)
#include "tst_unknown_on_charts.moc"
