// SPDX-License-Identifier: Apache-2.0
// Engine speed with a full event: join (with ticket signing) and status (with ticket
// verification) per second on one core, the time of an admission tick that admits 1,000,
// and engine bytes per waiting ticket. Each figure is printed beside a reference measured in
// the same run, so the ratio can be compared across noisy machines.
// Usage: bench_engine [--tickets N] [--runs R]
#include "bench_event.h"
#include "bench_stats.h"
#include "engine/prng.h"
#include "room/waiting_room.h"
#include "tokens/hmac_sha256.h"
#include "tokens/ticket_codec.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

using namespace sluice;
using bench::benchEvent;
using bench::kOpening;
using bench::median;
using bench::residentKiB;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

tokens::ServerKeys benchKeys() {
    tokens::Ed25519Seed seed{};
    seed.fill(3);
    tokens::ServerKeys keys{{}, tokens::Ed25519KeyPair::fromSeed(seed).value()};
    keys.ticketKey.fill(5);
    return keys;
}

} // namespace

int main(int argc, char** argv) {
    std::uint32_t tickets = 10'000'000;
    int runs = 5;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--tickets") == 0 && i + 1 < argc) {
            tickets = static_cast<std::uint32_t>(std::strtoul(argv[++i], nullptr, 10));
        } else if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
            runs = std::atoi(argv[++i]);
        } else {
            std::fprintf(stderr, "usage: bench_engine [--tickets N] [--runs R]\n");
            return 2;
        }
    }
    if (tickets < 1'000'000 || runs < 1) {
        std::fprintf(stderr, "bench_engine: --tickets >= 1000000 and --runs >= 1\n");
        return 2;
    }
    const std::uint32_t batch = tickets / static_cast<std::uint32_t>(runs);
    std::printf("bench_engine: %u tickets, %d runs (median of runs reported)\n", tickets, runs);

    // --- join: `runs` batches that together fill the event; reference: vector append.
    const long rssBefore = residentKiB();
    auto room =
        room::WaitingRoom::create(benchEvent(), benchKeys(), "https://bench", kOpening).value();
    std::vector<double> joinRates, appendRates;
    engine::TimeMs now = kOpening;
    std::size_t sink = 0;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = Clock::now();
        for (std::uint32_t i = 0; i < batch; ++i) {
            auto j = room.join(now + i / 1000); // a thousand joins a millisecond
            sink += j->ticket.size();
        }
        joinRates.push_back(batch / seconds(Clock::now() - t0));
        now += batch / 1000 + 1;
        std::vector<std::uint64_t> plain;
        const auto t1 = Clock::now();
        for (std::uint32_t i = 0; i < batch; ++i) {
            plain.push_back(i);
        }
        appendRates.push_back(batch / seconds(Clock::now() - t1));
        sink += plain.back();
    }
    const std::uint32_t total = room.engine().ticketCount();
    const long rssAfter = residentKiB();
    const double engineBytes = static_cast<double>(room.engine().memoryBytes()) / total;
    const double rssBytes = static_cast<double>(rssAfter - rssBefore) * 1024.0 / total;

    // --- status: random tickets, verified and positioned; reference: HMAC of the same bytes.
    tokens::TicketCodec codec = tokens::TicketCodec::create(benchKeys().ticketKey, "bench").value();
    engine::SplitMix64 rng(7);
    const std::size_t probes = 1'000'000;
    std::vector<std::string> sample;
    sample.reserve(probes);
    for (std::size_t i = 0; i < probes; ++i) {
        sample.push_back(codec.sign(static_cast<engine::TicketSeq>(rng.below(total)), kOpening));
    }
    auto mac = tokens::HmacSha256::create(benchKeys().ticketKey).value();
    std::uint8_t payload[15] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    std::vector<double> statusRates, hmacRates;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = Clock::now();
        for (const std::string& t : sample) {
            auto v = room.status(now, t);
            sink += v->position;
        }
        statusRates.push_back(probes / seconds(Clock::now() - t0));
        const auto t1 = Clock::now();
        for (std::size_t i = 0; i < probes; ++i) {
            payload[0] = static_cast<std::uint8_t>(i);
            sink += mac.compute(payload)[0];
        }
        hmacRates.push_back(probes / seconds(Clock::now() - t1));
    }

    // --- admission tick: 1,000 admitted per 1-second tick, with the queue full.
    std::vector<double> tickMicros;
    room.engine().tick(now);
    for (int i = 0; i < 51; ++i) {
        now += 1000;
        const auto t0 = Clock::now();
        const auto out = room.engine().tick(now);
        tickMicros.push_back(seconds(Clock::now() - t0) * 1e6);
        if (out.admitted != 1000) {
            std::fprintf(stderr, "tick admitted %u, expected 1000\n", out.admitted);
            return 1;
        }
    }

    const double join = median(joinRates), append = median(appendRates);
    const double status = median(statusRates), hmac = median(hmacRates);
    std::printf("join    median %10.0f ops/s   reference vector append %12.0f ops/s   ratio %.4f   "
                "goal >= 1000000 ops/s: %s\n",
                join, append, join / append, join >= 1e6 ? "met" : "MISSED");
    std::printf("status  median %10.0f ops/s   reference HMAC same bytes %10.0f ops/s   ratio %.3f "
                "  goal >= 1000000 ops/s: %s\n",
                status, hmac, status / hmac, status >= 1e6 ? "met" : "MISSED");
    std::printf("tick    median %10.1f us to admit 1000 (min %.1f, max %.1f, 51 ticks)   goal <= "
                "200 us: %s\n",
                median(tickMicros), *std::min_element(tickMicros.begin(), tickMicros.end()),
                *std::max_element(tickMicros.begin(), tickMicros.end()),
                median(tickMicros) <= 200 ? "met" : "MISSED");
    std::printf("memory  %.1f bytes/ticket held by the engine, %.1f bytes/ticket resident growth   "
                "goal <= 32: %s\n",
                engineBytes, rssBytes, engineBytes <= 32 ? "met" : "MISSED");
    std::printf("(checksum %zu)\n", sink);
    return 0;
}
