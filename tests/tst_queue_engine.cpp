// SPDX-License-Identifier: Apache-2.0
#include "engine_fixtures.h"

#include <QTest>
#include <algorithm>
#include <set>
#include <vector>

using namespace sluice::engine;
using namespace sluice::test;

class TstQueueEngine : public QObject {
    Q_OBJECT
private slots:
    void rejectsInvalidConfigNamingEveryField();
    void admitsInJoinOrder();
    void positionCountsOnlyLiveTicketsAhead();
    void reconnectKeepsThePlace();
    void abandonedTicketsDoNotBlock();
    void sweepRemovesIdleTicketsFromPositions();
    void aTicketSeenAheadStaysUntilThenAndGoesWhenSetBack();
    void capacityIsNeverExceeded();
    void unclaimedAdmissionsExpireAndReturnTheirSlot();
    void completedAndExpiredSessionsFreeCapacity();
    void rateIsRespected_data();
    void rateIsRespected();
    void pauseAdmitsNobodyAndBanksNothing();
    void joinOneMillisecondBeforeOpeningIsPreQueuedNotAdmitted();
    void randomPreQueueShufflesOnlyThePreQueue();
    void cohortWindowsEnforced();
    void joinWithoutOrOutsideCohortIsRefused();
    void claimIsIdempotentAndNeedsAdmission();
    void configureRecordsAuditAndBadChangeChangesNothing();
    void movingTheOpeningTime();
    void movingOneCohortWindow();
    void sameCommandsGiveTheSameDigest();
    void timeNeverRunsBackwards();
    void pollAdviceIsShortNearTheFrontAndLongFarBack();
    void assignedCopyEqualsAFreshCopy();
};

void TstQueueEngine::rejectsInvalidConfigNamingEveryField() {
    EventConfig c = launchNight();
    c.capacity = -1;
    c.idleTimeoutSeconds = 0;
    c.cohorts = {{"a", 19670101, 19681231, kOpening}, {"b", 19680101, 19691231, kOpening}};
    auto e = QueueEngine::create(c, kOpening);
    QVERIFY(!e.isOk());
    const std::string& m = e.status().message();
    QVERIFY2(m.find("capacity") != std::string::npos, m.c_str());
    QVERIFY2(m.find("idleTimeoutSeconds") != std::string::npos, m.c_str());
    QVERIFY2(m.find("cohorts[1]: birth dates overlap cohorts[0]") != std::string::npos, m.c_str());
}

// Fairness: without a pre-queue, admission order is exactly join order.
void TstQueueEngine::admitsInJoinOrder() {
    QueueEngine e = makeEngine(launchNight());
    TimeMs t = kOpening;
    std::vector<TicketSeq> joined;
    for (int i = 0; i < 200; ++i) {
        joined.push_back(e.join(t + i)->seq);
    }
    std::vector<TicketSeq> admitted;
    for (TimeMs s = 1; s <= 30; ++s) {
        t = kOpening + s * kSecond;
        e.tick(t);
        for (TicketSeq seq : joined) {
            QVERIFY(e.poll(t, seq).isOk()); // everybody keeps polling
        }
    }
    for (TicketSeq seq : joined) {
        if (e.state(seq) == TicketState::Admitted) {
            admitted.push_back(seq);
        }
    }
    QVERIFY(!admitted.empty());
    // The admitted are exactly the first N joiners.
    for (std::size_t i = 0; i < admitted.size(); ++i) {
        QCOMPARE(admitted[i], joined[i]);
    }
}

void TstQueueEngine::positionCountsOnlyLiveTicketsAhead() {
    QueueEngine e = makeEngine(launchNight());
    std::vector<TicketSeq> s;
    for (int i = 0; i < 10; ++i) {
        s.push_back(e.join(kOpening + i)->seq);
    }
    QCOMPARE(e.poll(kOpening + 20, s[9])->position, 10u);
    QVERIFY(e.leave(kOpening + 21, s[2]).isOk());
    QVERIFY(e.leave(kOpening + 21, s[5]).isOk());
    QCOMPARE(e.poll(kOpening + 22, s[9])->position, 8u);
    QCOMPARE(e.poll(kOpening + 22, s[0])->position, 1u);
    QCOMPARE(e.poll(kOpening + 22, s[2])->state, TicketState::Left);
    QCOMPARE(e.poll(kOpening + 22, s[2])->position, 0u);
    QCOMPARE(e.waitingCount(), 8u);
}

