// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace sluice::sim {

// The people reloading a full booking site's blank page at the slowest pace (docs/simulator.md,
// "The reload orbit"). A person's page backs off to a reload every 30–90 s; while the site is
// full every one of those reloads fails, changes nothing but a counter, and on the 2021 night
// they were 38 % of all events. Here each member reloads every kPeriodMs exactly, from its
// first (jittered) reload on, so that the reloads of every second can be counted from the
// members' phases, and the one reload that matters — the first after a slot comes free — can
// be found by walking the phases forward from that moment (a bitmap of the milliseconds of
// the period that hold someone). Members are left behind lazily: whoever owns the orbit says
// which entries are still valid, and a walk drops the rest.
class ReloadOrbit {
public:
    static constexpr std::int64_t kPeriodMs = 60'000;

    struct Entry {
        std::uint32_t id = 0;
        std::uint32_t firstMs = 0; // the member's first reload (ms since the start)
    };

    ReloadOrbit() : m_buckets(static_cast<std::size_t>(kPeriodMs)) {}

    // `id` joins at `nowMs`, reloading at firstMs, firstMs + kPeriodMs, … (firstMs > nowMs,
    // at most kPeriodMs · 3/2 ahead).
    void enter(std::uint32_t id, std::int64_t firstMs, std::int64_t nowMs) {
        const auto b = static_cast<std::size_t>(firstMs % kPeriodMs);
        m_buckets[b].push_back(Entry{id, static_cast<std::uint32_t>(firstMs)});
        m_nonEmpty[b / 64] |= std::uint64_t{1} << (b % 64);
        ++m_bySecond[cycleSecond(firstMs)];
        ++m_members;
        // A first reload more than a period ahead: the second a period before it holds no
        // reload of this member yet.
        if (firstMs / 1000 - kPeriodSeconds >= nowMs / 1000) {
            --correction(firstMs / 1000 - kPeriodSeconds);
        }
    }

    // The member that entered with `firstMs` leaves at `nowMs`: its reloads from now on are
    // no longer counted (the one at now, if any, is the caller's to make real); one earlier
    // in this second was.
    void leave(std::int64_t firstMs, std::int64_t nowMs) {
        --m_bySecond[cycleSecond(firstMs)];
        --m_members;
        const std::int64_t second = nowMs / 1000;
        if (firstMs / 1000 - kPeriodSeconds >= second) {
            ++correction(firstMs / 1000 - kPeriodSeconds); // its phantom second is gone too
        }
        if (firstMs < nowMs) {
            const std::int64_t last = firstMs + (nowMs - firstMs) / kPeriodMs * kPeriodMs;
            if (last < nowMs && last / 1000 == second) {
                ++correction(second); // that reload happened and stays counted
            }
        }
    }

    // The member whose next reload comes first after `nowMs`, and when, among the entries
    // `valid(entry)` accepts (the others are dropped on the way). nullopt: none within two
    // periods (no valid member).
    template <class Valid>
    std::optional<std::pair<Entry, std::int64_t>> next(std::int64_t nowMs, Valid valid) {
        for (std::int64_t k = 1; k <= 2 * kPeriodMs;) {
            const std::int64_t at = nowMs + k;
            const auto b = static_cast<std::size_t>(at % kPeriodMs);
            if ((m_nonEmpty[b / 64] & (std::uint64_t{1} << (b % 64))) == 0) {
                k += skipEmpty(b);
                continue;
            }
            std::vector<Entry>& bucket = m_buckets[b];
            for (std::size_t i = 0; i < bucket.size();) {
                const Entry e = bucket[i];
                if (!valid(e)) {
                    bucket[i] = bucket.back();
                    bucket.pop_back();
                    continue;
                }
                if (e.firstMs <= at) { // reloading by now (else its first reload is later)
                    bucket[i] = bucket.back();
                    bucket.pop_back();
                    markEmptyIf(b);
                    return std::pair{e, at};
                }
                ++i;
            }
            markEmptyIf(b);
            ++k;
        }
        return std::nullopt;
    }

    // The members' reloads that fell in second `s`; called once for every second, in order.
    std::uint64_t takeSecond(std::int64_t s) {
        const std::int64_t n = m_bySecond[static_cast<std::size_t>(s % kPeriodSeconds)] +
                               std::exchange(correction(s), 0);
        const auto whole = static_cast<std::uint64_t>(n > 0 ? n : 0);
        m_total += whole;
        return whole;
    }

    std::uint64_t members() const { return m_members; }
    std::uint64_t total() const { return m_total; } // reloads counted so far
    std::size_t memoryBytes() const {
        std::size_t bytes = m_buckets.capacity() * sizeof(std::vector<Entry>);
        for (const auto& b : m_buckets) {
            bytes += b.capacity() * sizeof(Entry);
        }
        return bytes;
    }

private:
    static constexpr std::int64_t kPeriodSeconds = kPeriodMs / 1000;
    static constexpr std::int64_t kRing = 128; // seconds ahead a correction may fall (≤ 91)
    static_assert(kPeriodMs % 1000 == 0);

    static std::size_t cycleSecond(std::int64_t ms) {
        return static_cast<std::size_t>(ms / 1000 % kPeriodSeconds);
    }
    std::int64_t& correction(std::int64_t s) {
        return m_correction[static_cast<std::size_t>(s % kRing)];
    }
    // How many buckets from b on (b's own word, wrapping) are empty: at least 1.
    std::int64_t skipEmpty(std::size_t b) const {
        const std::uint64_t rest = m_nonEmpty[b / 64] >> (b % 64);
        const std::int64_t inWord =
            rest != 0 ? std::countr_zero(rest) : static_cast<std::int64_t>(64 - b % 64);
        // Never past the end of the period: the walk wraps there.
        return std::max<std::int64_t>(
            1, std::min<std::int64_t>(inWord, kPeriodMs - static_cast<std::int64_t>(b)));
    }
    void markEmptyIf(std::size_t b) {
        if (m_buckets[b].empty()) {
            m_nonEmpty[b / 64] &= ~(std::uint64_t{1} << (b % 64));
        }
    }

    std::vector<std::vector<Entry>> m_buckets; // by first reload modulo the period
    std::array<std::uint64_t, (kPeriodMs + 63) / 64> m_nonEmpty{};
    std::array<std::int64_t, kPeriodSeconds> m_bySecond{}; // members by second of the period
    std::array<std::int64_t, kRing> m_correction{};        // per second: reloads to add or not
    std::uint64_t m_members = 0, m_total = 0;
};

} // namespace sluice::sim
