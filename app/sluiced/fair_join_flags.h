// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/api_options.h"
#include "api/room_api.h"
#include "tokens/key_store.h"

#include <string>

namespace sluice::app {

// sluiced's fair-join flags (docs/server.md): --proof-of-work, --pow-floor, --pow-ceiling,
// --pow-quiet-rate, --device-binding, --join-limit-exempt, --revoke-shared-tokens; and whether the per-address
// join limit was set by hand (else its default follows the proof of work).
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

// The proof of work for `api`'s settings, keyed from the server's ticket key.
engine::Status setUpJoinProof(api::RoomApi& roomApi, const api::ApiOptions& api,
                              const tokens::ServerKeys& keys, const std::string& eventId);

} // namespace sluice::app