// Airplane mode for 3 s, a refresh, a new tab: the ticket's place is the same one.
void TstQueueEngine::reconnectKeepsThePlace() {
    QueueEngine e = makeEngine(launchNight());
    for (int i = 0; i < 50; ++i) {
        QVERIFY(e.join(kOpening + i).isOk());
    }
    const TicketSeq mine = 30;
    const std::uint64_t before = e.poll(kOpening + 100, mine)->position;
    // Silence shorter than the idle timeout, then many polls in a burst (a refresh storm).
    const TimeMs back = kOpening + 100 + 60 * kSecond;
    for (int i = 0; i < 20; ++i) {
        QCOMPARE(e.poll(back + i, mine)->position, before);
    }
    QCOMPARE(e.poll(back + 50, mine)->state, TicketState::Waiting);
}

void TstQueueEngine::abandonedTicketsDoNotBlock() {
    EventConfig c = launchNight();
    c.admissionRatePerMinute = 60; // 1 per second
    QueueEngine e = makeEngine(c);
    const TicketSeq gone = e.join(kOpening)->seq;
    const TicketSeq stays = e.join(kOpening + 1)->seq;
    // `gone` never polls again; `stays` polls every 10 s. Ticks start after the idle timeout.
    TimeMs t = kOpening;
    for (int i = 1; i <= 13; ++i) {
        t = kOpening + i * 10 * kSecond;
        QVERIFY(e.poll(t, stays).isOk());
    }
    e.tick(t); // first tick: no credit yet
    e.tick(t + kSecond);
    QCOMPARE(e.state(gone), TicketState::Abandoned);
    QCOMPARE(e.state(stays), TicketState::Admitted);
    // And a late poll does not bring the abandoned place back.
    QCOMPARE(e.poll(t + 2 * kSecond, gone)->state, TicketState::Abandoned);
}

void TstQueueEngine::sweepRemovesIdleTicketsFromPositions() {
    EventConfig c = launchNight();
    c.paused = true; // no admissions: only the sweep can remove anyone
    QueueEngine e = makeEngine(c);
    for (int i = 0; i < 1000; ++i) {
        QVERIFY(e.join(kOpening).isOk());
    }
    const TicketSeq last = e.join(kOpening)->seq;
    TimeMs t = kOpening;
    for (int i = 1; i <= 20; ++i) { // only `last` keeps polling, for 200 s
        t = kOpening + i * 10 * kSecond;
        QVERIFY(e.poll(t, last).isOk());
        e.tick(t);
    }
    QCOMPARE(e.poll(t, last)->position, 1u);
    QCOMPARE(e.waitingCount(), 1u);
}

