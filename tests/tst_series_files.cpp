// SPDX-License-Identifier: Apache-2.0
// series.csv and audit.json read back: what the simulator and sluiced write, the reports
// read. Round trips keep every column (to the file's precision); broken files are refused
// naming the line.
#include "series/audit_json.h"
#include "series/series_csv.h"
#include "series/series_json.h"

#include <QTest>

using namespace sluice;

class TstSeriesFiles : public QObject {
    Q_OBJECT
private slots:
    void seriesRoundTrip() {
        std::vector<series::Sample> samples;
        for (int i = 0; i < 100; ++i) {
            series::Sample s;
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
        const std::string csv = series::seriesCsv(samples, samples.front().at);
        auto back = series::readSeriesCsv(csv);
        QVERIFY2(back.isOk(), back.status().message().c_str());
        QCOMPARE(back.value().size(), samples.size());
        // Written again, byte for byte the same file.
        QCOMPARE(series::seriesCsv(back.value(), samples.front().at), csv);
        QCOMPARE(back.value()[10].paused, true);
        QCOMPARE(back.value()[99].bookedTotal, std::uint64_t{199});
        QCOMPARE(back.value()[3].engineEstimateSeconds, 350.2); // %.1f in the file

        // A file still being written: the last line without its newline is read.
        auto cut = series::readSeriesCsv(std::string_view(csv).substr(0, csv.size() - 1));
        QVERIFY(cut.isOk());
        QCOMPARE(cut.value().size(), samples.size());
    }

    void headerIsTheDocumentedOne() {
        // docs/simulator.md and every reader of old files know these columns in this order.
        QCOMPARE(series::seriesCsvHeader(),
                 std::string("time_utc,t_seconds,waiting,pre_queued,people_queued,"
                             "active_sessions,admitted_unclaimed,capacity,rate_per_minute,paused,"
                             "joins_per_second,admits_per_second,shown_estimate_seconds,"
                             "engine_estimate_seconds,realised_wait_seconds,nodes,queue_requests,"
                             "queue_errors,backend_busy,backend_capacity,backend_errors,"
                             "booked_total,gave_up_total,cheat_attempts_total,"
                             "cheat_successes_total,rejected_tokens_total\n"));
    }

    void brokenSeriesAreRefusedNamingTheLine() {
        std::vector<series::Sample> two(2);
        two[0].at = 1'000'000;
        two[1].at = 1'001'000;
        const std::string good = series::seriesCsv(two, 0);
        QCOMPARE(series::readSeriesCsv("a,b,c\n").status().message(),
                 std::string("series.csv line 1: not the sluice series header (docs/simulator.md "
                             "lists the columns)"));
        std::string shortRow = good;
        shortRow.erase(shortRow.rfind(','));
        QVERIFY(series::readSeriesCsv(shortRow).status().message().starts_with(
            "series.csv line 3: expected 26 fields"));
        std::string letters = good;
        letters.replace(letters.rfind(",0\n"), 3, ",x\n");
        QCOMPARE(series::readSeriesCsv(letters).status().message(),
                 std::string("series.csv line 3: a field is not a number"));
        std::vector<series::Sample> backwards = two;
        std::swap(backwards[0], backwards[1]);
        QCOMPARE(series::readSeriesCsv(series::seriesCsv(backwards, 0)).status().message(),
                 std::string("series.csv line 3: times must increase"));
    }

    void auditRoundTrip() {
        const std::vector<engine::AuditEntry> audit{
            {1'626'692'400'000, "ana", "admissionRatePerMinute", "5000", "4000"},
            {1'626'692'460'250, "bo \"quoted\"", "message", "", "Back at 21:00 KST"}};
        auto back = series::readAuditJson(series::auditJson(audit));
        QVERIFY2(back.isOk(), back.status().message().c_str());
        QCOMPARE(back.value(), audit);
        QVERIFY(!series::readAuditJson("{}").isOk());
        QCOMPARE(series::readAuditJson(R"([{"at": "yesterday", "operator": "x", "field": "f",
                                         "old": "1", "new": "2"}])")
                     .status()
                     .message(),
                 std::string("audit.json entry 1: needs at (UTC), operator, field, old, new"));
    }
};

QTEST_GUILESS_MAIN(TstSeriesFiles)
#include "tst_series_files.moc"
