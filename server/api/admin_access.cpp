// SPDX-License-Identifier: Apache-2.0
#include "admin_access.h"

#include "request_fields.h"
#include "tokens/hmac_sha256.h"

#include <cstdint>
#include <span>

namespace sluice::api {

std::optional<http::Response> adminRefusal(const http::Request& r, bool overTls,
                                           const ApiOptions& options) {
    if (options.adminOverTlsOnly && !overTls) {
        return http::Response::error(403, "the admin API is served over TLS only (--admin-listen)");
    }
    if (options.adminKey.empty()) {
        return http::Response::error(403, "the admin API is off: start sluiced with an admin key");
    }
    const std::string_view given = bearerOf(r).value_or(std::string_view());
    const auto bytes = [](std::string_view s) {
        return std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
    };
    if (!tokens::constantTimeEqual(bytes(given), bytes(options.adminKey))) {
        http::Response denied =
            http::Response::error(401, "a valid admin key is required (Authorization: Bearer …)");
        denied.headers.push_back({"WWW-Authenticate", "Bearer realm=\"sluice-admin\""});
        return denied;
    }
    return std::nullopt;
}

} // namespace sluice::api
