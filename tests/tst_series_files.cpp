// SPDX-License-Identifier: Apache-2.0
// series.csv and audit.json read back: what the simulator and sluiced write, the reports
// read. Round trips keep every column (to the file's precision); broken files are refused
// naming the line.
#include "sim/sim_output.h"

#include <QTest>

using namespace sluice;

class TestSeriesFiles : public QObject {
    Q_OBJECT
private slots:
    void seriesRoundTrip() {
        std::vector<sim::SimSample> samples;
        for (int i = 0; i < 100; ++i) {
            sim::SimSample s;
            s.at = 1'626'692'400'000 + i * 1000;
            s.waiting = 1000u + static_cast<unsigned>(i);
            s.preQueued = 7;
            s.peopleQueued = 1007;
            s.activeSessions = 30;
            s.admittedUnclaimed = 2;
            s.capacity = 50;
            s.admissionRatePerMinute = 600;
            s.paused = i % 10 == 0;
            s.joinsPerSecond = 12.125;
            s.admitsPerSecond = 10.5;
            s.shownEstimateSeconds = 360.5;
            s.engineEstimateSeconds = 350.25;
            s.realisedWaitSeconds = 90.5;
            s.nodes = 2;
            s.queueRequests = 5000;
            s.queueErrors = 3;
            s.backendBusy = 30;
            s.backendCapacity = 50;
            s.backendErrors = 1;
            s.bookedTotal = 100u + static_cast<unsigned>(i);
            s.gaveUpTotal = 4;
            s.cheatAttemptsTotal = 9;
            s.cheatSuccessesTotal = 0;
            s.rejectedTokensTotal = 9;
            samples.push_back(s);
        }
        const std::string csv = sim::seriesCsv(samples, samples.front().at);
        auto back = sim::readSeriesCsv(csv);
        QVERIFY2(back.isOk(), back.status().message().c_str());
        QCOMPARE(back.value().size(), samples.size());
        // Written again, byte for byte the same file.
        QCOMPARE(sim::seriesCsv(back.value(), samples.front().at), csv);
        QCOMPARE(back.value()[10].paused, true);
        QCOMPARE(back.value()[99].bookedTotal, std::uint64_t{199});
        QCOMPARE(back.value()[3].engineEstimateSeconds, 350.2); // %.1f in the file

        // A file still being written: the last line without its newline is read.
        auto cut = sim::readSeriesCsv(std::string_view(csv).substr(0, csv.size() - 1));
        QVERIFY(cut.isOk());
        QCOMPARE(cut.value().size(), samples.size());
    }

    void brokenSeriesAreRefusedNamingTheLine() {
        std::vector<sim::SimSample> two(2);
        two[0].at = 1'000'000;
        two[1].at = 1'001'000;
        const std::string good = sim::seriesCsv(two, 0);
        QCOMPARE(sim::readSeriesCsv("a,b,c\n").status().message(),
                 std::string("series.csv line 1: not the sluice series header (docs/simulator.md "
                             "lists the columns)"));
        std::string shortRow = good;
        shortRow.erase(shortRow.rfind(','));
        QVERIFY(sim::readSeriesCsv(shortRow).status().message().starts_with(
            "series.csv line 3: expected 26 fields"));
        std::string letters = good;
        letters.replace(letters.rfind(",0\n"), 3, ",x\n");
        QCOMPARE(sim::readSeriesCsv(letters).status().message(),
                 std::string("series.csv line 3: a field is not a number"));
        std::vector<sim::SimSample> backwards = two;
        std::swap(backwards[0], backwards[1]);
        QCOMPARE(sim::readSeriesCsv(sim::seriesCsv(backwards, 0)).status().message(),
                 std::string("series.csv line 3: times must increase"));
    }

    void auditRoundTrip() {
        const std::vector<engine::AuditEntry> audit{
            {1'626'692'400'000, "ana", "admissionRatePerMinute", "5000", "4000"},
            {1'626'692'460'250, "bo \"quoted\"", "message", "", "Back at 21:00 KST"}};
        auto back = sim::readAuditJson(sim::auditJson(audit));
        QVERIFY2(back.isOk(), back.status().message().c_str());
        QCOMPARE(back.value(), audit);
        QVERIFY(!sim::readAuditJson("{}").isOk());
        QCOMPARE(sim::readAuditJson(R"([{"at": "yesterday", "operator": "x", "field": "f",
                                         "old": "1", "new": "2"}])")
                     .status()
                     .message(),
                 std::string("audit.json entry 1: needs at (UTC), operator, field, old, new"));
    }
};

QTEST_GUILESS_MAIN(TestSeriesFiles)
#include "tst_series_files.moc"