// The simulator's quiet stretches count a page's polls instead of sending them and tell the
// engine when the ticket will have been last seen: the ticket keeps its place until that
// moment plus the idle timeout (120 s here), and when the polls stop early and the time is
// set back, the sweep drops it as it would any silent ticket.
void TstQueueEngine::aTicketSeenAheadStaysUntilThenAndGoesWhenSetBack() {
    EventConfig c = launchNight();
    c.paused = true; // no admissions: only the sweep can remove anyone
    QueueEngine e = makeEngine(c);
    const TicketSeq held = e.join(kOpening)->seq;
    const TicketSeq setBack = e.join(kOpening)->seq;
    const TicketSeq silent = e.join(kOpening)->seq;
    e.setSeenAt(held, kOpening + 1000 * kSecond);
    e.setSeenAt(setBack, kOpening + 1000 * kSecond);
    e.setSeenAt(setBack, kOpening + 10 * kSecond); // the page stopped at 10 s after all
    for (int s = 1; s <= 1100; s += 1) {
        e.tick(kOpening + s * kSecond);
        if (s == 125) { // 120 s after 0 (silent) gone; 120 s after 10 s (setBack) not yet
            QCOMPARE(e.state(silent), TicketState::Abandoned);
            QCOMPARE(e.state(setBack), TicketState::Waiting);
        }
        if (s == 140) {
            QCOMPARE(e.state(setBack), TicketState::Abandoned);
        }
    }
    QCOMPARE(e.state(held), TicketState::Waiting); // 1,100 s: within 120 s of 1,000 s
    QCOMPARE(e.poll(kOpening + 1100 * kSecond, held)->position, 1u);
    for (int s = 1101; s <= 1200; ++s) {
        e.tick(kOpening + s * kSecond);
    }
    QCOMPARE(e.state(held), TicketState::Waiting); // the poll at 1,100 s counted
    for (int s = 1201; s <= 1300; ++s) {
        e.tick(kOpening + s * kSecond);
    }
    QCOMPARE(e.state(held), TicketState::Abandoned); // silent since 1,100 s: gone by 1,300
    // Only a waiting or pre-queued ticket's clock is set; an unknown ticket is ignored.
    e.setSeenAt(held, kOpening + 5000 * kSecond);
    QCOMPARE(e.state(held), TicketState::Abandoned);
    e.setSeenAt(999'999, kOpening);
}

void TstQueueEngine::capacityIsNeverExceeded() {
    EventConfig c = launchNight();
    c.capacity = 25;
    c.admissionRatePerMinute = 6000;
    QueueEngine e = makeEngine(c);
    const std::vector<TicketSeq> all = joinMany(e, 500, kOpening);
    for (int s = 1; s <= 50; ++s) {
        const TimeMs t = kOpening + s * kSecond;
        for (TicketSeq seq : all) {
            if (e.state(seq) == TicketState::Waiting) {
                QVERIFY(e.poll(t, seq).isOk());
            } else if (e.state(seq) == TicketState::Admitted && seq % 2 == 0) {
                QVERIFY(e.claim(t, seq).isOk()); // half claim, half never do
            }
        }
        e.tick(t);
        QVERIFY(e.activeSessions() + e.admittedUnclaimed() <= 25);
    }
    QCOMPARE(e.activeSessions() + e.admittedUnclaimed(), 25u);
}

void TstQueueEngine::unclaimedAdmissionsExpireAndReturnTheirSlot() {
    EventConfig c = launchNight();
    c.capacity = 1;
    c.claimGraceSeconds = 30;
    QueueEngine e = makeEngine(c);
    const TicketSeq a = e.join(kOpening)->seq;
    const TicketSeq b = e.join(kOpening)->seq;
    e.tick(kOpening);
    e.tick(kOpening + kSecond);
    QCOMPARE(e.state(a), TicketState::Admitted);
    QCOMPARE(e.poll(kOpening + kSecond, a)->claimDeadline, kOpening + 31 * kSecond);
    QVERIFY(e.poll(kOpening + 20 * kSecond, b).isOk());
    e.tick(kOpening + 20 * kSecond);
    QCOMPARE(e.state(b), TicketState::Waiting); // capacity held by a's admission
    e.tick(kOpening + 31 * kSecond);
    QCOMPARE(e.state(a), TicketState::ClaimExpired);
    QCOMPARE(e.state(b), TicketState::Admitted);
    QVERIFY(!e.claim(kOpening + 32 * kSecond, a).isOk());
}

void TstQueueEngine::completedAndExpiredSessionsFreeCapacity() {
    EventConfig c = launchNight();
    c.capacity = 2;
    c.sessionTtlSeconds = 100;
    QueueEngine e = makeEngine(c);
    const std::vector<TicketSeq> s = joinMany(e, 4, kOpening);
    e.tick(kOpening);
    e.tick(kOpening + kSecond);
    QVERIFY(e.claim(kOpening + kSecond, s[0]).isOk());
    QVERIFY(e.claim(kOpening + kSecond, s[1]).isOk());
    QVERIFY(e.sessionActive(kOpening + kSecond, s[0]));
    for (TicketSeq q : {s[2], s[3]}) {
        QVERIFY(e.poll(kOpening + 5 * kSecond, q).isOk());
    }
    e.tick(kOpening + 5 * kSecond);
    QCOMPARE(e.state(s[2]), TicketState::Waiting);
    QVERIFY(e.complete(kOpening + 6 * kSecond, s[0]).isOk());
    QVERIFY(!e.sessionActive(kOpening + 6 * kSecond, s[0]));
    e.tick(kOpening + 7 * kSecond);
    QCOMPARE(e.state(s[2]), TicketState::Admitted);
    QCOMPARE(e.state(s[3]), TicketState::Waiting);
    QVERIFY(e.claim(kOpening + 8 * kSecond, s[2]).isOk());
    // s[1]'s session ends by TTL at +101 s; s[3] must poll to stay alive meanwhile.
    for (int i = 1; i <= 9; ++i) {
        QVERIFY(e.poll(kOpening + 7 * kSecond + i * 10 * kSecond, s[3]).isOk());
    }
    e.tick(kOpening + 102 * kSecond);
    QCOMPARE(e.state(s[1]), TicketState::SessionExpired);
    QCOMPARE(e.state(s[3]), TicketState::Admitted);
}

void TstQueueEngine::rateIsRespected_data() {
    QTest::addColumn<int>("ratePerMinute");
    QTest::addColumn<int>("tickMs");
    QTest::newRow("600/min, 1 s ticks") << 600 << 1000;
    QTest::newRow("600/min, 100 ms ticks") << 600 << 100;
    QTest::newRow("90/min, 250 ms ticks") << 90 << 250;
    QTest::newRow("2000/min, 3 s ticks") << 2000 << 3000;
    QTest::newRow("7/min, 1 s ticks") << 7 << 1000;
}

// Over any window of W seconds the admissions stay within rate × W plus one second's burst.
void TstQueueEngine::rateIsRespected() {
    QFETCH(int, ratePerMinute);
    QFETCH(int, tickMs);
    EventConfig c = launchNight();
    c.admissionRatePerMinute = ratePerMinute;
    c.capacity = 1'000'000;
    c.idleTimeoutSeconds = 100'000;
    QueueEngine e = makeEngine(c);
    for (int i = 0; i < 30'000; ++i) {
        QVERIFY(e.join(kOpening).isOk());
    }
    std::vector<std::pair<TimeMs, std::uint32_t>> ticks;
    const TimeMs duration = 600 * kSecond;
    for (TimeMs t = kOpening; t <= kOpening + duration; t += tickMs) {
        ticks.emplace_back(t, e.tick(t).admitted);
    }
    // One second's worth (or one tick's, for coarser ticks) plus one person at once.
    const double burst = ratePerMinute * std::max(tickMs, 1000) / 60000.0 + 1.0;
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < ticks.size(); ++i) {
        std::uint64_t inWindow = 0;
        for (std::size_t j = i; j < ticks.size(); ++j) {
            inWindow += ticks[j].second;
            const double windowMs = static_cast<double>(ticks[j].first - ticks[i].first);
            QVERIFY2(static_cast<double>(inWindow) <=
                         ratePerMinute * windowMs / 60000.0 + burst + 1e-9,
                     qPrintable(QString("%1 admitted within %2 ms").arg(inWindow).arg(windowMs)));
            if (j - i > 200) {
                break;
            }
        }
        total += ticks[i].second;
    }
    // And it is not starved either: within 1 % (+1) of the target over the whole run.
    const double expected = ratePerMinute * static_cast<double>(duration) / 60000.0;
    QVERIFY2(std::abs(static_cast<double>(total) - expected) <= expected * 0.01 + 1.0,
             qPrintable(QString("admitted %1, expected %2").arg(total).arg(expected)));
}

