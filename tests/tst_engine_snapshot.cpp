// SPDX-License-Identifier: Apache-2.0
// The engine's snapshot: restoreState(saveState()) is the same engine — same digest with
// soft state, and it goes on exactly like the original under the same commands. Snapshots
// that are cut short, garbled or from something else are refused with a clear message.
#include "engine/event_config_codec.h"
#include "engine_fixtures.h"
#include "engine_workload.h"

#include <QFile>
#include <QTest>
#include <cstring>

using namespace sluice::engine;
using namespace sluice::test;

class TstEngineSnapshot : public QObject {
    Q_OBJECT

    static QueueEngine busyEngine(std::uint64_t seed, int commands, TimeMs& now) {
        EventConfig config = launchNight();
        config.capacity = 40;
        config.idleTimeoutSeconds = 30;
        config.shuffleSeed = seed;
        now = kOpening - 600 * kSecond;
        QueueEngine e = QueueEngine::create(config, now).value();
        e.recordAbandonments(true);
        SplitMix64 rng(seed);
        sluice::journal::JournalFilter filter;
        for (int i = 0; i < commands; ++i) {
            (void)randomCommand(e, rng, now, filter);
        }
        return e;
    }

private slots:
    void aRestoredEngineIsTheSameAndGoesOnTheSame_data() {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<int>("commands");
        QTest::addRow("new") << 1ULL << 0;
        QTest::addRow("before the opening") << 2ULL << 200;
        QTest::addRow("busy") << 3ULL << 20'000;
        QTest::addRow("busier") << 4ULL << 60'000;
    }
    void aRestoredEngineIsTheSameAndGoesOnTheSame() {
        QFETCH(quint64, seed);
        QFETCH(int, commands);
        TimeMs now = 0;
        QueueEngine live = busyEngine(seed, commands, now);
        if (commands >= 20'000) { // the workload reaches every kind of state
            QVERIFY(live.ticketCount() > 1'000);
            QVERIFY(live.activeSessions() > 0);
            QVERIFY(!live.audit().empty());
            QVERIFY(live.sampleMetrics(now).abandonsTotal > 0);
        }
        auto restored = QueueEngine::restoreState(live.saveState());
        QVERIFY2(restored.isOk(), restored.status().message().c_str());
        QueueEngine copy = std::move(restored).value();
        QCOMPARE(copy.digest(true), live.digest(true));
        QCOMPARE(copy.waitingCount(), live.waitingCount());
        QCOMPARE(copy.audit(), live.audit());
        // The rebuilt order index and expiry queues behave like the originals.
        copy.recordAbandonments(true);
        SplitMix64 a(seed + 100), b(seed + 100);
        TimeMs nowA = now, nowB = now;
        sluice::journal::JournalFilter fa, fb;
        for (int i = 0; i < 20'000; ++i) {
            (void)randomCommand(live, a, nowA, fa);
            (void)randomCommand(copy, b, nowB, fb);
        }
        // Long enough for sessions and claims to expire on both.
        live.tick(nowA + 7200 * kSecond);
        copy.tick(nowB + 7200 * kSecond);
        QCOMPARE(copy.digest(true), live.digest(true));
        const auto sa = live.sampleMetrics(nowA + 7201 * kSecond);
        const auto sb = copy.sampleMetrics(nowB + 7201 * kSecond);
        QCOMPARE(sb.claimExpiriesTotal, sa.claimExpiriesTotal);
        QCOMPARE(sb.sessionExpiriesTotal, sa.sessionExpiriesTotal);
        QCOMPARE(sb.joinsPerSecond, sa.joinsPerSecond);
    }

    void badSnapshotsAreRefused() {
        TimeMs now = 0;
        const QueueEngine live = busyEngine(7, 5'000, now);
        const std::string good = live.saveState();
        QVERIFY(QueueEngine::restoreState(good).isOk());
        // Cut anywhere: refused, never a crash or a half engine.
        for (std::size_t cut = 0; cut < good.size(); cut += 1 + cut / 7) {
            const auto r = QueueEngine::restoreState(std::string_view(good).substr(0, cut));
            QVERIFY2(!r.isOk(), qPrintable(QString("cut at %1 accepted").arg(cut)));
            QVERIFY(r.status().message().starts_with("snapshot: "));
        }
        QVERIFY(!QueueEngine::restoreState(good + "x").isOk());
        std::string foreign = good;
        foreign[0] = 'X';
        QCOMPARE(QueueEngine::restoreState(foreign).status().message(),
                 std::string("snapshot: not a Sluice engine snapshot"));
        // A ticket in a state that does not exist: the first ticket cell follows the magic,
        // the configuration, three times and a flag, and the ticket count.
        QueueEngine one = QueueEngine::create(launchNight(), kOpening).value();
        (void)one.join(kOpening + 1);
        std::string single = one.saveState();
        ByteWriter config;
        writeConfig(config, one.config());
        const std::size_t cell = 8 + config.buffer().size() + 8 + 8 + 1 + 8 + 8;
        QCOMPARE(static_cast<int>(single[cell + 3]), static_cast<int>(TicketState::Waiting));
        single[cell + 3] = static_cast<char>(0x7F); // the state: the u32's top byte
        QCOMPARE(QueueEngine::restoreState(single).status().message(),
                 std::string("snapshot: a ticket has an unknown state"));
    }
    void snapshotsOfEarlierVersionsAreStillRead() {
        // Written by the version-2 engine (before it learnt departures by waiting age): 300
        // tickets, the last of them 190th in line, 777 revoked and 555 device-mismatched
        // tokens counted. A server upgraded mid-event keeps its line; the forecaster starts
        // learning departures afresh.
        QFile file(SLUICE_SOURCE_DIR "/tests/data/engine_snapshot_v2.bin");
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray data = file.readAll();
        std::string bytes(data.constData(), static_cast<std::size_t>(data.size()));
        QCOMPARE(bytes.substr(0, 8), std::string("SLUICES2"));
        const TimeMs at = kOpening + 60 * kSecond;
        const auto check = [at](const std::string& snapshot, std::uint64_t deviceMismatches) {
            auto read = QueueEngine::restoreState(snapshot);
            QVERIFY2(read.isOk(), read.status().message().c_str());
            QueueEngine restored = std::move(read).value();
            QCOMPARE(restored.ticketCount(), 300u);
            QCOMPARE(restored.waitingCount(), std::uint64_t{190});
            const auto& counts = restored.tokenRejections();
            QCOMPARE(counts[static_cast<std::size_t>(TokenRejection::Revoked)], 777u);
            QCOMPARE(counts[static_cast<std::size_t>(TokenRejection::DeviceMismatch)],
                     deviceMismatches);
            restored.tick(at + kSecond);
            auto last = restored.poll(at + kSecond, 299);
            QVERIFY(last.isOk());
            QCOMPARE(last->state, TicketState::Waiting);
            QVERIFY(last->position > 0 && last->position <= 190);
            QVERIFY(last->wait.known);
            // Saved again, it is the current version and reads back the same.
            const std::string again = restored.saveState();
            QCOMPARE(again.substr(0, 8), std::string("SLUICES4"));
            QCOMPARE(restored.config().timeZone, std::string("UTC"));
            auto reread = QueueEngine::restoreState(again);
            QVERIFY(reread.isOk());
            QCOMPARE(reread->digest(), restored.digest());
        };
        check(bytes, 555);
        // Version 1 is version 2 without the last rejection counter (device_mismatch).
        std::string pair(16, '\0');
        const std::uint64_t revoked = 777;
        const std::uint64_t device = 555;
        std::memcpy(pair.data(), &revoked, 8); // little-endian, as the snapshot writes
        std::memcpy(pair.data() + 8, &device, 8);
        const std::size_t counter = bytes.find(pair);
        QVERIFY(counter != std::string::npos);
        bytes.erase(counter + 8, 8);
        bytes[7] = '1';
        check(bytes, 0);
    }
    void theEventsTimeZoneIsKeptAndEarlierSnapshotsReadAsUtc() {
        EventConfig config = launchNight();
        config.timeZone = "Asia/Seoul";
        QueueEngine seoul = QueueEngine::create(config, kOpening).value();
        (void)seoul.join(kOpening + 1);
        const std::string saved = seoul.saveState();
        auto read = QueueEngine::restoreState(saved);
        QVERIFY2(read.isOk(), read.status().message().c_str());
        QCOMPARE(read->config().timeZone, std::string("Asia/Seoul"));
        // Version 3 is version 4 without the zone after the configuration's message.
        ByteWriter zone;
        zone.text(config.timeZone);
        const std::size_t at = saved.find(zone.buffer());
        QVERIFY(at != std::string::npos);
        std::string v3 = saved;
        v3.erase(at, zone.buffer().size());
        v3[7] = '3';
        auto old = QueueEngine::restoreState(v3);
        QVERIFY2(old.isOk(), old.status().message().c_str());
        QCOMPARE(old->config().timeZone, std::string("UTC"));
        QCOMPARE(old->ticketCount(), 1u);
        // A zone name that could walk the file system is refused even from a snapshot.
        config.timeZone = "../../etc/passwd";
        QVERIFY(config.validate().message().find("timeZone: ") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TstEngineSnapshot)
#include "tst_engine_snapshot.moc"
