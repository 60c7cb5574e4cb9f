// SPDX-License-Identifier: Apache-2.0
#include "engine/order_index.h"
#include "engine/prng.h"

#include <QTest>
#include <algorithm>
#include <cstdint>
#include <vector>

using sluice::engine::OrderIndex;

class TstOrderIndex : public QObject {
    Q_OBJECT
private slots:
    void countsMatchANaiveList_data();
    void countsMatchANaiveList();
    void growsAcrossBlockBoundaries();
    void startsEmpty();
    void lineAndWordBoundaries_data();
    void lineAndWordBoundaries();
    void randomKillsAndRevivalsMatchANaiveModel();
    void lastSlotCountsEveryLiveSlot_data();
    void lastSlotCountsEveryLiveSlot();
    void growsAcrossStorageChunks();
    void holdsAboutOneBitASlot();
    void firstLiveInMatchesANaiveScan_data();
    void firstLiveInMatchesANaiveScan();
};

namespace {

// The model every test compares against: a plain list of flags, recounted from scratch.
std::uint32_t naiveLiveUpTo(const std::vector<bool>& live, std::uint32_t slot) {
    return static_cast<std::uint32_t>(
        std::count(live.begin(), live.begin() + static_cast<std::ptrdiff_t>(slot) + 1, true));
}

// Every prefix count at once; returns the first slot that disagrees, or size() if none.
std::uint32_t firstMismatch(const OrderIndex& index, const std::vector<bool>& live) {
    std::uint32_t running = 0;
    for (std::uint32_t s = 0; s < live.size(); ++s) {
        running += live[s] ? 1u : 0u;
        if (index.liveUpTo(s) != running) {
            return s;
        }
    }
    return static_cast<std::uint32_t>(live.size());
}

void flip(OrderIndex& index, std::vector<bool>& live, std::uint32_t slot) {
    if (live[slot]) {
        index.kill(slot);
    } else {
        index.revive(slot);
    }
    live[slot] = !live[slot];
}

} // namespace

void TstOrderIndex::countsMatchANaiveList_data() {
    QTest::addColumn<int>("slotCount");
    QTest::addColumn<quint64>("seed");
    QTest::newRow("empty-ish") << 1 << quint64{1};
    QTest::newRow("power of two") << 1024 << quint64{2};
    QTest::newRow("odd") << 1337 << quint64{3};
    QTest::newRow("large") << 20000 << quint64{4};
}

// Random appends, kills and revivals; every prefix count must equal a plain recount.
void TstOrderIndex::countsMatchANaiveList() {
    QFETCH(int, slotCount);
    QFETCH(quint64, seed);
    sluice::engine::SplitMix64 rng(seed);
    OrderIndex index;
    std::vector<bool> live;
    for (int i = 0; i < slotCount; ++i) {
        const bool l = rng.below(4) != 0;
        index.append(l);
        live.push_back(l);
        if (i > 0 && rng.below(3) == 0) {
            const auto victim = static_cast<std::uint32_t>(rng.below(live.size()));
            if (live[victim]) {
                index.kill(victim);
            } else {
                index.revive(victim);
            }
            live[victim] = !live[victim];
        }
    }
    std::uint32_t running = 0;
    for (std::uint32_t s = 0; s < live.size(); ++s) {
        running += live[s] ? 1u : 0u;
        QCOMPARE(index.liveUpTo(s), running);
    }
    QCOMPARE(index.liveTotal(), running);
    QCOMPARE(index.size(), static_cast<std::uint32_t>(slotCount));
}

void TstOrderIndex::growsAcrossBlockBoundaries() {
    OrderIndex index;
    const std::uint32_t n = (1u << 16) * 2 + 5;
    for (std::uint32_t i = 0; i < n; ++i) {
        index.append(i % 2 == 0);
    }
    QCOMPARE(index.liveUpTo(n - 1), (n + 1) / 2);
    index.kill(0);
    QCOMPARE(index.liveUpTo(1u << 16), (1u << 16) / 2);
    QCOMPARE(index.liveTotal(), (n + 1) / 2 - 1);
}

void TstOrderIndex::startsEmpty() {
    const OrderIndex index;
    QCOMPARE(index.size(), 0u);
    QCOMPARE(index.liveTotal(), 0u);
    QCOMPARE(index.memoryBytes(), std::size_t{0});
}

void TstOrderIndex::lineAndWordBoundaries_data() {
    QTest::addColumn<bool>("allLive");
    QTest::newRow("all live") << true;
    QTest::newRow("alternating") << false;
}