void TstQueueEngine::pauseAdmitsNobodyAndBanksNothing() {
    EventConfig c = launchNight();
    c.idleTimeoutSeconds = 100'000;
    QueueEngine e = makeEngine(c);
    for (int i = 0; i < 1000; ++i) {
        QVERIFY(e.join(kOpening).isOk());
    }
    e.tick(kOpening);
    QVERIFY(e.configure(kOpening, "kim", ConfigChange{.paused = true}).isOk());
    for (int s = 1; s <= 60; ++s) {
        QCOMPARE(e.tick(kOpening + s * kSecond).admitted, 0u);
    }
    QVERIFY(e.configure(kOpening + 60 * kSecond, "kim", ConfigChange{.paused = false}).isOk());
    // After a minute paused, the first second admits one second's worth, not a minute's.
    QCOMPARE(e.tick(kOpening + 61 * kSecond).admitted, 10u);
}

// The seed night's earlier wave opened 3 minutes early. Here 1 ms early is still closed.
void TstQueueEngine::joinOneMillisecondBeforeOpeningIsPreQueuedNotAdmitted() {
    QueueEngine e = makeEngine(launchNight());
    auto early = e.join(kOpening - 1);
    QCOMPARE(early->state, TicketState::PreQueued);
    QCOMPARE(early->opensAt, kOpening);
    QVERIFY(early->wait.known);
    QVERIFY(early->wait.lowSeconds <= 0.002 + 0.1 && early->wait.seconds > 0);
    e.tick(kOpening - 1);
    QCOMPARE(e.state(early->seq), TicketState::PreQueued);
    QCOMPARE(e.waitingCount(), 0u);
    QVERIFY(!e.claim(kOpening - 1, early->seq).isOk());
    auto onTime = e.join(kOpening);
    QCOMPARE(onTime->state, TicketState::Waiting);
    QCOMPARE(onTime->position, 2u); // the pre-queue went in first
    e.tick(kOpening);
    e.tick(kOpening + kSecond);
    QCOMPARE(e.state(early->seq), TicketState::Admitted);
}

