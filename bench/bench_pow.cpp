// SPDX-License-Identifier: Apache-2.0
// Proof-of-work verification speed: the server's cost to check one distinct, valid solution
// (decode, HMAC of the challenge, SHA-256 of challenge || counter, replay-guard insert),
// the cost to refuse a forged one, the cost to issue a challenge and the replay guard's
// memory per spent challenge. Printed beside a reference measured in the same run: one plain
// SHA-256 of the same 72 bytes. Goal: verification <= 2 us.
// Usage: bench_pow [--solutions N] [--runs R]
#include "bench_stats.h"
#include "pow/pow_challenges.h"
#include "tokens/big_endian.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

using namespace sluice;
using bench::median;
using bench::residentKiB;
using Clock = std::chrono::steady_clock;

namespace {

constexpr engine::TimeMs kNow = 1'626'692'400'000;
// Verification costs the same at any difficulty (one hash either way); solving does not, so
// the benchmark's own solutions are cheap ones.
constexpr int kDifficulty = 4;

double microsPer(Clock::duration d, std::size_t n) {
    return std::chrono::duration<double, std::micro>(d).count() / static_cast<double>(n);
}

std::array<std::uint8_t, 8> bigEndian(std::uint64_t v) {
    std::array<std::uint8_t, 8> out{};
    tokens::putBigEndian(out.data(), v, 8);
    return out;
}

std::span<const std::uint8_t> bytesOf(const std::string& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

struct Solution {
    std::string challenge;
    std::uint64_t counter = 0;
};

} // namespace

int main(int argc, char** argv) {
    std::size_t count = 200'000;
    int runs = 7;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--solutions") == 0 && i + 1 < argc) {
            count = std::strtoul(argv[++i], nullptr, 10);
        } else if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
            runs = std::atoi(argv[++i]);
        } else {
            std::fprintf(stderr, "usage: bench_pow [--solutions N] [--runs R]\n");
            return 2;
        }
    }
    if (count < 1000 || runs < 1) {
        std::fprintf(stderr, "bench_pow: --solutions >= 1000 and --runs >= 1\n");
        return 2;
    }
    std::array<std::uint8_t, 32> key{};
    key.fill(5);
    auto create = [&key] { return pow::PowChallenges::create(key, "bench").value(); };

    // Issue and solve `count` distinct challenges (issue is timed here too).
    pow::PowChallenges issuer = create();
    std::vector<Solution> solutions(count);
    const auto issueStart = Clock::now();
    for (std::size_t i = 0; i < count; ++i) {
        solutions[i].challenge =
            issuer.issue(kNow + static_cast<engine::TimeMs>(i / 1000), kDifficulty);
    }
    const double issueMicros = microsPer(Clock::now() - issueStart, count);
    tokens::Sha256 sha;
    for (Solution& s : solutions) {
        while (pow::leadingZeroBits(sha.compute(bytesOf(s.challenge), bigEndian(s.counter))) <
               kDifficulty) {
            ++s.counter;
        }
    }
    const engine::TimeMs verifyAt = kNow + static_cast<engine::TimeMs>(count / 1000) + 1;
    std::printf("bench_pow: %zu distinct solutions, %d runs (median of runs reported)\n", count,
                runs);

    std::vector<double> verifyMicros, shaMicros, forgedMicros;
    double guardBytes = 0;
    std::size_t sink = 0;
    for (int r = 0; r < runs; ++r) {
        // A fresh verifier per run: an empty replay guard, so every solution is new to it.
        pow::PowChallenges verifier = create();
        pow::PowRefusal why{};
        const long rssBefore = residentKiB();
        const auto t0 = Clock::now();
        for (const Solution& s : solutions) {
            if (!verifier.verify(verifyAt, s.challenge, s.counter, 0, why).isOk()) {
                std::fprintf(stderr, "a valid solution was refused (%s)\n",
                             std::string(pow::nameOf(why)).c_str());
                return 1;
            }
        }
        verifyMicros.push_back(microsPer(Clock::now() - t0, count));
        if (r == 0) {
            guardBytes = static_cast<double>(residentKiB() - rssBefore) * 1024.0 /
                         static_cast<double>(verifier.replayGuard().size());
        }

        // Reference: one plain SHA-256 of the same 72 bytes, with a reused context.
        const auto t1 = Clock::now();
        for (const Solution& s : solutions) {
            sink += sha.compute(bytesOf(s.challenge), bigEndian(s.counter))[0];
        }
        shaMicros.push_back(microsPer(Clock::now() - t1, count));

        // A flood of forgeries: right shape, wrong MAC.
        const auto t2 = Clock::now();
        for (const Solution& s : solutions) {
            std::string forged = s.challenge;
            forged[50] = forged[50] == 'A' ? 'B' : 'A';
            sink += verifier.verify(verifyAt, forged, s.counter, 0, why).isOk() ? 1u : 0u;
        }
        forgedMicros.push_back(microsPer(Clock::now() - t2, count));
    }

    const double verify = median(verifyMicros), plain = median(shaMicros);
    std::printf("verify  median %6.3f us per valid solution   reference SHA-256 same bytes %6.3f us"
                "   ratio %5.2f   goal <= 2 us: %s\n",
                verify, plain, verify / plain, verify <= 2.0 ? "met" : "MISSED");
    std::printf("refuse  median %6.3f us per forged challenge (ratio %5.2f)\n",
                median(forgedMicros), median(forgedMicros) / plain);
    std::printf("issue   %6.3f us per challenge (ratio %5.2f)\n", issueMicros, issueMicros / plain);
    std::printf("guard   %.0f bytes resident per spent challenge (kept one lifetime)\n",
                guardBytes);
    std::printf("(checksum %zu)\n", sink);
    return 0;
}