// Slots on either side of a 64-slot word and of a 512-slot line are where an off-by-one in
// the split between the line prefix and the in-line popcount would show.
void TstOrderIndex::lineAndWordBoundaries() {
    QFETCH(bool, allLive);
    OrderIndex index;
    std::vector<bool> live;
    const std::uint32_t n = 1536 + 7;
    for (std::uint32_t i = 0; i < n; ++i) {
        const bool l = allLive || i % 2 == 1;
        index.append(l);
        live.push_back(l);
    }
    const std::uint32_t edges[] = {0,   1,   62,  63,   64,   65,   127,  128,  510,  511,  512,
                                   513, 575, 576, 1022, 1023, 1024, 1025, 1535, 1536, 1537, n - 1};
    for (std::uint32_t s : edges) {
        QCOMPARE(index.liveUpTo(s), naiveLiveUpTo(live, s));
    }
    // Flip each edge slot alone: only the counts at and after it may move.
    for (std::uint32_t victim : edges) {
        flip(index, live, victim);
        for (std::uint32_t s : edges) {
            QCOMPARE(index.liveUpTo(s), naiveLiveUpTo(live, s));
        }
        if (victim > 0) {
            QCOMPARE(index.liveUpTo(victim - 1), naiveLiveUpTo(live, victim - 1));
        }
        QCOMPARE(index.liveUpTo(victim), naiveLiveUpTo(live, victim));
        flip(index, live, victim);
    }
    // All edges flipped together, then every slot checked.
    for (std::uint32_t victim : edges) {
        flip(index, live, victim);
    }
    QCOMPARE(firstMismatch(index, live), n);
    QCOMPARE(index.liveTotal(), naiveLiveUpTo(live, n - 1));
}

// 200,000 random kills and revivals over 50,000 slots (about 98 lines), with local checks
// after each step and a full recount every 10,000 steps (a recount per step is too slow).
void TstOrderIndex::randomKillsAndRevivalsMatchANaiveModel() {
    sluice::engine::SplitMix64 rng(20260519);
    OrderIndex index;
    std::vector<bool> live;
    const std::uint32_t n = 50000;
    for (std::uint32_t i = 0; i < n; ++i) {
        const bool l = rng.below(2) == 0;
        index.append(l);
        live.push_back(l);
    }
    std::uint32_t liveCount = naiveLiveUpTo(live, n - 1);
    QCOMPARE(index.liveTotal(), liveCount);
    for (int op = 1; op <= 200000; ++op) {
        // Half the time near a line boundary, where the two levels meet.
        auto slot = static_cast<std::uint32_t>(rng.below(n));
        if (rng.below(2) == 0) {
            const auto edge = static_cast<std::int64_t>(rng.below(n / 512 + 1)) * 512;
            const std::int64_t near = edge + static_cast<std::int64_t>(rng.below(3)) - 1;
            slot = static_cast<std::uint32_t>(std::clamp<std::int64_t>(near, 0, n - 1));
        }
        liveCount += live[slot] ? ~0u : 1u;
        flip(index, live, slot);
        QCOMPARE(index.liveTotal(), liveCount);
        // Windows of up to 700 slots (so across a line edge) ending at the flipped slot and at
        // a random one: the difference of two counts against a short naive recount.
        for (const std::uint32_t last : {slot, static_cast<std::uint32_t>(rng.below(n))}) {
            const std::uint32_t first = last - std::min<std::uint32_t>(last, 700);
            const auto window = static_cast<std::uint32_t>(
                std::count(live.begin() + static_cast<std::ptrdiff_t>(first) + 1,
                           live.begin() + static_cast<std::ptrdiff_t>(last) + 1, true));
            QCOMPARE(index.liveUpTo(last) - index.liveUpTo(first), window);
        }
        if (slot < 2048) {
            QCOMPARE(index.liveUpTo(slot), naiveLiveUpTo(live, slot));
        }
        if (op % 10000 == 0) {
            QCOMPARE(firstMismatch(index, live), n);
        }
    }
    QCOMPARE(index.liveUpTo(n - 1), liveCount);
}

void TstOrderIndex::lastSlotCountsEveryLiveSlot_data() {
    QTest::addColumn<int>("slotCount");
    for (int n : {1, 2, 63, 64, 65, 511, 512, 513, 1023, 1024, 1025, 4097}) {
        QTest::addRow("%d slots", n) << n;
    }
}

// liveUpTo(size() - 1) is the whole queue; the last slot sits anywhere inside its line.
void TstOrderIndex::lastSlotCountsEveryLiveSlot() {
    QFETCH(int, slotCount);
    const auto n = static_cast<std::uint32_t>(slotCount);
    sluice::engine::SplitMix64 rng(n);
    OrderIndex index;
    std::vector<bool> live;
    for (std::uint32_t i = 0; i < n; ++i) {
        const bool l = rng.below(3) != 0;
        index.append(l);
        live.push_back(l);
        QCOMPARE(index.liveUpTo(i), naiveLiveUpTo(live, i));
        QCOMPARE(index.liveTotal(), naiveLiveUpTo(live, i));
    }
    flip(index, live, n - 1);
    QCOMPARE(index.liveUpTo(n - 1), naiveLiveUpTo(live, n - 1));
    QCOMPARE(index.liveUpTo(n - 1), index.liveTotal());
    flip(index, live, 0);
    QCOMPARE(index.liveUpTo(n - 1), naiveLiveUpTo(live, n - 1));
    QCOMPARE(index.liveUpTo(n - 1), index.liveTotal());
    QCOMPARE(index.size(), n);
}