void TstQueueEngine::randomPreQueueShufflesOnlyThePreQueue() {
    EventConfig c = launchNight();
    c.preQueuePolicy = PreQueuePolicy::RandomAtOpening;
    c.admissionRatePerMinute = 60'000;
    QueueEngine e = makeEngine(c);
    std::vector<TicketSeq> pre, post;
    for (int i = 0; i < 500; ++i) {
        pre.push_back(e.join(kOpening - 1000 + i)->seq);
    }
    for (int i = 0; i < 100; ++i) {
        post.push_back(e.join(kOpening + i)->seq);
    }
    std::vector<std::pair<std::uint64_t, TicketSeq>> order;
    for (TicketSeq s : pre) {
        order.emplace_back(e.poll(kOpening + 200, s)->position, s);
    }
    std::sort(order.begin(), order.end());
    // Positions 1..500 are the pre-queue, in an order that is not the join order.
    QCOMPARE(order.front().first, 1u);
    QCOMPARE(order.back().first, 500u);
    int inPlace = 0;
    for (std::size_t i = 0; i < order.size(); ++i) {
        inPlace += order[i].second == pre[i] ? 1 : 0;
    }
    QVERIFY2(inPlace < 20, qPrintable(QString("%1 of 500 kept their join place").arg(inPlace)));
    // Everyone after the opening follows, in join order.
    for (std::size_t i = 0; i < post.size(); ++i) {
        QCOMPARE(e.poll(kOpening + 200, post[i])->position, 501u + i);
    }
    // The same seed gives the same shuffle; another seed another one.
    QueueEngine same = makeEngine(c);
    c.shuffleSeed = 43;
    QueueEngine other = makeEngine(c);
    for (int i = 0; i < 500; ++i) {
        QVERIFY(same.join(kOpening - 1000 + i).isOk());
        QVERIFY(other.join(kOpening - 1000 + i).isOk());
    }
    same.tick(kOpening);
    other.tick(kOpening);
    int sameAgree = 0, otherAgree = 0;
    for (TicketSeq s : pre) {
        const auto p = e.poll(kOpening + 200, s)->position;
        sameAgree += same.poll(kOpening + 200, s)->position == p ? 1 : 0;
        otherAgree += other.poll(kOpening + 200, s)->position == p ? 1 : 0;
    }
    QCOMPARE(sameAgree, 500);
    QVERIFY(otherAgree < 20);
}

