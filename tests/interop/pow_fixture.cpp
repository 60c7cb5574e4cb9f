// SPDX-License-Identifier: Apache-2.0
// The server's side of the proof of work, for the waiting page's worker to be checked
// against (pow_worker_check.mjs): issues a challenge, or verifies a solution, with a fixed
// test key and the machine's clock.
// Usage: pow_fixture issue BITS | pow_fixture verify CHALLENGE COUNTER BITS
#include "pow/pow_challenges.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace sluice;

int main(int argc, char** argv) {
    std::array<std::uint8_t, 32> key{};
    key.fill(9);
    auto challenges = pow::PowChallenges::create(key, "pow-worker-check");
    if (!challenges.isOk()) {
        std::fprintf(stderr, "%s\n", challenges.status().message().c_str());
        return 1;
    }
    const engine::TimeMs now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
    if (argc == 3 && std::strcmp(argv[1], "issue") == 0) {
        std::printf("%s\n", challenges.value().issue(now, std::atoi(argv[2])).c_str());
        return 0;
    }
    if (argc == 5 && std::strcmp(argv[1], "verify") == 0) {
        pow::PowRefusal why{};
        const engine::Status s = challenges.value().verify(
            now, argv[2], std::strtoull(argv[3], nullptr, 10), std::atoi(argv[4]), why);
        if (!s.isOk()) {
            std::printf("refused (%s): %s\n", std::string(pow::nameOf(why)).c_str(),
                        s.message().c_str());
            return 1;
        }
        std::printf("accepted\n");
        return 0;
    }
    std::fprintf(stderr,
                 "usage: pow_fixture issue BITS | pow_fixture verify CHALLENGE COUNTER BITS\n");
    return 2;
}
