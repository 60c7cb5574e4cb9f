// SPDX-License-Identifier: Apache-2.0
#include "sim_output.h"

#include "config/nlohmann_json.h"
#include "engine/utc_format.h"
#include "series/decimal_text.h"

#include <cinttypes>
#include <cstdio>

namespace sluice::sim {
namespace {

using ojson = nlohmann::ordered_json;

std::string fixed(double v, int decimals = 3) {
    return series::fixedDecimals(v, decimals);
}

double rounded(double v, int decimals = 3) {
    return series::roundedTo(v, decimals);
}

ojson distributionJson(const Distribution& d) {
    return ojson{{"count", d.count},      {"mean", rounded(d.mean)}, {"p50", rounded(d.p50)},
                 {"p90", rounded(d.p90)}, {"p95", rounded(d.p95)},   {"p99", rounded(d.p99)},
                 {"max", rounded(d.max)}};
}

const char* powModeName(PowMode m) {
    return m == PowMode::Off ? "off" : m == PowMode::Fixed ? "fixed" : "auto";
}

ojson fairJoinsJson(const FairJoins& in, const FairJoinsSummary& f) {
    ojson limit = in.joinLimitPerMinute > 0
                      ? ojson{{"perMinute", in.joinLimitPerMinute}, {"burst", in.joinLimitBurst}}
                      : ojson("off");
    return ojson{
        {"joinLimit", std::move(limit)},
        {"proofOfWork", ojson{{"mode", powModeName(in.proofOfWork)},
                              {"minBits", f.minBits},
                              {"maxBits", f.maxBits},
                              {"honestSolves", f.honestSolves},
                              {"botSolves", f.botSolves},
                              {"honestHashes", f.honestHashes},
                              {"botHashes", f.botHashes},
                              {"totalHashes", f.honestHashes + f.botHashes}}},
        {"firstPlaces", f.firstPlaces},
        {"botsInFirstPlaces", f.botsInFirstPlaces},
        {"botsShareOfFirstPlaces", rounded(f.botsShareOfFirstPlaces, 4)},
        {"bots",
         ojson{{"attempts", f.botAttempts}, {"places", f.botPlaces}, {"admitted", f.botsAdmitted}}},
        {"honestTimeToJoinSeconds", distributionJson(f.honestTimeToJoinSeconds)},
        {"sharedAddressTimeToJoinSeconds", distributionJson(f.sharedTimeToJoinSeconds)},
        {"honestNeverJoined", f.honestNeverJoined},
        {"refusedByJoinLimit", ojson{{"honestShared", f.refusedHonestShared},
                                     {"honestAlone", f.refusedHonestAlone},
                                     {"bots", f.refusedBots}}},
        {"honestGaveUpWhileRefused", f.honestGaveUpRefused},
    };
}

} // namespace

std::string summaryJson(const Scenario& sc, std::uint64_t seed, const SimSummary& s) {
    ojson byReason = ojson::object();
    for (std::size_t i = 0; i < engine::kTokenRejectionCount; ++i) {
        byReason[std::string(engine::nameOf(static_cast<engine::TokenRejection>(i)))] =
            s.rejectedTokensByReason[i];
    }
    ojson cheats = ojson::object();
    for (std::size_t k = 0; k < kCheatKinds; ++k) {
        cheats[std::string(nameOf(static_cast<Cheat>(k + 1)))] =
            ojson{{"attempted", s.cheatsAttempted[k]}, {"succeeded", s.cheatsSucceeded[k]}};
    }
    ojson doc{
        {"format", "sluice-summary/1"},
        {"scenario", sc.name},
        {"seed", seed},
        {"clientSideEnforcement", sc.clientSideEnforcement},
        {"start", engine::formatUtc(sc.start)},
        {"simulatedSeconds", rounded(s.simulatedSeconds)},
        {"events", s.events},
        {"people", ojson{{"arrived", s.arrived},
                         {"admitted", s.admitted},
                         {"booked", s.booked},
                         {"gaveUp", s.gaveUp},
                         {"leftOnEstimate", s.leftOnEstimate},
                         {"refreshes", s.refreshes},
                         {"failedAfterAdmission", s.failedAfterAdmission},
                         {"sessionExpired", s.sessionExpired},
                         {"placesLost", s.placesLost},
                         {"failedOpen", s.failedOpen},
                         {"stillQueued", s.stillQueued},
                         {"stillInBackend", s.stillInBackend},
                         {"stillJoining", s.stillJoining},
                         {"stillClaiming", s.stillClaiming}}},
        {"waitSeconds", distributionJson(s.waitSeconds)},
        {"estimateErrorShare", distributionJson(s.estimateErrorShare)},
        {"estimateRatio", distributionJson(s.estimateRatio)},
        {"cheats", std::move(cheats)},
        {"honestOvertaken", s.honestOvertaken},
        {"peaks", ojson{{"waiting", s.peakWaiting},
                        {"queueRequestsPerSecond", s.peakQueueRequestsPerSecond},
                        {"queueErrorsPerSecond", s.peakQueueErrorsPerSecond},
                        {"backendBusy", s.peakBackendBusy}}},
        {"totals", ojson{{"queueErrors", s.queueErrorsTotal},
                         {"backendErrors", s.backendErrorsTotal},
                         {"rejectedTokens", s.rejectedTokens}}},
        {"rejectedTokensByReason", byReason},
        {"littlesLaw", ojson{{"L", rounded(s.littleL)},
                             {"lambdaW", rounded(s.littleLambdaW)},
                             {"relativeError", rounded(s.littleRelativeError, 6)}}},
    };
    if (s.fairJoins && sc.fairJoins) {
        doc["fairJoins"] = fairJoinsJson(*sc.fairJoins, *s.fairJoins);
    }
    return doc.dump(2) + "\n";
}

std::string summaryText(const SimSummary& s) {
    std::uint64_t attempted = 0, succeeded = 0;
    for (std::size_t k = 0; k < kCheatKinds; ++k) {
        attempted += s.cheatsAttempted[k];
        succeeded += s.cheatsSucceeded[k];
    }
    char buf[1024];
    std::snprintf(
        buf, sizeof buf,
        "people %" PRIu64 ": admitted %" PRIu64 ", booked %" PRIu64 ", gave up %" PRIu64
        ", left on the estimate %" PRIu64 ", still queued %" PRIu64 "\n"
        "wait (arrival to admission): median %s min, p90 %s min, max %s min\n"
        "first estimate in line vs the wait that followed: median error %s%%, median ratio %sx\n"
        "cheats: %" PRIu64 " attempted, %" PRIu64 " got through; honest people overtaken %" PRIu64
        "\n"
        "peaks: waiting %" PRIu64 ", queue requests %" PRIu64 "/s (errors %" PRIu64
        "/s), backend %" PRIu64 " busy, %" PRIu64 " backend errors\n",
        s.arrived, s.admitted, s.booked, s.gaveUp, s.leftOnEstimate, s.stillQueued,
        fixed(s.waitSeconds.p50 / 60, 1).c_str(), fixed(s.waitSeconds.p90 / 60, 1).c_str(),
        fixed(s.waitSeconds.max / 60, 1).c_str(), fixed(s.estimateErrorShare.p50 * 100, 1).c_str(),
        fixed(s.estimateRatio.p50, 2).c_str(), attempted, succeeded, s.honestOvertaken,
        s.peakWaiting, s.peakQueueRequestsPerSecond, s.peakQueueErrorsPerSecond, s.peakBackendBusy,
        s.backendErrorsTotal);
    std::string text = buf;
    if (s.fairJoins) {
        const FairJoinsSummary& f = *s.fairJoins;
        std::snprintf(
            buf, sizeof buf,
            "fair joins: bots hold %" PRIu64 " of the first %" PRIu64
            " places (%s%%); bots: %" PRIu64 " attempts, %" PRIu64 " places, %" PRIu64 " admitted\n"
            "honest time to join: median %s s, p90 %s s (shared addresses: median %s s, p90 %s "
            "s); never joined %" PRIu64 "\n"
            "refused by the join limit: honest shared %" PRIu64 ", honest alone %" PRIu64
            ", bots %" PRIu64 " (gave up while refused %" PRIu64 ")\n"
            "proof of work: %d..%d bits, hash work honest %.3g, bots %.3g, total %.3g\n",
            f.botsInFirstPlaces, f.firstPlaces, fixed(f.botsShareOfFirstPlaces * 100, 1).c_str(),
            f.botAttempts, f.botPlaces, f.botsAdmitted,
            fixed(f.honestTimeToJoinSeconds.p50, 2).c_str(),
            fixed(f.honestTimeToJoinSeconds.p90, 2).c_str(),
            fixed(f.sharedTimeToJoinSeconds.p50, 2).c_str(),
            fixed(f.sharedTimeToJoinSeconds.p90, 2).c_str(), f.honestNeverJoined,
            f.refusedHonestShared, f.refusedHonestAlone, f.refusedBots, f.honestGaveUpRefused,
            f.minBits, f.maxBits, f.honestHashes, f.botHashes, f.honestHashes + f.botHashes);
        text += buf;
    }
    return text;
}

} // namespace sluice::sim
