// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"
#include "http/http_request.h"

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::api {

// The cookie the claim sets and the gate reads: the admission token.
inline constexpr std::string_view kTokenCookie = "sluice_token";
// The cookie the join sets and every later call sends: the device secret (HttpOnly,
// SameSite=Strict), whose hash the ticket and the token carry.
inline constexpr std::string_view kDeviceCookie = "sluice_device";

// The request's JSON object body, refused (InvalidArgument, saying why) when it is not JSON,
// not an object or names a field outside `known`. An empty body is {} when `emptyAllowed`.
engine::Result<nlohmann::json>
objectBody(const http::Request& r, std::initializer_list<const char*> known, bool emptyAllowed);
// The ticket of a {"ticket": "…"} body (leave, claim).
engine::Result<std::string> ticketFromBody(const http::Request& r);
// The value of `key` in a query string, as sent (tickets are base64url: nothing to decode);
// empty when absent.
std::string queryValue(std::string_view query, std::string_view key);
// What follows "Authorization: Bearer " (possibly empty); nothing when there is no such header.
std::optional<std::string_view> bearerOf(const http::Request& r);
// The value of the first cookie called `name` in any Cookie header; empty when none.
std::string cookieOf(const http::Request& r, std::string_view name);
// The request's device secret: its sluice_device cookie when well-formed (43 base64url
// characters), else empty.
std::string deviceSecretOf(const http::Request& r);
// The admission token: "Authorization: Bearer …", else the first kTokenCookie cookie of
// any Cookie header; empty if neither.
std::string admissionTokenOf(const http::Request& r);

} // namespace sluice::api
