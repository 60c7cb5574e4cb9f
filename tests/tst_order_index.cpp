// SPDX-License-Identifier: Apache-2.0
#include "engine/order_index.h"
#include "engine/prng.h"

#include <QTest>
#include <vector>

using sluice::engine::OrderIndex;

class TstOrderIndex : public QObject {
    Q_OBJECT
private slots:
    void countsMatchANaiveList_data();
    void countsMatchANaiveList();
    void growsAcrossBlockBoundaries();
};

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

QTEST_APPLESS_MAIN(TstOrderIndex)
#include "tst_order_index.moc"
