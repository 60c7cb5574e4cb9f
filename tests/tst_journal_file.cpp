// SPDX-License-Identifier: Apache-2.0
// The journal file: records come back exactly as written; a file cut at any byte (a crash
// mid-write) reads back as the whole records before the cut, and appending after recovery
// continues cleanly; a corrupted record ends what is trusted; foreign files are refused; the
// bytes on disk are those docs/formats.md shows.
#include "journal/crc32c.h"
#include "journal/journal_file.h"
#include "journal/journal_record.h"

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace sluice::journal;
namespace fs = std::filesystem;

namespace {

std::string record(int i) {
    return "record " + std::to_string(i) + std::string(static_cast<std::size_t>(i % 37), 'x');
}

void copyPrefix(const fs::path& from, const fs::path& to, std::uint64_t bytes) {
    std::ifstream in(from, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const std::string all = text.str();
    std::ofstream out(to, std::ios::binary | std::ios::trunc);
    out.write(all.data(), static_cast<std::streamsize>(std::min<std::uint64_t>(bytes, all.size())));
}

} // namespace

class TstJournalFile : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    fs::path path(const char* name) const { return fs::path(m_dir.filePath(name).toStdString()); }

private slots:
    void crcKnownAnswer() {
        const std::string check = "123456789";
        QCOMPARE(
            crc32c(std::span(reinterpret_cast<const std::uint8_t*>(check.data()), check.size())),
            0xE3069283u); // the CRC-32C check value
    }

    void recordsComeBackAsWritten() {
        auto w = JournalWriter::open(path("a.journal"), 0);
        QVERIFY(w.isOk());
        for (int i = 0; i < 200; ++i) {
            w.value().append(i == 7 ? std::string() : record(i));
            if (i % 16 == 0) {
                QVERIFY(w.value().sync().isOk()); // group commits of various sizes
            }
        }
        QVERIFY(w.value().sync().isOk());
        auto r = readJournal(path("a.journal"));
        QVERIFY(r.isOk());
        QCOMPARE(r.value().records.size(), std::size_t{200});
        QCOMPARE(r.value().records[7], std::string());
        QCOMPARE(r.value().records[199], record(199));
        QVERIFY(!r.value().tornTail);
        QCOMPARE(r.value().validBytes,
                 static_cast<std::uint64_t>(fs::file_size(path("a.journal"))));
    }

    // A crash can stop the file at any byte: every cut reads back as the whole records
    // before it, and a writer reopened there appends cleanly after them.
    void everyCutRecoversTheWholeRecordsBeforeIt() {
        const fs::path full = path("full.journal");
        std::vector<std::uint64_t> ends; // file size after each record
        {
            auto w = JournalWriter::open(full, 0);
            QVERIFY(w.isOk());
            for (int i = 0; i < 12; ++i) {
                w.value().append(record(i));
                QVERIFY(w.value().sync().isOk());
                ends.push_back(w.value().size());
            }
        }
        const auto total = fs::file_size(full);
        for (std::uint64_t cut = 0; cut <= total; ++cut) {
            const fs::path torn = path("torn.journal");
            copyPrefix(full, torn, cut);
            auto r = readJournal(torn);
            QVERIFY(r.isOk());
            const auto whole = static_cast<std::size_t>(
                std::upper_bound(ends.begin(), ends.end(), cut) - ends.begin());
            QCOMPARE(r.value().records.size(), whole);
            for (std::size_t i = 0; i < whole; ++i) {
                QCOMPARE(r.value().records[i], record(static_cast<int>(i)));
            }
            QCOMPARE(r.value().tornTail, cut != r.value().validBytes && cut != 0);
            // Recovery: cut the tail, go on appending.
            auto w = JournalWriter::open(torn, r.value().validBytes);
            QVERIFY(w.isOk());
            w.value().append("after the crash");
            QVERIFY(w.value().sync().isOk());
            auto again = readJournal(torn);
            QVERIFY(again.isOk());
            QCOMPARE(again.value().records.size(), whole + 1);
            QCOMPARE(again.value().records.back(), std::string("after the crash"));
            QVERIFY(!again.value().tornTail);
        }
    }