// Past the first bitmap chunk (2^21 slots) and the first chunk of line counts (2^16 lines =
// 2^25 slots), with every third slot live so the expected counts have a closed form.
void TstOrderIndex::growsAcrossStorageChunks() {
    OrderIndex index;
    const std::uint32_t n = (1u << 25) + 1000;
    for (std::uint32_t i = 0; i < n; ++i) {
        index.append(i % 3 == 0);
    }
    const auto expected = [](std::uint32_t slot) { return slot / 3 + 1; };
    for (std::uint32_t s : {(1u << 21) - 1, 1u << 21, (1u << 21) + 1, (1u << 25) - 1, 1u << 25,
                            (1u << 25) + 511, (1u << 25) + 512, n - 1}) {
        QCOMPARE(index.liveUpTo(s), expected(s));
    }
    QCOMPARE(index.liveTotal(), expected(n - 1));
    // A kill in the first line moves every count after it, across both chunk edges; a kill
    // just past the second edge moves only the counts from there on.
    index.kill(0);
    index.kill((1u << 25) + 1); // live: 2^25 + 1 is a multiple of 3
    QCOMPARE(index.liveUpTo(0), 0u);
    QCOMPARE(index.liveUpTo(1u << 21), expected(1u << 21) - 1);
    QCOMPARE(index.liveUpTo(1u << 25), expected(1u << 25) - 1);
    QCOMPARE(index.liveUpTo((1u << 25) + 1), expected((1u << 25) + 1) - 2);
    QCOMPARE(index.liveUpTo(n - 1), expected(n - 1) - 2);
    QCOMPARE(index.liveTotal(), expected(n - 1) - 2);
}

void TstOrderIndex::holdsAboutOneBitASlot() {
    OrderIndex index;
    const std::uint32_t n = 10'000'000;
    for (std::uint32_t i = 0; i < n; ++i) {
        index.append(true);
    }
    // One bit a slot plus at most one spare chunk and the line counts (1/128 of a bit-slot
    // each): well under 2 bits a slot, where the plain Fenwick tree took 32.
    QVERIFY(index.memoryBytes() >= n / 8);
    QVERIFY(index.memoryBytes() < n / 4);
}

void TstOrderIndex::firstLiveInMatchesANaiveScan_data() {
    QTest::addColumn<int>("liveOneIn"); // roughly one slot in this many is live
    QTest::addColumn<quint64>("seed");
    QTest::newRow("dense") << 2 << quint64{11};
    QTest::newRow("sparse: runs of dead words") << 300 << quint64{12};
    QTest::newRow("almost none: dead lines and chunks") << 400000 << quint64{13};
}

// The idle sweep skips dead slots with firstLiveIn: every range it could ask about, within
// a word, across words, lines and a storage chunk (2,097,152 slots), against a plain scan.
void TstOrderIndex::firstLiveInMatchesANaiveScan() {
    QFETCH(int, liveOneIn);
    QFETCH(quint64, seed);
    sluice::engine::SplitMix64 rng(seed);
    OrderIndex index;
    std::vector<bool> live;
    const std::uint32_t n = (1u << 21) + 1000;
    for (std::uint32_t i = 0; i < n; ++i) {
        const bool l = rng.below(static_cast<std::uint64_t>(liveOneIn)) == 0;
        index.append(l);
        live.push_back(l);
    }
    index.append(true); // the last slot, so no range ends empty only by running off the end
    live.push_back(true);
    auto naive = [&](std::uint32_t from, std::uint32_t end) {
        while (from < end && !live[from]) {
            ++from;
        }
        return from;
    };
    const auto size = static_cast<std::uint32_t>(live.size());
    for (int k = 0; k < 4000; ++k) {
        const auto from = static_cast<std::uint32_t>(rng.below(size));
        const auto end =
            from + static_cast<std::uint32_t>(
                       rng.below(std::min<std::uint64_t>(size - from, k % 2 ? 70 : 3000000) + 1));
        QCOMPARE(index.firstLiveIn(from, end), naive(from, end));
    }
    QCOMPARE(index.firstLiveIn(0, size), naive(0, size));
    QCOMPARE(index.firstLiveIn(size - 1, size), size - 1);
    QCOMPARE(index.firstLiveIn(5, 5), 5u);
    // A slot killed is skipped; revived, found again.
    const std::uint32_t first = index.firstLiveIn(0, size);
    index.kill(first);
    QCOMPARE(index.firstLiveIn(first, size), naive(first + 1, size));
    index.revive(first);
    QCOMPARE(index.firstLiveIn(0, size), first);
}

QTEST_APPLESS_MAIN(TstOrderIndex)
#include "tst_order_index.moc"
