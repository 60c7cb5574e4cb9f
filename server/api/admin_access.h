// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api_options.h"
#include "http/http_response.h"

#include <optional>

namespace sluice::api {

// Whether a call may use the admin API: nothing when it may, else the refusal to send —
// 403 on the plain port when the admin API is served over TLS only, 403 when no admin key
// is set, 401 (with WWW-Authenticate) when the bearer key is missing or wrong. The key is
// compared in constant time.
std::optional<http::Response> adminRefusal(const http::Request& request, bool overTls,
                                           const ApiOptions& options);

} // namespace sluice::api
