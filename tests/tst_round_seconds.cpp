// SPDX-License-Identifier: Apache-2.0
// roundSecondsU32 against what it replaces (std::round, then the clamp to [0, 4e9]), on the
// values where rounding goes wrong: halves, the neighbours of halves, tiny, huge, negative,
// NaN and infinities, and a million random figures across the range.
#include "engine/prng.h"
#include "sim/round_seconds.h"

#include <QTest>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace {
std::uint32_t reference(double v) {
    const double r = std::round(v);
    if (!(r > 0)) {
        return 0;
    }
    return r >= 4.0e9 ? 4'000'000'000u : static_cast<std::uint32_t>(r);
}
} // namespace

class TstRoundSeconds : public QObject {
    Q_OBJECT
private slots:
    void edgesMatchStdRound();
    void randomFiguresMatchStdRound();
};

void TstRoundSeconds::edgesMatchStdRound() {
    using L = std::numeric_limits<double>;
    std::vector<double> values{0.0,
                               -0.0,
                               0.5,
                               1.5,
                               2.5,
                               0.49999999999999994,
                               1e-300,
                               L::denorm_min(),
                               -0.5,
                               -1.5,
                               3999999999.4,
                               3999999999.5,
                               3999999999.6,
                               4.0e9,
                               4.0e9 + 0.5,
                               4294967295.5,
                               4294967296.0,
                               1e300,
                               L::max(),
                               L::infinity(),
                               -L::infinity(),
                               L::quiet_NaN()};
    for (double base : {1.0, 2.0, 1000.0, 36000.0, 321000.0, 1e9, 2147483648.0}) {
        for (double v : {base, base + 0.5, base - 0.5}) {
            values.push_back(v);
            values.push_back(std::nextafter(v, 0.0));
            values.push_back(std::nextafter(v, L::infinity()));
        }
    }
    for (double v : values) {
        QCOMPARE(sluice::sim::roundSecondsU32(v), reference(v));
    }
    QCOMPARE(sluice::sim::roundSecondsU32(2.5), 3u); // half away from zero, not to even
    QCOMPARE(sluice::sim::roundSecondsU32(0.49999999999999994), 0u);
}

void TstRoundSeconds::randomFiguresMatchStdRound() {
    sluice::engine::SplitMix64 rng(20210719);
    for (int i = 0; i < 1'000'000; ++i) {
        // Uniform in the exponent as well as the mantissa: figures from 1e-3 s to 1e11 s.
        const double v = std::pow(10.0, -3.0 + 14.0 * sluice::engine::unitOpen(rng.next()));
        const double halfway = std::floor(v) + 0.5; // and the half nearest to it, exactly
        QCOMPARE(sluice::sim::roundSecondsU32(v), reference(v));
        QCOMPARE(sluice::sim::roundSecondsU32(halfway), reference(halfway));
    }
}

QTEST_APPLESS_MAIN(TstRoundSeconds)
#include "tst_round_seconds.moc"
