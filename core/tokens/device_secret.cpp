// SPDX-License-Identifier: Apache-2.0
#include "device_secret.h"

#include "base64url.h"
#include "hmac_sha256.h"

#include <cstdlib>
#include <openssl/rand.h>

namespace sluice::tokens {

std::string newDeviceSecret() {
    std::array<std::uint8_t, 32> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        std::abort(); // no randomness: a guessable secret would be worse than stopping
    }
    return base64UrlEncode(bytes);
}

std::optional<DeviceHash> deviceHashOf(std::string_view secret, Sha256& sha) {
    std::array<std::uint8_t, 32> bytes{};
    if (secret.size() != kDeviceSecretLength || !base64UrlDecodeExact(secret, bytes)) {
        return std::nullopt;
    }
    return sha.compute(bytes);
}

std::optional<DeviceHash> deviceHashOf(std::string_view secret) {
    Sha256 sha;
    return deviceHashOf(secret, sha);
}

bool deviceMatches(const DeviceHash& bound, std::string_view presented, Sha256& sha) {
    const std::optional<DeviceHash> hash = deviceHashOf(presented, sha);
    return hash && constantTimeEqual(*hash, bound);
}

} // namespace sluice::tokens
