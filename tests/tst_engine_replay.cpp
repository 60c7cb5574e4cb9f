// SPDX-License-Identifier: Apache-2.0
// The journal's contract with the engine: replaying the journaled commands — joins, leaves,
// claims, completions, configuration changes, ticks, and only those polls that abandoned
// someone — each with the tickets it found idle, rebuilds exactly the same engine (all but
// soft state), though the replay never sees the polls that kept people alive.
#include "engine/prng.h"
#include "engine_fixtures.h"

#include <QTest>
#include <vector>

using namespace sluice::engine;
using namespace sluice::test;

namespace {

enum class Kind { Join, Poll, Leave, Claim, Complete, Tick, Configure };

struct Entry {
    Kind kind;
    TimeMs now;
    TicketSeq seq = 0;
    ConfigChange change;
    std::vector<TicketSeq> idle;
};

void apply(QueueEngine& e, const Entry& x) {
    switch (x.kind) {
    case Kind::Join:
        (void)e.join(x.now);
        break;
    case Kind::Poll:
        (void)e.poll(x.now, x.seq);
        break;
    case Kind::Leave:
        (void)e.leave(x.now, x.seq);
        break;
    case Kind::Claim:
        (void)e.claim(x.now, x.seq);
        break;
    case Kind::Complete:
        (void)e.complete(x.now, x.seq);
        break;
    case Kind::Tick:
        e.tick(x.now);
        break;
    case Kind::Configure:
        (void)e.configure(x.now, "ops", x.change);
        break;
    }
}

} // namespace

class TstEngineReplay : public QObject {
    Q_OBJECT
private slots:
    void replayRebuildsTheEngine_data() {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<bool>("randomOrder");
        for (quint64 seed : {1ULL, 2ULL, 3ULL, 4ULL}) {
            QTest::addRow("fifo seed %llu", seed) << seed << false;
            QTest::addRow("random seed %llu", seed) << seed << true;
        }
    }
    void replayRebuildsTheEngine() {
        QFETCH(quint64, seed);
        QFETCH(bool, randomOrder);
        EventConfig config = launchNight();
        config.preQueuePolicy =
            randomOrder ? PreQueuePolicy::RandomAtOpening : PreQueuePolicy::Fifo;
        config.capacity = 40;
        config.idleTimeoutSeconds = 30; // short, so that many go idle
        const TimeMs start = kOpening - 600 * kSecond;
        QueueEngine live = QueueEngine::create(config, start).value();
        live.recordAbandonments(true);
        SplitMix64 rng(seed);
        std::vector<Entry> journal;
        TimeMs now = start;
        std::uint64_t polls = 0, skippedPolls = 0, abandoned = 0;
        for (int i = 0; i < 60'000; ++i) {
            now += static_cast<TimeMs>(rng.next() % 200);
            const std::uint32_t tickets = live.ticketCount();
            const auto anyone = [&] {
                return static_cast<TicketSeq>(rng.next() % std::max(1u, tickets));
            };
            Entry x{Kind::Tick, now, 0, {}, {}};
            const std::uint64_t r = rng.next() % 100;
            if (r < 12 || tickets == 0) {
                x.kind = Kind::Join;
            } else if (r < 70) {
                x.kind = Kind::Poll; // most people poll, some stop (and go idle)
                x.seq = static_cast<TicketSeq>(rng.next() % (tickets * 3 / 4 + 1));
                x.seq = std::min<TicketSeq>(x.seq, tickets - 1);
            } else if (r < 73) {
                x.kind = Kind::Leave;
                x.seq = anyone();
            } else if (r < 80) {
                x.kind = Kind::Claim;
                x.seq = anyone();
            } else if (r < 85) {
                x.kind = Kind::Complete;
                x.seq = anyone();
            } else if (r < 99) {
                x.kind = Kind::Tick;
            } else {
                x.kind = Kind::Configure;
                x.change.admissionRatePerMinute = static_cast<int>(100 + rng.next() % 1000);
                if (rng.next() % 4 == 0) {
                    x.change.paused = rng.next() % 2 == 0;
                }
            }
            apply(live, x);
            x.idle = live.takeAbandoned();
            abandoned += x.idle.size();
            if (x.kind == Kind::Poll) {
                ++polls;
                if (x.idle.empty()) {
                    ++skippedPolls; // soft state only: not journaled
                    continue;
                }
            }
            journal.push_back(std::move(x));
        }
        QVERIFY2(abandoned > 100, "the run must exercise abandonment");
        QVERIFY(skippedPolls > polls / 2);

        QueueEngine replayed = QueueEngine::create(config, start).value();
        for (const Entry& x : journal) {
            replayed.setReplayIdle(&x.idle);
            apply(replayed, x);
            replayed.setReplayIdle(nullptr);
        }
        QCOMPARE(replayed.digest(false), live.digest(false));
        QCOMPARE(replayed.waitingCount(), live.waitingCount());
        QCOMPARE(replayed.activeSessions(), live.activeSessions());
        // Without the recorded abandonments the replay would go wrong: the check can fail.
        QueueEngine naive = QueueEngine::create(config, start).value();
        for (const Entry& x : journal) {
            apply(naive, x);
        }
        QVERIFY(naive.digest(false) != live.digest(false));

        // After recovery nobody is held to the outage: the idle clocks restart.
        replayed.restartIdleClocks(now + 3600 * kSecond);
        replayed.recordAbandonments(true);
        replayed.tick(now + 3600 * kSecond + 100);
        QCOMPARE(replayed.takeAbandoned().size(), std::size_t{0});
    }
};

QTEST_GUILESS_MAIN(TstEngineReplay)
#include "tst_engine_replay.moc"
