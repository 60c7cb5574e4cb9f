// SPDX-License-Identifier: Apache-2.0
// Simulator speed: the seed-night preset at full scale (1.51 million people, 19 July 19:00
// to 21 July noon), or with --ten-million the Sluice night with 10 million people for 16
// hours (the night of docs/simulator.md), run R times in this process; prints the events
// processed, the median wall time, events per second and the peak resident memory, beside a
// reference measured in the same run: a bare discrete-event loop (std::priority_queue, one
// event per person rescheduled every 5 s, no model at all) over the same number of people.
// --until S stops each run S simulated seconds after the start (21600: the first six hours,
// the span issue 17's figures were measured on before the preset ran to 21 July).
// --every-poll runs the model without quiet stretches (every poll an event; docs/simulator.md):
// the before of issue 17's speed work, to compare in one sitting.
// Usage: bench_simulator [--runs R] [--scenario FILE | --ten-million] [--until S] [--every-poll]
#include "engine/prng.h"
#include "sim/scenario.h"
#include "sim/simulation.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <queue>
#include <string>
#include <sys/resource.h>
#include <vector>

using namespace sluice;
using Clock = std::chrono::steady_clock;

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

double peakRssMiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// The reference: events per second of a binary-heap event loop that only reschedules.
double referenceEventsPerSecond(std::uint32_t people, std::uint64_t events) {
    struct Ev {
        std::int64_t at;
        std::uint32_t who;
        bool operator>(const Ev& o) const { return at != o.at ? at > o.at : who > o.who; }
    };
    std::priority_queue<Ev, std::vector<Ev>, std::greater<>> heap;
    engine::SplitMix64 rng(1);
    for (std::uint32_t i = 0; i < people; ++i) {
        heap.push(Ev{static_cast<std::int64_t>(rng.below(5000)), i});
    }
    std::uint64_t checksum = 0;
    const auto t0 = Clock::now();
    for (std::uint64_t n = 0; n < events; ++n) {
        const Ev e = heap.top();
        heap.pop();
        checksum += e.who;
        heap.push(Ev{e.at + 5000, e.who});
    }
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("  (reference checksum %llu)\n", static_cast<unsigned long long>(checksum));
    return static_cast<double>(events) / s;
}

} // namespace

int main(int argc, char** argv) {
    int runs = 3;
    long long untilSeconds = 0;
    bool tenMillion = false;
    sim::SimOptions options;
    std::string file = SLUICE_SOURCE_DIR "/resources/scenarios/seed-night-2021.json";
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
            runs = std::max(1, std::atoi(argv[++i]));
        } else if (std::strcmp(argv[i], "--scenario") == 0 && i + 1 < argc) {
            file = argv[++i];
        } else if (std::strcmp(argv[i], "--ten-million") == 0) {
            tenMillion = true;
            file = SLUICE_SOURCE_DIR "/resources/scenarios/sluice-night-2021.json";
        } else if (std::strcmp(argv[i], "--every-poll") == 0) {
            options.everyPollAnEvent = true;
        } else if (std::strcmp(argv[i], "--until") == 0 && i + 1 < argc) {
            untilSeconds = std::max(1LL, std::atoll(argv[++i]));
        } else {
            std::fprintf(stderr, "usage: bench_simulator [--runs R] [--scenario FILE | "
                                 "--ten-million] [--until S] [--every-poll]\n");
            return 2;
        }
    }
    std::vector<std::string> overrides;
    if (tenMillion) {
        overrides = {"population.people=10000000", "durationSeconds=57600"};
    }
    auto scenario = sim::loadScenario(file, overrides);
    if (!scenario.isOk()) {
        std::fprintf(stderr, "bench_simulator: %s\n", scenario.status().message().c_str());
        return 2;
    }
    const long long simulated = untilSeconds > 0
                                    ? std::min<long long>(untilSeconds, scenario->durationSeconds)
                                    : scenario->durationSeconds;
    std::printf("bench_simulator: %s, %u people, %lld simulated s, %d runs\n",
                scenario->name.c_str(), scenario->population.people, simulated, runs);
    std::vector<double> walls, rates;
    std::uint64_t events = 0;
    for (int r = 0; r < runs; ++r) {
        auto created = sim::Simulation::create(scenario.value(), options);
        if (!created.isOk()) {
            std::fprintf(stderr, "bench_simulator: %s\n", created.status().message().c_str());
            return 1;
        }
        auto s = std::move(created).value();
        const auto t0 = Clock::now();
        if (untilSeconds > 0) {
            s->runUntil(s->start() + untilSeconds * 1000);
        } else {
            s->runToEnd();
        }
        const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
        events = s->events();
        walls.push_back(wall);
        rates.push_back(static_cast<double>(events) / wall);
        std::printf(
            "  run %d: %llu events (+ %llu polls counted in quiet stretches, %llu blank-page "
            "reloads in the reload orbit) in %.2f s = %.2f M events/s\n",
            r + 1, static_cast<unsigned long long>(events),
            static_cast<unsigned long long>(s->quietPolls()),
            static_cast<unsigned long long>(s->quietReloads()), wall, rates.back() / 1e6);
    }
    const double rss = peakRssMiB();
    const double reference = referenceEventsPerSecond(scenario->population.people, 100'000'000);
    const double wall = median(walls), rate = median(rates);
    std::printf(
        "night       median %.2f s wall, %.2f M events/s (%llu events), peak RSS %.0f MiB\n", wall,
        rate / 1e6, static_cast<unsigned long long>(events), rss);
    std::printf("reference   bare heap event loop %.2f M events/s; ratio %.3f\n", reference / 1e6,
                rate / reference);
    // The first simulator issue's events/s goal was set when every poll was an event; with
    // quiet stretches the events left are the costly ones (real polls on cold lines), so it
    // is checked on --every-poll runs only.
    // Its 30-s wall goal was the preset's: for the 10 M night it does not apply.
    std::printf("goals       wall <= 30 s: %s; memory <= 2048 MiB: %s; >= 10 M events/s: %s\n",
                tenMillion   ? "n/a (the preset's goal)"
                : wall <= 30 ? "met"
                             : "NOT met",
                rss <= 2048 ? "met" : "NOT met",
                !options.everyPollAnEvent ? "n/a with quiet stretches (run --every-poll)"
                : rate >= 10e6            ? "met"
                                          : "NOT met");
    // Issue 17 ("what-if at operator speed"): the 2021 night in <= 10 s, the 10 M night in
    // <= 90 s.
    const double goal = tenMillion ? 90 : 10;
    std::printf("issue 17    wall <= %.0f s: %s\n", goal, wall <= goal ? "met" : "NOT met");
    return 0;
}
