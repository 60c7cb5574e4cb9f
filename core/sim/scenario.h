// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/event_config.h"
#include "engine/status.h"
#include "engine/time_types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::sim {

// One launch night to rehearse: the event, the people, their clients, the queue servers,
// the protected backend and the operator's plan. Loaded from the versioned JSON format in
// docs/scenario-format.md; every field has a unit in its name or its doc.
enum class ArrivalShape {
    Launch,  // pre-queue, opening spike, long tail (per cohort window)
    Poisson, // a steady Poisson stream from the opening (for checks against queueing theory)
};

// An extra spike of arrivals (people coming back when a site reopens): `share` of the people
// arrive from `at`, exponentially, 95% within `spikeSeconds`; taken from the tail.
struct ArrivalWave {
    engine::TimeMs at = 0;
    double share = 0;
    int spikeSeconds = 600;
};

struct Population {
    ArrivalShape arrivals = ArrivalShape::Launch;
    double ratePerSecond = 10;        // ArrivalShape::Poisson
    std::uint32_t people = 100'000;   // who will show up during the run
    double preQueueShare = 0.1;       // share arriving before their opening
    int preQueueSeconds = 1800;       // ... spread over this long before it
    int spikeSeconds = 300;           // half of the rest arrive within this after opening
    int tailSeconds = 7200;           // the rest trickle in over this
    std::vector<double> cohortShares; // per cohort window; empty = even split
    std::vector<ArrivalWave> waves;   // after the opening's spike (Launch only)
    // People already in the queue when the run starts (a projection from a live state):
    // they join at the opening (or the start, if later), in order, before anyone else, and
    // are part of `people`.
    std::uint32_t initialWaiting = 0;
};

enum class PollPolicy { Advice, Fixed };

struct CheatMix { // relative weights of the cheats a cheater tries
    double airplaneMode = 1, devConsole = 1, directLink = 1, forgedToken = 1, sharedToken = 1;
};

struct Clients {
    PollPolicy pollPolicy = PollPolicy::Advice;
    int fixedPollSeconds = 10;           // PollPolicy::Fixed (legacy agents)
    double patienceMedianSeconds = 5400; // how long people wait before giving up; 0 = never
    double patienceSpread = 0.6;         // lognormal sigma
    double hugeEstimateSeconds = 36000; // a shown estimate above this makes people leave or refresh
    double refreshShareOnHugeEstimate = 0.5;
    bool backoff = true;     // retries after errors back off with jitter
    double retrySeconds = 3; // first retry delay after an error
    double cheaterShare = 0.01;
    CheatMix cheats;
    // The page learns of its admission at once (a push channel) instead of at its next poll.
    bool notifyOnAdmission = false;
    // The old agent's fail-open: after this many failed requests in a row (a time-out and
    // one retry = 2) it wrote a fake success key and went ahead. 0 = never. Under Sluice a
    // page that goes ahead meets the gate without a token.
    int failOpenAfterErrors = 0;
    double pageLoadSeconds = 1; // from "go ahead" to the protected page
    // Of those who give up (patience, or a huge estimate), the share who try again at the
    // next population wave (a reopening, the next morning), as if arriving then.
    double comeBackShare = 0;
};

struct QueueServers {
    int nodes = 2;
    int requestsPerSecondPerNode = 20'000; // over it, requests fail and clients retry; 0 = no limit
};

enum class ServiceDistribution { LogNormal, Exponential };

struct Backend {
    ServiceDistribution distribution = ServiceDistribution::LogNormal;
    int capacity = 5000;              // concurrent sessions the protected site holds
    double serviceSecondsMean = 180;  // time a booking takes
    double serviceSecondsSigma = 0.5; // lognormal sigma (ignored for exponential)
};

// A timed change: engine controls, a scale-out of queue-server nodes, and/or the protected
// site's capacity (0 = down, e.g. for maintenance; not an engine control: the site is not
// Sluice's to change, the plan says what happened to it).
struct PlanStep {
    engine::TimeMs at = 0;
    std::string operatorName = "plan";
    engine::ConfigChange change;
    std::optional<int> scaleOutToNodes;
    int provisioningSeconds = 600;
    std::optional<int> backendCapacity;
};

// Fair joins (issue 16): who shares an address, a bot farm, and the defences (a per-address
// join limit, proof of work on join). Optional: a scenario without it runs exactly as before.
enum class PowMode : std::uint8_t { Off, Fixed, Auto };

struct BotFarm {
    std::uint32_t bots = 0;                 // machines solving proof of work; 0 = no farm
    std::uint32_t addresses = 1000;         // the addresses its requests come from
    double attemptsPerSecondPerAddress = 1; // join attempts each address makes
    std::optional<engine::TimeMs> startAt;  // when it starts (required with bots > 0)
    int durationSeconds = 1800;             // how long it keeps joining
};

struct FairJoins {
    // Honest people behind shared addresses (carrier NAT, offices, universities).
    double sharedAddressShare = 0; // of the population
    std::uint32_t peoplePerSharedAddress = 1000;
    BotFarm botFarm;
    // The per-address join limit (a token bucket, as sluiced's): 0 = off.
    int joinLimitPerMinute = 0;
    int joinLimitBurst = 10;
    // Proof of work on join: off, fixed bits, or auto (pow::difficultyFor on the accepted
    // joins of the last minute, with floor, ceiling and quiet rate as sluiced's defaults).
    PowMode proofOfWork = PowMode::Off;
    int proofOfWorkBits = 18; // PowMode::Fixed
    int powFloorBits = 18;    // PowMode::Auto
    int powCeilingBits = 22;
    double powQuietJoinsPerMinute = 600;
    double phoneHashesPerSecond = 250'000; // an honest page's SHA-256 rate in its worker
    double botHashesPerSecond = 7'000'000; // one bot machine's (native code on one core)
};

struct Scenario {
    std::string name;
    std::string description;
    std::uint64_t seed = 1;
    engine::TimeMs start = 0;
    int durationSeconds = 6 * 3600;
    // Reproduces the seed night's queue: the client decides it was admitted (network error
    // = success, console flag), the protected site checks nothing, the estimate is
    // waiting ÷ last second's admissions. For comparing the two designs on one night.
    bool clientSideEnforcement = false;
    engine::EventConfig event;
    Population population;
    Clients clients;
    QueueServers queueServers;
    Backend backend;
    std::vector<PlanStep> plan;
    std::optional<FairJoins> fairJoins;
};

inline constexpr int kScenarioFormatVersion = 1;

// Parses a scenario. `overrides` are "path=value" pairs applied to the JSON before it is
// read (e.g. "event.capacity=8000", "clients.pollPolicy=\"fixed\""; a value that is not
// JSON is taken as a string). On failure the Status lists every problem as
// "path: what is expected", one per line; unknown fields are errors.
engine::Result<Scenario> parseScenario(std::string_view json,
                                       const std::vector<std::string>& overrides = {});
// Reads and parses a file; the error names the file.
engine::Result<Scenario> loadScenario(const std::string& path,
                                      const std::vector<std::string>& overrides = {});

} // namespace sluice::sim