void TstQueueEngine::cohortWindowsEnforced() {
    EventConfig c = launchNight();
    c.cohorts = {{"53-54", 19670101, 19681231, kOpening},
                 {"50-52", 19690101, 19711231, kOpening + 86'400 * kSecond}};
    c.idleTimeoutSeconds = 100'000;
    c.claimGraceSeconds = 100'000;
    QueueEngine e = makeEngine(c);
    auto older = e.join(kOpening + kSecond, 19680315);
    auto younger = e.join(kOpening + kSecond, 19700101);
    QCOMPARE(older->state, TicketState::Waiting);
    QCOMPARE(younger->state, TicketState::PreQueued);
    QCOMPARE(younger->opensAt, kOpening + 86'400 * kSecond);
    for (int s = 2; s < 600; ++s) {
        e.tick(kOpening + s * kSecond);
    }
    QCOMPARE(e.state(older->seq), TicketState::Admitted);
    QCOMPARE(e.state(younger->seq), TicketState::PreQueued);
    e.tick(kOpening + 86'400 * kSecond);
    e.tick(kOpening + 86'401 * kSecond);
    QCOMPARE(e.state(younger->seq), TicketState::Admitted);
}

void TstQueueEngine::joinWithoutOrOutsideCohortIsRefused() {
    EventConfig c = launchNight();
    c.cohorts = {{"53-54", 19670101, 19681231, kOpening}};
    QueueEngine e = makeEngine(c);
    const auto digest = e.digest();
    auto none = e.join(kOpening);
    QCOMPARE(none.status().code(), Status::Code::InvalidArgument);
    auto outside = e.join(kOpening, 19660101);
    QCOMPARE(outside.status().code(), Status::Code::NotEligible);
    QCOMPARE(e.ticketCount(), 0u);
    QCOMPARE(e.digest(), digest);
}

void TstQueueEngine::claimIsIdempotentAndNeedsAdmission() {
    QueueEngine e = makeEngine(launchNight());
    const TicketSeq a = e.join(kOpening)->seq;
    QCOMPARE(e.claim(kOpening, a).status().code(), Status::Code::FailedPrecondition);
    e.tick(kOpening);
    e.tick(kOpening + kSecond);
    auto first = e.claim(kOpening + 2 * kSecond, a);
    auto again = e.claim(kOpening + 9 * kSecond, a);
    QVERIFY(first.isOk() && again.isOk());
    QCOMPARE(again->claimedAt, first->claimedAt);
    QCOMPARE(again->expiresAt, kOpening + 2 * kSecond + 600 * kSecond);
    QCOMPARE(e.activeSessions(), 1u);
    QCOMPARE(e.claim(kOpening, 999).status().code(), Status::Code::NotFound);
}

void TstQueueEngine::configureRecordsAuditAndBadChangeChangesNothing() {
    QueueEngine e = makeEngine(launchNight());
    QVERIFY(e.configure(kOpening, "park",
                        ConfigChange{.admissionRatePerMinute = 2000, .capacity = 5000})
                .isOk());
    QCOMPARE(e.audit().size(), 2u);
    QCOMPARE(e.audit()[0], (AuditEntry{kOpening, "park", "admissionRatePerMinute", "600", "2000"}));
    QCOMPARE(e.audit()[1], (AuditEntry{kOpening, "park", "capacity", "1000", "5000"}));
    QCOMPARE(e.config().admissionRatePerMinute, 2000);

    const auto digest = e.digest();
    const EventConfig before = e.config();
    // One bad field spoils the whole change: nothing of it applies.
    auto bad = e.configure(kOpening + 1, "park",
                           ConfigChange{.admissionRatePerMinute = 10, .capacity = -5});
    QCOMPARE(bad.code(), Status::Code::InvalidArgument);
    QVERIFY(bad.message().find("capacity") != std::string::npos);
    QCOMPARE(e.configure(kOpening + 1, "", ConfigChange{.capacity = 5}).code(),
             Status::Code::InvalidArgument);
    QCOMPARE(e.configure(kOpening + 1, "park", ConfigChange{}).code(),
             Status::Code::InvalidArgument);
    QVERIFY(e.config() == before);
    QCOMPARE(e.digest(), digest);
    QCOMPARE(e.audit().size(), 2u);
    // A no-op change is accepted and leaves no audit line.
    QVERIFY(e.configure(kOpening + 2, "park", ConfigChange{.capacity = 5000}).isOk());
    QCOMPARE(e.audit().size(), 2u);
    QVERIFY(e.configure(kOpening + 3, "lee",
                        ConfigChange{.message = std::string("Booking resumes at 22:00")})
                .isOk());
    QCOMPARE(e.audit().back().field, std::string("message"));
    QCOMPARE(e.audit().back().newValue, std::string("Booking resumes at 22:00"));
}

void TstQueueEngine::movingTheOpeningTime() {
    QueueEngine e = makeEngine(launchNight());
    const TicketSeq a = e.join(kOpening - 10 * kSecond)->seq;
    const TimeMs later = kOpening + 7200 * kSecond; // the seed night reopened at 22:00
    QVERIFY(e.configure(kOpening - 5 * kSecond, "ops", ConfigChange{.opensAt = later}).isOk());
    QCOMPARE(e.audit().back().oldValue, std::string("2021-07-19T11:00:00.000Z"));
    QCOMPARE(e.audit().back().newValue, std::string("2021-07-19T13:00:00.000Z"));
    e.tick(kOpening + kSecond);
    QCOMPARE(e.state(a), TicketState::PreQueued);
    QVERIFY(e.poll(later - 60 * kSecond, a).isOk());
    e.tick(later - 1);
    QCOMPARE(e.state(a), TicketState::PreQueued);
    e.tick(later); // opens, then admits within the same tick
    QCOMPARE(e.state(a), TicketState::Admitted);
    QCOMPARE(e.configure(later + 1, "ops", ConfigChange{.opensAt = later + 5}).code(),
             Status::Code::FailedPrecondition);
}

// A cohort event has no single opening: a move names its window, moves only that one, and
// is refused once that window has opened; the other windows keep theirs.
void TstQueueEngine::movingOneCohortWindow() {
    EventConfig c = launchNight();
    const TimeMs second = kOpening + 3600 * kSecond;
    c.cohorts = {{"53-54", 19670101, 19681231, kOpening}, {"50-52", 19690101, 19711231, second}};
    c.idleTimeoutSeconds = 100'000;
    c.claimGraceSeconds = 100'000;
    QueueEngine e = makeEngine(c);
    const TicketSeq younger = e.join(kOpening - 10 * kSecond, 19700101)->seq;
    const auto digest = e.digest();
    // Refused, changing nothing: the bare opening, an unknown window, a window without a time.
    QCOMPARE(e.configure(kOpening - 9 * kSecond, "ops", ConfigChange{.opensAt = second}).code(),
             Status::Code::InvalidArgument);
    QCOMPARE(e.configure(kOpening - 9 * kSecond, "ops",
                         ConfigChange{.opensAt = second, .cohort = "40-49"})
                 .code(),
             Status::Code::InvalidArgument);
    QCOMPARE(e.configure(kOpening - 9 * kSecond, "ops", ConfigChange{.cohort = "50-52"}).code(),
             Status::Code::InvalidArgument);
    QCOMPARE(e.digest(), digest);

    const TimeMs earlier = kOpening + 600 * kSecond;
    QVERIFY(e.configure(kOpening - 5 * kSecond, "ops",
                        ConfigChange{.opensAt = earlier, .cohort = "50-52"})
                .isOk());
    QCOMPARE(e.audit().back().field, std::string("opensAt[50-52]"));
    QCOMPARE(e.audit().back().oldValue, std::string("2021-07-19T12:00:00.000Z"));
    QCOMPARE(e.audit().back().newValue, std::string("2021-07-19T11:10:00.000Z"));
    QCOMPARE(e.config().cohorts[0].opensAt, kOpening); // the other window keeps its opening
    QCOMPARE(e.config().cohorts[1].opensAt, earlier);
    e.tick(earlier - 1);
    QCOMPARE(e.state(younger), TicketState::PreQueued);
    e.tick(earlier);
    e.tick(earlier + kSecond);
    QCOMPARE(e.state(younger), TicketState::Admitted);
    // The first window opened long ago: it can no longer move.
    QCOMPARE(e.configure(earlier + 2 * kSecond, "ops",
                         ConfigChange{.opensAt = second, .cohort = "53-54"})
                 .code(),
             Status::Code::FailedPrecondition);
}

void TstQueueEngine::sameCommandsGiveTheSameDigest() {
    auto run = [](std::uint64_t seed) {
        EventConfig c = launchNight();
        c.preQueuePolicy = PreQueuePolicy::RandomAtOpening;
        c.shuffleSeed = seed;
        QueueEngine e = makeEngine(c);
        // Outcomes ignored on purpose: whatever each command comes to (a claim before its
        // admission is refused), the same commands must give the same digest.
        for (int i = 0; i < 300; ++i) {
            (void)e.join(kOpening - 500 + i * 7);
        }
        for (int s = 0; s < 40; ++s) {
            const TimeMs t = kOpening + s * kSecond;
            e.tick(t);
            (void)e.poll(t, static_cast<TicketSeq>(s * 5));
            if (s % 3 == 0) {
                (void)e.claim(t, static_cast<TicketSeq>(s));
            }
        }
        (void)e.configure(kOpening + 41 * kSecond, "op", ConfigChange{.capacity = 7});
        return e.digest();
    };
    QCOMPARE(run(1), run(1));
    QVERIFY(run(1) != run(2));
}

void TstQueueEngine::timeNeverRunsBackwards() {
    EventConfig c = launchNight();
    c.claimGraceSeconds = 10;
    QueueEngine e = makeEngine(c);
    const TicketSeq a = e.join(kOpening)->seq;
    e.tick(kOpening);
    e.tick(kOpening + kSecond);
    e.tick(kOpening + 20 * kSecond); // grace over: expired
    QCOMPARE(e.state(a), TicketState::ClaimExpired);
    // A clock step back does not reopen the claim.
    QVERIFY(!e.claim(kOpening + 2 * kSecond, a).isOk());
    QCOMPARE(e.lastNow(), kOpening + 20 * kSecond);
}

void TstQueueEngine::pollAdviceIsShortNearTheFrontAndLongFarBack() {
    EventConfig c = launchNight();
    c.idleTimeoutSeconds = 100'000;
    QueueEngine e = makeEngine(c);
    for (int i = 0; i < 100'000; ++i) {
        QVERIFY(e.join(kOpening).isOk());
    }
    auto front = e.poll(kOpening + 5, 0);
    auto back = e.poll(kOpening + 5, 99'999);
    QVERIFY2(front->pollAfterMs >= 1600 && front->pollAfterMs <= 2400,
             qPrintable(QString::number(front->pollAfterMs)));
    QVERIFY2(back->pollAfterMs >= 48'000 && back->pollAfterMs <= 72'000,
             qPrintable(QString::number(back->pollAfterMs)));
    // Jitter: many tickets at the same moment do not all get the same advice.
    std::set<TimeMs> advice;
    for (TicketSeq s = 50'000; s < 50'100; ++s) {
        advice.insert(e.poll(kOpening + 5, s)->pollAfterMs);
    }
    QVERIFY(advice.size() > 50);
}

// The store copies each snapshot into the engine copy it kept from the one before (issue 15),
// reusing its memory: assigning over an engine of another size, bigger or smaller, must give
// exactly what a fresh copy gives, and stay so as both go on.
void TstQueueEngine::assignedCopyEqualsAFreshCopy() {
    // `joins` people (two chunks of the order index past 2,097,152), some admitted, claimed,
    // left and abandoned, so that every part of the engine holds something.
    auto grow = [](QueueEngine& e, int joins, TimeMs at) {
        for (int i = 0; i < joins; ++i) {
            (void)e.join(at + i / 10'000);
        }
        TimeMs t = at + joins / 10'000 + kSecond;
        for (int s = 0; s < 5; ++s, t += kSecond) {
            e.tick(t);
            (void)e.claim(t, static_cast<TicketSeq>(s));
            (void)e.leave(t, static_cast<TicketSeq>(joins - 1 - s));
            (void)e.poll(t, static_cast<TicketSeq>(joins / 2 + s));
        }
    };
    EventConfig bigConfig = launchNight();
    bigConfig.capacity = 5'000'000;
    QueueEngine big = makeEngine(bigConfig);
    grow(big, 2'200'000, kOpening);
    EventConfig smallConfig = launchNight();
    smallConfig.eventId = "small";
    QueueEngine small = makeEngine(smallConfig);
    grow(small, 70'000, kOpening + 1000);

    QueueEngine spare = small; // the spare holds a small engine, then a big one, then small
    spare = big;
    QCOMPARE(spare.digest(), big.digest());
    QVERIFY(spare.saveState() == big.saveState());
    // Positions come from the order index's counts, which neither digest nor saveState hold.
    for (TicketSeq seq : {TicketSeq{100'000}, TicketSeq{1'500'000}, TicketSeq{2'150'000}}) {
        const TimeMs t = kOpening + 30 * kSecond;
        const auto expected = big.poll(t, seq);
        QVERIFY(expected.isOk() && expected->position > 0);
        QCOMPARE(spare.poll(t, seq)->position, expected->position);
    }
    spare = small;
    QCOMPARE(spare.digest(), small.digest());
    QVERIFY(spare.saveState() == small.saveState());
    // The big engine's extra blocks are freed (only the block tables keep their capacity).
    QVERIFY2(spare.memoryBytes() < small.memoryBytes() + 64 * 1024,
             std::to_string(spare.memoryBytes()).c_str());

    // Grown on past what it held, the reused copy must not show anything left from the big
    // engine (a block's unused tail, a stale bit of the order index).
    QueueEngine fresh(small);
    const TimeMs later = kOpening + 60 * kSecond;
    grow(spare, 200'000, later);
    grow(fresh, 200'000, later);
    QCOMPARE(spare.digest(), fresh.digest());
    QVERIFY(spare.saveState() == fresh.saveState());
    const auto spareView = spare.poll(later + 10 * kSecond, 200'000);
    const auto freshView = fresh.poll(later + 10 * kSecond, 200'000);
    QVERIFY(spareView.isOk() && freshView.isOk());
    QVERIFY(freshView->position > 0);
    QCOMPARE(spareView->position, freshView->position);
}

QTEST_APPLESS_MAIN(TstQueueEngine)
#include "tst_queue_engine.moc"
