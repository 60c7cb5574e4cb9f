// SPDX-License-Identifier: Apache-2.0
// Writes an admission token issued the way the server issues it, with the JWKS and the
// expected claims, for a third-party JOSE library to verify (verify_with_jose.mjs). The
// token is bound to a device, as the server issues it since device binding: its "cnf" claim
// must not trouble a JOSE library.
// Usage: token_fixture OUT_DIR
#include "room/waiting_room.h"
#include "tokens/base64url.h"
#include "tokens/device_secret.h"
#include "tokens/key_store.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace sluice;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: token_fixture OUT_DIR\n");
        return 2;
    }
    const std::filesystem::path out = argv[1];
    std::filesystem::remove_all(out);
    auto keys = tokens::loadOrCreateServerKeys(out / "keys");
    if (!keys.isOk()) {
        std::fprintf(stderr, "keys: %s\n", keys.status().message().c_str());
        return 1;
    }
    engine::EventConfig config;
    config.eventId = "vaccine-53-54";
    config.opensAt = 1'626'692'400'000;
    const engine::TimeMs now = config.opensAt;
    auto room = room::WaitingRoom::create(config, keys.value(), "https://queue.test", now - 1000);
    if (!room.isOk()) {
        std::fprintf(stderr, "room: %s\n", room.status().message().c_str());
        return 1;
    }
    const std::string device = tokens::newDeviceSecret();
    auto joined = room.value().join(now, std::nullopt, device);
    if (!joined.isOk()) {
        std::fprintf(stderr, "join: %s\n", joined.status().message().c_str());
        return 1;
    }
    room.value().engine().tick(now);
    room.value().engine().tick(now + 1000);
    auto claimed = room.value().claim(now + 2000, joined->ticket, device);
    if (!claimed.isOk()) {
        std::fprintf(stderr, "claim: %s\n", claimed.status().message().c_str());
        return 1;
    }
    std::ofstream(out / "token.jwt") << claimed->token;
    std::ofstream(out / "jwks.json") << room.value().jwks();
    std::ofstream(out / "expected.json")
        << "{\"iss\":\"https://queue.test\",\"evt\":\"vaccine-53-54\",\"sub\":\""
        << claimed->grant.seq << "\",\"iat\":" << claimed->grant.claimedAt / 1000
        << ",\"exp\":" << (claimed->grant.expiresAt + 999) / 1000 << ",\"dsh\":\""
        << tokens::base64UrlEncode(tokens::deviceHashOf(device).value()) << "\"}";
    return 0;
}
