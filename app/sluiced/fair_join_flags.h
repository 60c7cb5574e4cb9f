// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/api_options.h"
#include "api/room_api.h"
#include "tokens/key_store.h"

#include <filesystem>
#include <optional>
#include <string>

namespace sluice::app {

// sluiced's fair-join flags (docs/server.md): --proof-of-work, --pow-floor, --pow-ceiling,
// --pow-quiet-rate, --device-binding, --join-limit-exempt, --revoke-shared-tokens; and whether the
// per-address join limit was set by hand (else its default follows the proof of work).
struct FairJoinFlags {
    std::string proofOfWork = "off";
    std::string floor, ceiling, quietRate, deviceBinding, exempt, revokeShared;
    bool joinLimitGiven = false;
    bool joinBurstGiven = false;

    // Takes argv[i] (and its value) when it is one of these flags; `i` moves past the value.
    bool take(int argc, char** argv, int& i);
    // Checks the flags and puts them into `api`: InvalidArgument naming the flag.
    engine::Status apply(api::ApiOptions& api) const;
};

// The proof of work for `api`'s settings, keyed from the server's ticket key. `stateDir`:
// a standalone server's DATA_DIR/state. There, challenges issued before a restart are
// refused after it (the replay guard is in memory), and the operator's controls are saved
// in stateDir/proof-of-work.json and read back, taking precedence over the flags. Without
// it (a cluster node) challenges of every node are taken and the controls are per process.
engine::Status setUpJoinProof(api::RoomApi& roomApi, const api::ApiOptions& api,
                              const tokens::ServerKeys& keys, const std::string& eventId,
                              const std::optional<std::filesystem::path>& stateDir);

} // namespace sluice::app
