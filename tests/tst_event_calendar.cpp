// SPDX-License-Identifier: Apache-2.0
// The simulator's calendar: events come out at their millisecond in scheduling order, and
// the prefetch walks (forEachKnown, forEachInNextBucket, forEachInBucketFrom) visit exactly
// the events already known for the range they name.
#include "engine/prng.h"
#include "sim/event_calendar.h"

#include <QTest>
#include <cstdint>
#include <map>
#include <vector>

namespace {
struct Ev {
    std::uint32_t id = 0;
    std::uint8_t calendarMs = 0;
};
using Calendar = sluice::sim::EventCalendar<Ev>;
} // namespace

class TstEventCalendar : public QObject {
    Q_OBJECT
private slots:
    void eventsComeOutAtTheirMillisecondInOrder();
    void bucketWalksVisitWhatIsKnown();
};

// Random times near and far (past the ring's 1,048 s, into the heap): each millisecond's
// events come out then, in the order they were scheduled, including ones scheduled while
// the clock is inside their bucket.
void TstEventCalendar::eventsComeOutAtTheirMillisecondInOrder() {
    sluice::engine::SplitMix64 rng(7);
    const std::int64_t start = 1'000'000;
    Calendar cal(start);
    std::map<std::int64_t, std::vector<std::uint32_t>> expected;
    std::uint32_t next = 0;
    auto add = [&](std::int64_t at) {
        cal.schedule(at, Ev{next, 0});
        expected[at].push_back(next++);
    };
    for (int i = 0; i < 5000; ++i) {
        add(start + 1 + static_cast<std::int64_t>(rng.below(i % 10 == 0 ? 3'000'000 : 5'000)));
    }
    const std::int64_t end = start + 3'000'002;
    std::int64_t now = start;
    std::uint64_t seen = 0;
    while (now < end) {
        const std::int64_t due = cal.firstDue(end);
        if (due > now + 1) {
            cal.skipTo(due - 1);
        }
        now = due;
        if (now >= end) {
            break;
        }
        std::vector<std::uint32_t> got;
        for (const Ev& ev : cal.take(now)) {
            got.push_back(ev.id);
        }
        const auto it = expected.find(now);
        QCOMPARE(got, it == expected.end() ? std::vector<std::uint32_t>{} : it->second);
        seen += got.size();
        if (seen < 6000 && rng.below(4) == 0) {
            add(now + 1 + static_cast<std::int64_t>(rng.below(40))); // often this bucket
        }
    }
    QCOMPARE(seen, std::uint64_t{next});
    QCOMPARE(cal.pending(), std::size_t{0});
}

void TstEventCalendar::bucketWalksVisitWhatIsKnown() {
    const std::int64_t start = 64 * 1000; // a bucket's first millisecond
    Calendar cal(start);
    // This bucket (ms 0..31 of it), the next one, and one after that.
    for (std::uint32_t i = 0; i < 10; ++i) {
        cal.schedule(start + 5 + i, Ev{i, 0});            // this bucket: 5..14
        cal.schedule(start + 32 + i * 3, Ev{100 + i, 0}); // next bucket
        cal.schedule(start + 64 + i, Ev{200 + i, 0});     // the one after
    }
    (void)cal.take(start + 1);
    (void)cal.take(start + 2);
    (void)cal.take(start + 3);
    (void)cal.take(start + 4);
    QCOMPARE(cal.take(start + 5).size(), std::size_t{1}); // enters ms 5: id 0 due now

    std::vector<std::uint32_t> from;
    cal.forEachInBucketFrom(start + 5, [&](const Ev& ev) { from.push_back(ev.id); });
    QCOMPARE(from, (std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
    from.clear();
    cal.forEachInBucketFrom(start + 12, [&](const Ev& ev) { from.push_back(ev.id); });
    QCOMPARE(from, (std::vector<std::uint32_t>{7, 8, 9}));

    std::vector<std::uint32_t> next;
    QVERIFY(cal.forEachInNextBucket(10, [&](const Ev& ev) { next.push_back(ev.id); }));
    QCOMPARE(next, (std::vector<std::uint32_t>{100, 101, 102, 103, 104, 105, 106, 107, 108, 109}));
    next.clear();
    QVERIFY(!cal.forEachInNextBucket(9, [&](const Ev& ev) { next.push_back(ev.id); }));
    QVERIFY(next.empty()); // more than asked for: nothing visited

    std::vector<std::uint32_t> known;
    cal.forEachKnown(start + 38, [&](const Ev& ev) { known.push_back(ev.id); });
    QCOMPARE(known, (std::vector<std::uint32_t>{102}));
}

QTEST_APPLESS_MAIN(TstEventCalendar)
#include "tst_event_calendar.moc"
