// SPDX-License-Identifier: Apache-2.0
#include "fair_join_flags.h"

#include "api/pow_controls_file.h"

#include <cstdlib>
#include <spdlog/spdlog.h>

namespace sluice::app {
namespace {

using engine::Status;

bool bitsOf(const std::string& text, int& out) {
    char* end = nullptr;
    const long v = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || v < 0 || v > pow::PowChallenges::kMaxDifficultyBits) {
        return false;
    }
    out = static_cast<int>(v);
    return true;
}

} // namespace

bool FairJoinFlags::take(int argc, char** argv, int& i) {
    const std::string arg = argv[i];
    std::string* out = arg == "--proof-of-work"          ? &proofOfWork
                       : arg == "--pow-floor"            ? &floor
                       : arg == "--pow-ceiling"          ? &ceiling
                       : arg == "--pow-quiet-rate"       ? &quietRate
                       : arg == "--device-binding"       ? &deviceBinding
                       : arg == "--join-limit-exempt"    ? &exempt
                       : arg == "--revoke-shared-tokens" ? &revokeShared
                                                         : nullptr;
    if (out == nullptr || i + 1 >= argc) {
        return false;
    }
    *out = argv[++i];
    return true;
}

Status FairJoinFlags::apply(api::ApiOptions& api) const {
    const auto mode = api::parsePowMode(proofOfWork);
    if (!mode) {
        return Status::invalidArgument("--proof-of-work: auto, off or a number of bits 0..32");
    }
    api.powMode = mode->first;
    if (mode->first == api::PowMode::Fixed) {
        api.difficulty.overrideBits = mode->second;
    }
    if (!floor.empty() && !bitsOf(floor, api.difficulty.floorBits)) {
        return Status::invalidArgument("--pow-floor: a number of bits 0..32");
    }
    if (!ceiling.empty() && !bitsOf(ceiling, api.difficulty.ceilingBits)) {
        return Status::invalidArgument("--pow-ceiling: a number of bits 0..32");
    }
    if (!quietRate.empty()) {
        char* end = nullptr;
        api.difficulty.quietJoinsPerMinute = std::strtod(quietRate.c_str(), &end);
        if (*end != '\0') {
            return Status::invalidArgument("--pow-quiet-rate: joins a minute, e.g. 600");
        }
    }
    if (Status s = api.difficulty.validate(); !s.isOk()) {
        return Status::invalidArgument("--pow-floor/--pow-ceiling/--pow-quiet-rate: " +
                                       s.message());
    }
    if (!deviceBinding.empty() && deviceBinding != "on" && deviceBinding != "off") {
        return Status::invalidArgument("--device-binding: on or off");
    }
    api.deviceBinding = deviceBinding == "on";
    if (!revokeShared.empty()) {
        char* end = nullptr;
        const long n = std::strtol(revokeShared.c_str(), &end, 10);
        // One address is never enough: a phone moving from Wi-Fi to mobile data changes it.
        if (*end != '\0' ||
            (n != 0 && (n < 2 || n > static_cast<long>(api::TokenAddresses::kMaxOthers + 1)))) {
            return Status::invalidArgument(
                "--revoke-shared-tokens: 0 (never, the default) or a number of addresses 2..9");
        }
        api.revokeSharedAbove = static_cast<int>(n);
    }
    auto ranges = api::AddressRanges::parse(exempt);
    if (!ranges.isOk()) {
        return Status::invalidArgument("--join-limit-exempt: " + ranges.status().message());
    }
    api.joinLimitExempt = std::move(ranges).value();
    // With proof of work every join pays for itself: the per-address limit is only a
    // backstop, high enough for a carrier-grade NAT address on launch night.
    if (api.powMode != api::PowMode::Off) {
        if (!joinLimitGiven) {
            api.joinsPerMinutePerAddress = 6000;
        }
        if (!joinBurstGiven) {
            api.joinBurstPerAddress = 6000;
        }
    }
    return Status::ok();
}

Status setUpJoinProof(api::RoomApi& roomApi, const api::ApiOptions& api,
                      const tokens::ServerKeys& keys, const std::string& eventId,
                      const std::optional<std::filesystem::path>& stateDir) {
    pow::PowChallenges::Settings settings;
    // Standalone, the replay guard dies with the process: refusing every challenge from
    // before a restart means none spent then can be spent again. The price is one more
    // solve for whoever was solving during the restart; the page does it by itself (a
    // refusal carries a fresh challenge). Journaling the spent challenges instead would
    // cost a record per join for a guard that only matters for five minutes.
    settings.onlyOwnChallenges = stateDir.has_value();
    auto challenges = pow::PowChallenges::create(keys.ticketKey, eventId, settings);
    if (!challenges.isOk()) {
        return challenges.status();
    }
    api::JoinProof proof(std::move(challenges).value(), api.powMode, api.difficulty);
    if (stateDir) {
        journal::FileSystem& fs = journal::posixFileSystem();
        const std::filesystem::path file = *stateDir / api::kPowControlsFileName;
        auto saved = api::loadPowControls(fs, file);
        if (!saved.isOk()) {
            // Refused rather than guessed: falling back to the flags could quietly lower a
            // difficulty the operator raised against a bot farm.
            return Status::invalidArgument(
                "cannot read the saved proof-of-work settings (" + saved.status().message() +
                "): repair the file, or remove it to start from the flags");
        }
        if (saved.value()) {
            const api::PowControls& c = *saved.value();
            spdlog::info("proof of work: the settings saved by the admin API replace the "
                         "flags' (mode={} fixed_bits={} floor={} ceiling={} "
                         "quiet_joins_per_minute={}; remove {} to start from the flags)",
                         api::nameOf(c.mode), c.settings.overrideBits.value_or(-1),
                         c.settings.floorBits, c.settings.ceilingBits,
                         c.settings.quietJoinsPerMinute, file.string());
            proof.restore(*saved.value());
        }
        proof.saveChangesWith([file](const api::PowControls& controls) {
            return api::savePowControls(journal::posixFileSystem(), file, controls);
        });
    }
    roomApi.setJoinProof(std::move(proof));
    return Status::ok();
}

} // namespace sluice::app
