// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"
#include "engine/time_types.h"
#include "http/http_response.h"

#include <string>
#include <string_view>

namespace sluice::api {

// The HTTP status that says what kind of problem a refused command had: 400 for bad input,
// 403 for a forged ticket or an ineligible person, 404, 409 for the wrong moment, else 500.
int httpStatusOf(const engine::Status& status);
// The JSON error answer for a refused command (http::Response::error with httpStatusOf); a
// device mismatch also names its reason, "device_mismatch".
http::Response refusal(const engine::Status& status);
// {"error": {"status", "message", "reason"}<, more>}: a refusal a client acts on by its
// reason. `more`: further members of the outer object, already JSON (",\"challenge\":{…}").
http::Response reasonedError(int status, std::string_view message, std::string_view reason,
                             std::string_view more = {});
// 405 with "Allow: <allow>": the path exists, the method does not.
http::Response methodNotAllowed(std::string_view allow);
// An answer whose body is not JSON (text/csv, Prometheus text): made as what it is.
http::Response typedAnswer(int status, std::string contentType, std::string body);
// 200 {"status":"ok"}: alive (/healthz), ready (/readyz).
http::Response statusOk();
// An instant as a JSON string in UTC ("2021-07-19T11:00:00.000Z", quotes included).
std::string isoJson(engine::TimeMs at);

} // namespace sluice::api
