// SPDX-License-Identifier: Apache-2.0
// The one gap splitter, incremental: samples added in batches are indexed once each (a
// refresh asks for the runs again without re-splitting the old samples), a gap across two
// batches is found, and the runs and chart points are those of splitting everything at once.
#include "dashboard/sample_store.h"
#include "feed/series_points.h"

#include <QTest>

using sluice::series::Sample;
using sluice::ui::GapIndex;
using sluice::ui::kGapMs;
using sluice::ui::Runs;

namespace {

// Seconds of samples from `fromSecond`, one a second, with `waiting` = the second.
std::vector<Sample> seconds(std::int64_t fromSecond, int count) {
    std::vector<Sample> out;
    for (int i = 0; i < count; ++i) {
        Sample s;
        s.at = (fromSecond + i) * 1000;
        s.waiting = static_cast<std::uint64_t>(fromSecond + i);
        out.push_back(s);
    }
    return out;
}

void add(std::vector<Sample>& to, const std::vector<Sample>& more) {
    to.insert(to.end(), more.begin(), more.end());
}

std::vector<std::size_t> sizesOf(const Runs& runs) {
    std::vector<std::size_t> out;
    for (const auto& run : runs) {
        out.push_back(run.size());
    }
    return out;
}

} // namespace

class TstGapIndex : public QObject {
    Q_OBJECT
private slots:
    void eachSampleIsExaminedOnceWhateverTheRefreshes() {
        std::vector<Sample> samples;
        GapIndex index;
        // A day of live data in batches of 120 (a tenth of a second at ×1200), the runs
        // asked for after every batch, as the charts do.
        for (int batch = 0; batch < 720; ++batch) {
            add(samples, seconds(batch * 120, 120));
            index.extend(samples);
            QCOMPARE(index.runs(samples).size(), std::size_t{1});
            QCOMPARE(index.examined(), samples.size());
        }
        QCOMPARE(index.examined(), std::size_t{86'400});
        index.extend(samples); // nothing new: nothing examined again
        QCOMPARE(index.examined(), std::size_t{86'400});
    }

    void findsAGapBetweenTwoBatches() {
        std::vector<Sample> samples = seconds(0, 10);
        GapIndex index;
        index.extend(samples);
        QCOMPARE(index.gapCount(), std::size_t{0});
        // 2.5 s apart is no gap; more than that is.
        samples.push_back(samples.back());
        samples.back().at += kGapMs;
        index.extend(samples);
        QCOMPARE(index.gapCount(), std::size_t{0});
        add(samples, seconds(100, 5));
        index.extend(samples);
        QCOMPARE(index.gapCount(), std::size_t{1});
        QCOMPARE(sizesOf(index.runs(samples)), (std::vector<std::size_t>{11, 5}));
        QCOMPARE(index.runs(samples)[1].front().at, 100'000);
    }

    void batchesGiveTheRunsOfSplittingAtOnce() {
        std::vector<Sample> samples;
        GapIndex index;
        const std::vector<std::pair<std::int64_t, int>> batches = {
            {0, 30}, {30, 7}, {40, 1}, {41, 20}, {200, 3}, {203, 50}, {300, 1}};
        for (const auto& [from, count] : batches) {
            add(samples, seconds(from, count));
            index.extend(samples);
        }
        const Runs once = sluice::ui::splitAtGaps(samples);
        QCOMPARE(sizesOf(index.runs(samples)), sizesOf(once));
        QCOMPARE(sizesOf(once), (std::vector<std::size_t>{37, 21, 53, 1}));
        const auto waiting = [](const Sample& s, const Sample&) {
            return static_cast<double>(s.waiting);
        };
        QCOMPARE(sluice::ui::segmentedPoints(index.runs(samples), waiting, 40),
                 sluice::ui::segmentedPoints(samples, waiting, 40));
    }

    void clearedIndexStartsAgain() {
        std::vector<Sample> samples = seconds(0, 5);
        add(samples, seconds(50, 5));
        GapIndex index;
        index.extend(samples);
        QCOMPARE(index.gapCount(), std::size_t{1});
        index.clear();
        samples = seconds(500, 3);
        index.extend(samples);
        QCOMPARE(index.gapCount(), std::size_t{0});
        QCOMPARE(sizesOf(index.runs(samples)), (std::vector<std::size_t>{3}));
        QVERIFY(index.runs({}).empty());
        QVERIFY(sluice::ui::splitAtGaps({}).empty());
    }

    // A node's history fills the seconds the console missed, and replaces the first second
    // after the gap when that one came live from fewer nodes (the other still reconnecting);
    // a second already held from as many nodes stays as it was.
    void historyFillsTheGapAndMendsASecondFromFewerNodes() {
        sluice::ui::SampleStore store;
        QList<Sample> live;
        for (std::int64_t second : {0, 1, 2, 9, 10}) {
            Sample s;
            s.at = second * 1000;
            s.nodes = 2;
            s.waiting = 7;
            live.append(s);
        }
        live[3].nodes = 1; // second 9: node b alone, node a reconnecting
        live[3].waiting = 5;
        store.append(live);
        QCOMPARE(store.gapCount(), std::size_t{1});
        QList<Sample> history;
        for (std::int64_t second = 3; second <= 10; ++second) {
            Sample s;
            s.at = second * 1000;
            s.nodes = 2;
            s.waiting = second == 10 ? 99 : 7; // 10 is held from both nodes: not replaced
            history.append(s);
        }
        QCOMPARE(store.fill(history), std::size_t{7}); // 3–8 added, 9 replaced
        QCOMPARE(store.gapCount(), std::size_t{0});
        QCOMPARE(store.samples().size(), std::size_t{11});
        for (const Sample& s : store.samples()) {
            QCOMPARE(s.nodes, 2);
            QCOMPARE(s.waiting, std::uint64_t{7});
        }
    }
};

QTEST_APPLESS_MAIN(TstGapIndex)
#include "tst_gap_index.moc"
