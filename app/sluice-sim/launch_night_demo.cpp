// SPDX-License-Identifier: Apache-2.0
#include "launch_night_demo.h"

#include "engine/prng.h"
#include "engine/queue_engine.h"
#include "engine/utc_format.h"

#include <spdlog/spdlog.h>
#include <string>

namespace sluice::app {
namespace {

std::string hms(double seconds) {
    if (seconds < 0) {
        return "unknown";
    }
    const auto s = static_cast<long long>(seconds);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lldh %02lldm %02llds", s / 3600, s / 60 % 60, s % 60);
    return buf;
}

} // namespace

int runLaunchNightDemo(const DemoOptions& o, std::FILE* out) {
    using namespace engine;
    const TimeMs opening = 1'626'692'400'000; // 2021-07-19 20:00 KST
    EventConfig c;
    c.eventId = "vaccine-53-54";
    c.opensAt = opening;
    c.shuffleSeed = 20210719;
    c.admissionRatePerMinute = o.ratePerMinute;
    c.capacity = o.ratePerMinute * 10;
    c.sessionTtlSeconds = 600;
    c.idleTimeoutSeconds = 3600; // the demo's people all keep their page open
    auto created = QueueEngine::create(c, opening - 600'000);
    if (!created.isOk()) {
        spdlog::error("demo config refused: {}", created.status().message());
        return 1;
    }
    QueueEngine e = std::move(created).value();
    SplitMix64 rng(1);
    // A tenth arrive before the opening (pre-queue), the rest in the first five minutes.
    const std::uint32_t early = o.people / 10;
    for (std::uint32_t i = 0; i < early; ++i) {
        // A join is only refused past the engine's ticket limit, far above a demo's crowd.
        (void)e.join(opening - 600'000 + static_cast<TimeMs>(rng.below(600'000)));
    }
    std::fprintf(out,
                 "Launch night, %u people, admission %d/min, capacity %d, 30 s pause at +20 min\n",
                 o.people, o.ratePerMinute, c.capacity);
    std::fprintf(out, "%-24s %9s %9s %8s  %-28s %s\n", "time (UTC)", "waiting", "admitted",
                 "per min", "Sluice estimate (range)", "seed-night formula");
    std::uint32_t joined = early;
    std::uint64_t admittedLastSecond = 0;
    std::uint64_t admittedSinceReport = 0;
    for (int s = 0; s <= o.minutes * 60; ++s) {
        const TimeMs t = opening + s * 1000LL;
        const std::uint32_t target =
            s >= 300 ? o.people : early + (o.people - early) / 300 * static_cast<std::uint32_t>(s);
        for (; joined < target; ++joined) {
            (void)e.join(t + static_cast<TimeMs>(rng.below(1000)));
        }
        if (s == 20 * 60 || s == 20 * 60 + 30) {
            const bool pause = s == 20 * 60;
            if (const auto st = e.configure(t, "demo", ConfigChange{.paused = pause}); !st.isOk()) {
                std::fprintf(stderr, "the demo's pause was refused: %s\n", st.message().c_str());
                return 1;
            }
        }
        // Nobody claims in this demo: each admission holds its slot for the claim grace.
        const TickOutcome tick = e.tick(t);
        admittedLastSecond = tick.admitted;
        admittedSinceReport += tick.admitted;
        if (s % o.reportEverySeconds == 0 || s == 20 * 60 + 29) {
            const MetricsSnapshot m = e.sampleMetrics(t);
            const double naiveRate =
                admittedLastSecond == 0 ? 1.0 : static_cast<double>(admittedLastSecond);
            const std::string range = hms(m.newArrivalWait.seconds) + " (" +
                                      hms(m.newArrivalWait.lowSeconds) + "-" +
                                      hms(m.newArrivalWait.highSeconds) + ")";
            std::fprintf(out, "%-24s %9llu %9llu %8.0f  %-28s %s\n", formatUtc(t).c_str(),
                         static_cast<unsigned long long>(m.waiting + m.preQueued),
                         static_cast<unsigned long long>(m.admitsTotal),
                         static_cast<double>(admittedSinceReport) * 60.0 /
                             std::max(1, o.reportEverySeconds),
                         m.newArrivalWait.known ? range.c_str() : "unknown",
                         hms(static_cast<double>(m.waiting) / naiveRate).c_str());
            admittedSinceReport = 0;
        }
    }
    std::fprintf(out, "audit: %zu operator changes recorded\n", e.audit().size());
    return 0;
}

} // namespace sluice::app
