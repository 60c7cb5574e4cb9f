// SPDX-License-Identifier: Apache-2.0
// The loop's part of a snapshot (issue 15): EventStore::snapshot() copies the engine on the
// HTTP loop's thread, and a snapshot thread serialises and frees (or keeps) the copy. This
// times that copy two ways, as the store does them, with a full queue:
// - fresh:  std::make_unique<QueueEngine>(engine), the copy freed once written;
// - reused: *spare = engine, into the copy kept from the snapshot before (reuseSnapshotCopy).
// Each run copies, then serialises the copy on another thread (saveState, as the snapshot
// thread does) and frees or keeps it there, so memory comes back the way it does in sluiced.
// Between runs the engine moves on (joins, a tick, polls). Prints the median of the runs, the
// minor page faults taken during the copy, and the resident memory the kept copy costs.
// Usage: bench_snapshot_copy [--tickets N]... [--runs R]   (default 1,700,000 and 10,000,000)
#include "bench_event.h"
#include "bench_stats.h"
#include "engine/queue_engine.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <malloc.h>
#include <memory>
#include <sys/resource.h>
#include <thread>
#include <vector>

using namespace sluice;
using bench::benchEvent;
using bench::kOpening;
using bench::median;
using bench::residentKiB;
using Clock = std::chrono::steady_clock;

namespace {

long minorFaults() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_minflt;
}

struct Figures {
    std::vector<double> ms;
    std::vector<double> faults;
};

// What the snapshot thread does with the copy: serialise it, then free it or give it back.
// `trim`: the freed memory goes back to the system (malloc_trim), as it may in sluiced
// depending on the allocator's state; the next fresh copy then faults every page in.
std::size_t serialise(std::unique_ptr<engine::QueueEngine>& copy, bool keep, bool trim = false) {
    std::size_t bytes = 0;
    std::thread writer([&] {
        bytes = copy->saveState().size();
        if (!keep) {
            copy.reset();
        }
        if (trim) {
            malloc_trim(0);
        }
    });
    writer.join();
    return bytes;
}

void moveOn(engine::QueueEngine& e, engine::TimeMs& now) {
    now += 1000;
    for (int i = 0; i < 1000; ++i) {
        (void)e.join(now);
    }
    e.tick(now);
    for (engine::TicketSeq s = 0; s < 1000; ++s) {
        (void)e.poll(now, (s * 7919u) % e.ticketCount());
    }
}

int runOne(std::uint32_t tickets, int runs) {
    auto e = engine::QueueEngine::create(benchEvent(), kOpening - 3'600'000).value();
    engine::TimeMs now = kOpening;
    for (std::uint32_t i = 0; i < tickets; ++i) {
        (void)e.join(now + i / 1000);
    }
    now += tickets / 1000 + 1;
    e.tick(now);
    const double engineMiB = static_cast<double>(e.memoryBytes()) / (1024.0 * 1024.0);

    std::size_t sink = 0;
    Figures fresh, trimmed, reused;
    for (int r = 0; r < runs; ++r) {
        moveOn(e, now);
        const long f0 = minorFaults();
        const auto t0 = Clock::now();
        auto copy = std::make_unique<engine::QueueEngine>(e);
        trimmed.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        trimmed.faults.push_back(static_cast<double>(minorFaults() - f0));
        sink += serialise(copy, false, true);
    }
    for (int r = 0; r < runs; ++r) {
        moveOn(e, now);
        const long f0 = minorFaults();
        const auto t0 = Clock::now();
        auto copy = std::make_unique<engine::QueueEngine>(e);
        fresh.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        fresh.faults.push_back(static_cast<double>(minorFaults() - f0));
        sink += serialise(copy, false);
    }
    const long rssWithout = residentKiB();
    // The first snapshot has no spare yet: a fresh copy, kept.
    auto spare = std::make_unique<engine::QueueEngine>(e);
    sink += serialise(spare, true);
    for (int r = 0; r < runs; ++r) {
        moveOn(e, now);
        const long f0 = minorFaults();
        const auto t0 = Clock::now();
        *spare = e;
        reused.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        reused.faults.push_back(static_cast<double>(minorFaults() - f0));
        sink += serialise(spare, true);
    }
    const long rssWith = residentKiB();
    if (spare->digest() != e.digest()) {
        std::fprintf(stderr, "bench_snapshot_copy: the reused copy differs from the engine\n");
        return 1;
    }

    const double f = median(fresh.ms), u = median(reused.ms);
    std::printf("%9u tickets, engine %.1f MiB\n", e.ticketCount(), engineMiB);
    std::printf("  fresh copy   median %8.2f ms (min %.2f, max %.2f)  minor faults %.0f\n", f,
                *std::min_element(fresh.ms.begin(), fresh.ms.end()),
                *std::max_element(fresh.ms.begin(), fresh.ms.end()), median(fresh.faults));
    std::printf("  fresh copy, freed memory returned (malloc_trim)  median %8.2f ms (min %.2f, max "
                "%.2f)  minor faults %.0f\n",
                median(trimmed.ms), *std::min_element(trimmed.ms.begin(), trimmed.ms.end()),
                *std::max_element(trimmed.ms.begin(), trimmed.ms.end()), median(trimmed.faults));
    std::printf("  reused copy  median %8.2f ms (min %.2f, max %.2f)  minor faults %.0f\n", u,
                *std::min_element(reused.ms.begin(), reused.ms.end()),
                *std::max_element(reused.ms.begin(), reused.ms.end()), median(reused.faults));
    std::printf("  ratio fresh/reused %.2f, fresh returned/reused %.2f   resident with the kept "
                "copy %+.1f MiB (%ld -> %ld KiB)\n",
                f / u, median(trimmed.ms) / u, static_cast<double>(rssWith - rssWithout) / 1024.0,
                rssWithout, rssWith);
    std::printf("  (checksum %zu)\n", sink);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::uint32_t> sizes;
    int runs = 7;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--tickets") == 0 && i + 1 < argc) {
            sizes.push_back(static_cast<std::uint32_t>(std::strtoul(argv[++i], nullptr, 10)));
        } else if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
            runs = std::atoi(argv[++i]);
        } else {
            std::fprintf(stderr, "usage: bench_snapshot_copy [--tickets N]... [--runs R]\n");
            return 2;
        }
    }
    if (sizes.empty()) {
        sizes = {1'700'000, 10'000'000};
    }
    if (runs < 1 || std::any_of(sizes.begin(), sizes.end(), [](auto n) { return n < 1000; })) {
        std::fprintf(stderr, "bench_snapshot_copy: --tickets >= 1000 and --runs >= 1\n");
        return 2;
    }
    std::printf("bench_snapshot_copy: the engine copy EventStore::snapshot() makes on the loop, "
                "%d runs each (median reported)\n",
                runs);
    for (std::uint32_t n : sizes) {
        if (int rc = runOne(n, runs); rc != 0) {
            return rc;
        }
    }
    return 0;
}
