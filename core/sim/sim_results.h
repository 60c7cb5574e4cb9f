// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/ticket_state.h"
#include "engine/time_types.h"
#include "series/sample.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sluice::sim {

// The cheats of the seed night (../shared/INCIDENT.md), as a cheater tries them.
enum class Cheat : std::uint8_t {
    None,
    AirplaneMode, // network off for 3 s, back on, reload: the old agent failed open
    DevConsole,   // a flag set in the page's script: "I was admitted"
    DirectLink,   // the protected page's address, typed in
    ForgedToken,  // a made-up admission token
    SharedToken,  // someone else's token, posted after they booked
};
inline constexpr std::size_t kCheatKinds = 5; // without None
std::string_view nameOf(Cheat cheat);

struct Distribution {
    std::uint64_t count = 0;
    double mean = 0, p50 = 0, p90 = 0, p95 = 0, p99 = 0, max = 0;
};
// An estimate is scored only for people who then waited at least this long: below it a
// relative error says nothing (0 s shown for 2 s waited would count as 100%).
inline constexpr double kMinWaitForEstimateErrorSeconds = 60.0;

// Count, mean, max and the nearest-rank quantiles (below) of `values`.
Distribution describe(std::vector<double> values);

// Fair joins (scenario.fairJoins): what the defences cost honest people and bots.
inline constexpr std::uint64_t kFirstPlaces = 100'000;
struct FairJoinsSummary {
    std::uint64_t firstPlaces = 0;       // min(kFirstPlaces, admitted)
    std::uint64_t botsInFirstPlaces = 0; // of them, bots (in the order pages learned it)
    double botsShareOfFirstPlaces = 0;
    std::uint64_t botAttempts = 0; // join attempts the farm sent
    std::uint64_t botPlaces = 0;   // ... that got a place in line
    std::uint64_t botsAdmitted = 0;
    // Arrival to the first place in line (solving and refusals included), honest people who
    // got one; the same for those behind shared addresses.
    Distribution honestTimeToJoinSeconds;
    Distribution sharedTimeToJoinSeconds;
    std::uint64_t honestNeverJoined = 0; // arrived, never got a place (gave up or still trying)
    // Joins refused by the per-address limit.
    std::uint64_t refusedHonestShared = 0, refusedHonestAlone = 0, refusedBots = 0;
    std::uint64_t honestGaveUpRefused = 0; // gave up while refused (patience ran out)
    // Proof of work: expected SHA-256 tries solved (2^bits per solve), and the bits seen.
    double honestHashes = 0, botHashes = 0;
    std::uint64_t honestSolves = 0, botSolves = 0;
    int minBits = 0, maxBits = 0;
};

// What happened to everyone, once the run is over (or at its current time).
struct SimSummary {
    std::uint64_t arrived = 0;              // people who asked for a place
    std::uint64_t admitted = 0;             // admitted by the queue (learned it)
    std::uint64_t booked = 0;               // finished in the protected site
    std::uint64_t gaveUp = 0;               // left the queue: patience ran out
    std::uint64_t leftOnEstimate = 0;       // left at the sight of a huge estimate
    std::uint64_t refreshes = 0;            // reloaded at the sight of a huge estimate
    std::uint64_t failedAfterAdmission = 0; // admitted, then the site never took them
    std::uint64_t sessionExpired = 0;
    std::uint64_t placesLost = 0; // tickets dropped after the client went quiet too long
    std::uint64_t failedOpen = 0; // honest pages that went ahead after errors (old agent)
    std::uint64_t stillQueued = 0;
    std::uint64_t stillInBackend = 0;
    std::uint64_t stillJoining = 0;  // no place yet (their join keeps failing)
    std::uint64_t stillClaiming = 0; // admitted, on their way in

    Distribution waitSeconds; // arrival to admission, people admitted by the queue
    // The first estimate shown with a place in line (at join, or after the opening for the
    // pre-queued) against the wait that followed it: |shown − real| ÷ real, shown ÷ real;
    // people who then waited under a minute are left out.
    Distribution estimateErrorShare;
    Distribution estimateRatio;

    std::array<std::uint64_t, kCheatKinds> cheatsAttempted{};
    std::array<std::uint64_t, kCheatKinds> cheatsSucceeded{};
    std::uint64_t honestOvertaken = 0; // still waiting when a later-arriving cheater got in

    std::uint64_t peakWaiting = 0;
    std::uint64_t peakQueueRequestsPerSecond = 0;
    std::uint64_t peakQueueErrorsPerSecond = 0;
    std::uint64_t queueErrorsTotal = 0;
    std::uint64_t peakBackendBusy = 0;
    std::uint64_t backendErrorsTotal = 0;
    std::uint64_t rejectedTokens = 0;
    engine::TokenRejectionCounts rejectedTokensByReason{}; // as the gate counted them

    // Little's law: time-average of people queued (sampled each second) against
    // arrival rate × mean time in queue (from each person's own record).
    double littleL = 0;
    double littleLambdaW = 0;
    double littleRelativeError = 0;

    std::uint64_t events = 0; // simulated events processed
    double simulatedSeconds = 0;

    std::optional<FairJoinsSummary> fairJoins; // with scenario.fairJoins only
};

} // namespace sluice::sim