    void corruptionEndsWhatIsTrusted() {
        const fs::path p = path("corrupt.journal");
        std::uint64_t third = 0;
        {
            auto w = JournalWriter::open(p, 0);
            for (int i = 0; i < 5; ++i) {
                if (i == 2) {
                    third = w.value().size();
                }
                w.value().append(record(i));
            }
            QVERIFY(w.value().sync().isOk());
        }
        {
            std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(static_cast<std::streamoff>(third + 8 + 3)); // inside record 2's payload
            f.put('#');
        }
        auto r = readJournal(p);
        QVERIFY(r.isOk());
        QCOMPARE(r.value().records.size(), std::size_t{2});
        QVERIFY(r.value().tornTail);
        QCOMPARE(r.value().validBytes, third);
    }

    // The example in docs/formats.md, byte for byte: what the format promises readers.
    void bytesOnDiskAreTheDocumentedLayout() {
        JournalRecord tick;
        tick.command = Command::Tick;
        tick.now = 1'626'692'400'250; // 2021-07-19 11:00:00.250 UTC
        tick.idle = {7, 9};
        const std::string payload = encodeRecord(tick);
        const std::string documented("\x06"
                                     "\x7A\x34\x6C\xBE\x7A\x01\x00\x00"
                                     "\x00\x00\x00\x00"
                                     "\x01"
                                     "\x02\x00\x00\x00\x00\x00\x00\x00"
                                     "\x07\x00\x00\x00"
                                     "\x09\x00\x00\x00",
                                     30);
        QCOMPARE(payload, documented);
        auto w = JournalWriter::open(path("documented.journal"), 0);
        QVERIFY(w.isOk());
        w.value().append(payload);
        QVERIFY(w.value().sync().isOk());
        std::ifstream in(path("documented.journal"), std::ios::binary);
        std::ostringstream file;
        file << in.rdbuf();
        QCOMPARE(file.str(), std::string("SLUICEJ1"
                                         "\x1E\x00\x00\x00"
                                         "\xD3\xFD\x30\x02",
                                         16) +
                                 documented);
    }

    // A cohort move comes back as written, and a configure record written before cohort
    // moves existed (its change starts with a 0/1 flag, not the C0 marker) still reads.
    void configureRecordsWithAndWithoutACohort() {
        JournalRecord move;
        move.command = Command::Configure;
        move.now = 1'626'692'400'000;
        move.operatorName = "ana";
        move.change.opensAt = 1'626'696'000'000;
        move.change.cohort = "50-52";
        move.idle = {3};
        auto back = decodeRecord(encodeRecord(move));
        QVERIFY(back.isOk());
        QCOMPARE(back.value().change.cohort, std::optional<std::string>("50-52"));
        QCOMPARE(back.value().change.opensAt, move.change.opensAt);
        QCOMPARE(back.value().idle, move.idle);

        JournalRecord plain = move;
        plain.change.cohort.reset();
        plain.change.paused = true;
        const std::string bytes = encodeRecord(plain);
        // command, now, seq, succeeded, operator (4 + 3 bytes), then the first flag: 0.
        QCOMPARE(bytes.at(1 + 8 + 4 + 1 + 4 + 3), '\0');
        auto old = decodeRecord(bytes);
        QVERIFY(old.isOk());
        QVERIFY(!old.value().change.cohort);
        QCOMPARE(old.value().change.paused, std::optional<bool>(true));
        QCOMPARE(old.value().change.opensAt, move.change.opensAt);
    }

    void foreignFileIsRefused() {
        std::ofstream(path("other.journal")) << "not a journal at all";
        auto r = readJournal(path("other.journal"));
        QVERIFY(!r.isOk());
        QVERIFY(r.status().message().find("not a Sluice journal") != std::string::npos);
        QVERIFY(!readJournal(path("missing.journal")).isOk());
    }
};

QTEST_GUILESS_MAIN(TstJournalFile)
#include "tst_journal_file.moc"
