// SPDX-License-Identifier: Apache-2.0
// Fair joins (issue 16): people behind shared addresses, a bot farm, the per-address join
// limit and proof of work on join. Only with scenario.fairJoins; without it none of this
// runs and a run is what it was before. See docs/simulator.md, "Fair joins".
#include "pow/difficulty_policy.h"
#include "simulation.h"

#include <algorithm>
#include <cmath>

namespace sluice::sim {
namespace {

constexpr std::uint64_t kSaltShared = 16, kSaltAddress = 17;
constexpr int kMaxPowBits = 32; // as a scenario's fairJoins.proofOfWork and sluiced's

double hashesFor(int bits) {
    return std::ldexp(1.0, bits);
}

} // namespace

void Simulation::fairArrive(std::uint32_t id, bool bot, std::uint32_t farmAddress) {
    FairPerson fp;
    if (bot) {
        fp.kind = FairKind::Bot;
        fp.address = farmAddress;
    } else if (m_sharedAddresses > 0 && uniformFor(id, kSaltShared) < m_fair->sharedAddressShare) {
        fp.kind = FairKind::Shared;
        fp.address = std::min(m_sharedAddresses - 1,
                              static_cast<std::uint32_t>(uniformFor(id, kSaltAddress) *
                                                         static_cast<double>(m_sharedAddresses)));
    } else {
        fp.kind = FairKind::Alone;
        fp.address = static_cast<std::uint32_t>(m_buckets.size());
        m_buckets.emplace_back();
    }
    m_fairPeople.push_back(fp);
}

// An honest page fetches a challenge and solves it before it sends the join: the join is
// sent after the solve time, an exponential draw (each try succeeds with 2^-bits) with
// mean 2^bits ÷ the phone's hash rate. The farm's bots come with a solution already.
bool Simulation::fairBeforeRequest(std::uint32_t id) {
    FairPerson& fp = m_fairPeople[id];
    if (m_fair->proofOfWork == PowMode::Off || fp.solved) {
        return true;
    }
    const double hashes = hashesFor(m_powBits);
    m_fairTally.honestHashes += hashes;
    ++m_fairTally.honestSolves;
    const double meanMs = hashes / m_fair->phoneHashesPerSecond * 1000.0;
    const double ms = -std::log(engine::unitOpen(m_rng.next())) * meanMs;
    fp.solved = true;
    m_calendar.schedule(
        m_now + std::max<engine::TimeMs>(1, static_cast<engine::TimeMs>(std::llround(ms))),
        Event{id, Kind::Join});
    return false;
}

// The per-address limit, a token bucket as sluiced's (JoinRateLimiter): `burst` joins at
// once, refilled at perMinute. A refused page keeps its solution and retries with backoff
// (giving up when its patience runs out); a refused bot is dropped (the farm tries anew).
bool Simulation::fairAdmitJoin(std::uint32_t id) {
    if (m_fair->joinLimitPerMinute <= 0) {
        return true;
    }
    FairPerson& fp = m_fairPeople[id];
    Bucket& b = m_buckets[fp.address];
    const auto burst = static_cast<double>(m_fair->joinLimitBurst);
    if (b.at < 0) {
        b.tokens = burst;
    } else if (m_now > b.at) {
        b.tokens = std::min(burst, b.tokens + static_cast<double>(m_now - b.at) *
                                                  m_fair->joinLimitPerMinute / 60'000.0);
    }
    b.at = m_now;
    if (b.tokens >= 1) {
        b.tokens -= 1;
        return true;
    }
    switch (fp.kind) {
    case FairKind::Bot:
        ++m_fairTally.refusedBots;
        m_people[id].phase = Phase::Done;
        return false;
    case FairKind::Shared:
        ++m_fairTally.refusedHonestShared;
        break;
    case FairKind::Alone:
        ++m_fairTally.refusedHonestAlone;
        break;
    }
    if (outOfPatience(m_people[id])) {
        ++m_fairTally.honestGaveUpRefused;
        giveUp(id, Outcome::GaveUp);
        return false;
    }
    retryLater(id, Kind::Join);
    return false;
}

void Simulation::fairJoined(std::uint32_t id) {
    FairPerson& fp = m_fairPeople[id];
    fp.solved = false; // spent
    ++m_joinsThisSecond;
    if (fp.firstJoinMs == kNotJoined) {
        fp.firstJoinMs = static_cast<std::uint32_t>(relMs());
    }
    if (fp.kind == FairKind::Bot) {
        ++m_fairTally.botPlaces;
    }
}

// The difficulty for the next second: fixed, or pow::difficultyFor on the accepted joins
// of the last minute (as sluiced's JoinProof::noteJoins measures them).
void Simulation::fairEverySecond() {
    const std::size_t slot = m_fairSeconds % m_joinsPerSecond.size();
    m_joinsLastMinute -= m_joinsPerSecond[slot];
    m_joinsPerSecond[slot] = m_joinsThisSecond;
    m_joinsLastMinute += m_joinsThisSecond;
    m_joinsThisSecond = 0;
    ++m_fairSeconds;
    m_powBits = powBitsNow();
    if (m_fair->proofOfWork == PowMode::Off) {
        return;
    }
    if (m_fairSeconds == 1 || m_powBits < m_fairTally.minBits) {
        m_fairTally.minBits = m_powBits;
    }
    m_fairTally.maxBits = std::max(m_fairTally.maxBits, m_powBits);
}

// The difficulty a challenge fetched now gets: none, the fixed bits, or the auto curve on the
// accepted joins of the last minute (up to a minute, as sluiced's JoinProof measures them).
int Simulation::powBitsNow() const {
    const FairJoins& f = *m_fair;
    if (f.proofOfWork == PowMode::Off) {
        return 0;
    }
    if (f.proofOfWork == PowMode::Fixed) {
        return f.proofOfWorkBits;
    }
    const auto seconds = std::min<std::uint64_t>(m_fairSeconds, m_joinsPerSecond.size());
    const double perMinute =
        seconds == 0 ? 0.0
                     : static_cast<double>(m_joinsLastMinute) * 60.0 / static_cast<double>(seconds);
    pow::DifficultySettings settings;
    settings.floorBits = f.powFloorBits;
    settings.ceilingBits = f.powCeilingBits;
    settings.quietJoinsPerMinute = f.powQuietJoinsPerMinute;
    return pow::difficultyFor(perMinute, settings);
}

engine::Status Simulation::setProofOfWork(PowMode mode, int fixedBits) {
    if (m_fair == nullptr) {
        return engine::Status::failedPrecondition(
            "proof of work: this scenario does not model fair joins (no fairJoins)");
    }
    if (mode == PowMode::Fixed && (fixedBits < 0 || fixedBits > kMaxPowBits)) {
        return engine::Status::invalidArgument("proof of work: bits from 0 to " +
                                               std::to_string(kMaxPowBits) + " expected");
    }
    m_scenario.fairJoins->proofOfWork = mode;
    if (mode == PowMode::Fixed) {
        m_scenario.fairJoins->proofOfWorkBits = fixedBits;
    }
    m_powBits = powBitsNow(); // challenges fetched from now on; solutions held stay valid
    return engine::Status::ok();
}

// The farm: addresses × attemptsPerSecondPerAddress join attempts a second, round robin
// over its addresses, from startAt for durationSeconds. With proof of work each attempt
// first costs 2^bits tries out of the farm's hash power (bots × botHashesPerSecond): when
// that runs short, attempts wait. Every place it gets is held by a page that polls as
// advised and never gives up; unsent attempts do not pile up beyond a second's worth.
void Simulation::farmStep() {
    const BotFarm& farm = m_fair->botFarm;
    if (farm.bots == 0 || m_now < *farm.startAt ||
        m_now >= *farm.startAt + engine::TimeMs{farm.durationSeconds} * engine::kMsPerSecond) {
        return;
    }
    const double perSecond = static_cast<double>(farm.addresses) * farm.attemptsPerSecondPerAddress;
    m_farmDue = std::min(m_farmDue + perSecond / 1000.0, perSecond + 1);
    const bool solving = m_fair->proofOfWork != PowMode::Off;
    const double cost = hashesFor(m_powBits);
    if (solving) {
        m_farmHashBudget = std::min(m_farmHashBudget + static_cast<double>(farm.bots) *
                                                           m_fair->botHashesPerSecond / 1000.0,
                                    cost * (perSecond + 1));
    }
    while (m_farmDue >= 1) {
        if (solving) {
            if (m_farmHashBudget < cost) {
                break;
            }
            m_farmHashBudget -= cost;
            m_fairTally.botHashes += cost;
            ++m_fairTally.botSolves;
        }
        m_farmDue -= 1;
        ++m_fairTally.botAttempts;
        const auto id = static_cast<std::uint32_t>(m_people.size());
        Person& p = m_people.emplace_back(); // patience 0: a bot never gives up
        m_trails.emplace_back();
        p.arriveMs = static_cast<std::uint32_t>(relMs());
        fairArrive(id, true,
                   m_sharedAddresses + static_cast<std::uint32_t>(m_farmNext++ % farm.addresses));
        m_fairPeople[id].solved = solving;
        ++m_events;
        onJoin(id);
    }
}

void Simulation::fairSummarize(SimSummary& s) const {
    FairJoinsSummary f = m_fairTally;
    f.firstPlaces = std::min(kFirstPlaces, m_admitted);
    f.botsShareOfFirstPlaces = f.firstPlaces > 0 ? static_cast<double>(f.botsInFirstPlaces) /
                                                       static_cast<double>(f.firstPlaces)
                                                 : 0.0;
    std::vector<double> honest, shared;
    for (std::size_t i = 0; i < m_people.size(); ++i) {
        const FairPerson& fp = m_fairPeople[i];
        if (fp.kind == FairKind::Bot) {
            continue;
        }
        if (fp.firstJoinMs == kNotJoined) {
            ++f.honestNeverJoined;
            continue;
        }
        const double seconds = static_cast<double>(fp.firstJoinMs - m_people[i].arriveMs) / 1000.0;
        honest.push_back(seconds);
        if (fp.kind == FairKind::Shared) {
            shared.push_back(seconds);
        }
    }
    f.honestTimeToJoinSeconds = describe(std::move(honest));
    f.sharedTimeToJoinSeconds = describe(std::move(shared));
    s.fairJoins = f;
}

} // namespace sluice::sim
