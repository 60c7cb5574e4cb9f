// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "client_address.h"
#include "join_proof.h"
#include "pow/difficulty_policy.h"

#include <string>

namespace sluice::api {

struct ApiOptions {
    std::string adminKey;           // bearer key for /api/v1/admin/*; empty: admin refused
    std::string protectedUrl = "/"; // where an admitted person goes (the protected site)
    bool secureCookie = false;      // add Secure to the token cookie (behind TLS)
    // The admin API only over the server's TLS listener; on the plain one it answers 403.
    bool adminOverTlsOnly = false;
    // The reverse proxy (nginx) whose X-Real-IP names the client; from any other peer the
    // header is ignored, so a client cannot pick its own address for the join limit.
    std::string trustedProxy;
    // The per-address join limit: a backstop (sluiced raises it when proof of work is on,
    // docs/server.md); addresses in `joinLimitExempt` are never limited.
    int joinsPerMinutePerAddress = 30;
    int joinBurstPerAddress = 10;
    AddressRanges joinLimitExempt;
    // Proof of work on join (sluiced --proof-of-work, --pow-floor/-ceiling/-quiet-rate).
    PowMode powMode = PowMode::Off;
    pow::DifficultySettings difficulty;
    // Bind tickets and tokens to the joining browser's device cookie (--device-binding).
    bool deviceBinding = false;
    // A token the gate sees from more than this many addresses is revoked (0: never;
    // --revoke-shared-tokens). Phones change address (Wi-Fi to mobile), so never 1.
    int revokeSharedAbove = 0;
};

} // namespace sluice::api
