// SPDX-License-Identifier: Apache-2.0
// The reload orbit's bookkeeping (core/sim/reload_orbit.h) against a brute-force model of
// the same members: each reloads at first, first + period, … from entering until leaving,
// so the reloads counted in each second and the member picked for a freed slot (the one
// whose next reload comes first) can be listed one by one and compared.
#include "engine/prng.h"
#include "sim/reload_orbit.h"

#include <QtTest>
#include <map>

using sluice::sim::ReloadOrbit;

namespace {

constexpr std::int64_t kPeriod = ReloadOrbit::kPeriodMs;

struct Member {
    std::int64_t enteredMs = 0, firstMs = 0, leftMs = -1; // leftMs −1: still in
};

// Reloads of `m` that fall in second s while it is a member: at or after its first, before
// it left (the reload at the moment it leaves is the caller's to make real).
int reloadsIn(const Member& m, std::int64_t s) {
    int n = 0;
    for (std::int64_t t = m.firstMs; t < (s + 1) * 1000; t += kPeriod) {
        if (t >= s * 1000 && (m.leftMs < 0 || t < m.leftMs)) {
            ++n;
        }
    }
    return n;
}

std::int64_t nextReloadAfter(const Member& m, std::int64_t now) {
    if (m.firstMs > now) {
        return m.firstMs;
    }
    return m.firstMs + ((now - m.firstMs) / kPeriod + 1) * kPeriod;
}

} // namespace

class TstReloadOrbit : public QObject {
    Q_OBJECT
private slots:
    // Members enter with first reloads 30–90 s ahead and leave at random moments (picked for
    // a slot or giving up); every second's count must equal the brute-force one, through
    // several periods, with first reloads more than a period ahead and leaves in the
    // second of a reload (before and after it).
    void countsEverySecondExactly() {
        ReloadOrbit orbit;
        sluice::engine::SplitMix64 rng(7);
        std::map<std::uint32_t, Member> members;
        std::uint32_t nextId = 0;
        std::int64_t counted = 0, expected = 0;
        const std::int64_t seconds = 400;
        for (std::int64_t s = 0; s < seconds; ++s) {
            for (std::int64_t ms = s * 1000; ms < (s + 1) * 1000; ms += 50) {
                const auto roll = rng.below(100);
                if (roll < 8) {
                    const std::int64_t first =
                        ms + 30'000 + static_cast<std::int64_t>(rng.below(60'001));
                    members[nextId] = Member{ms, first, -1};
                    orbit.enter(nextId, first, ms);
                    ++nextId;
                } else if (roll < 12 && !members.empty()) {
                    auto it = members.begin();
                    std::advance(it, static_cast<long>(rng.below(members.size())));
                    if (it->second.leftMs < 0) {
                        // Half of the time exactly at one of its reloads (a give-up event).
                        std::int64_t at = ms;
                        if (rng.below(2) == 0 && it->second.firstMs <= ms) {
                            at = it->second.firstMs + (ms - it->second.firstMs) / kPeriod * kPeriod;
                            if (at / 1000 != s) {
                                at = ms;
                            }
                        }
                        at = std::max(at, it->second.enteredMs);
                        it->second.leftMs = at;
                        orbit.leave(it->second.firstMs, at);
                    }
                }
            }
            std::int64_t want = 0;
            for (const auto& [id, m] : members) {
                want += reloadsIn(m, s);
            }
            const auto got = static_cast<std::int64_t>(orbit.takeSecond(s));
            QCOMPARE(got, want);
            counted += got;
            expected += want;
        }
        QVERIFY(expected > 1000); // the test did exercise the counts
        QCOMPARE(static_cast<std::int64_t>(orbit.total()), counted);
    }

    // The member picked at a freed slot is the one whose next reload comes first (one not
    // yet at its first reload waits for it), and members left behind are never picked.
    void picksTheFirstReloadAfterNow() {
        ReloadOrbit orbit;
        sluice::engine::SplitMix64 rng(11);
        std::map<std::uint32_t, Member> members;
        std::uint32_t nextId = 0;
        int picks = 0;
        for (std::int64_t now = 0; now < 300'000; now += 37) {
            if (rng.below(10) < 3) {
                const std::int64_t first =
                    now + 30'000 + static_cast<std::int64_t>(rng.below(60'001));
                members[nextId] = Member{now, first, -1};
                orbit.enter(nextId, first, now);
                ++nextId;
            }
            if (rng.below(10) == 0 && !members.empty()) {
                auto it = members.begin();
                std::advance(it, static_cast<long>(rng.below(members.size())));
                if (it->second.leftMs < 0) {
                    it->second.leftMs = now;
                    orbit.leave(it->second.firstMs, now);
                }
            }
            if (rng.below(10) < 2) {
                std::int64_t best = -1;
                for (const auto& [id, m] : members) {
                    if (m.leftMs < 0) {
                        const std::int64_t t = nextReloadAfter(m, now);
                        best = best < 0 ? t : std::min(best, t);
                    }
                }
                const auto pick = orbit.next(now, [&](const ReloadOrbit::Entry& e) {
                    const auto it = members.find(e.id);
                    return it != members.end() && it->second.leftMs < 0 &&
                           it->second.firstMs == e.firstMs;
                });
                if (best < 0) {
                    QVERIFY(!pick.has_value());
                    continue;
                }
                QVERIFY(pick.has_value());
                const auto [entry, at] = *pick;
                QCOMPARE(at, best);
                Member& m = members[entry.id];
                QCOMPARE(nextReloadAfter(m, now), at);
                m.leftMs = now;
                orbit.leave(m.firstMs, now);
                ++picks;
            }
        }
        QVERIFY(picks > 100);
        std::uint64_t in = 0;
        for (const auto& [id, m] : members) {
            in += m.leftMs < 0 ? 1 : 0;
        }
        QCOMPARE(orbit.members(), in);
    }
};

QTEST_GUILESS_MAIN(TstReloadOrbit)
#include "tst_reload_orbit.moc"
