// SPDX-License-Identifier: Apache-2.0
#include "api_answers.h"

#include "engine/utc_format.h"
#include "room/waiting_room.h"

namespace sluice::api {

using engine::Status;

int httpStatusOf(const Status& s) {
    switch (s.code()) {
    case Status::Code::InvalidArgument:
        return 400;
    case Status::Code::PermissionDenied:
        return 403;
    case Status::Code::NotEligible:
        return 403;
    case Status::Code::NotFound:
        return 404;
    case Status::Code::FailedPrecondition:
        return 409;
    default:
        return 500;
    }
}

http::Response refusal(const Status& s) {
    if (room::isDeviceMismatch(s)) {
        return reasonedError(httpStatusOf(s), s.message(), "device_mismatch");
    }
    return http::Response::error(httpStatusOf(s), s.message());
}

http::Response reasonedError(int status, std::string_view message, std::string_view reason,
                             std::string_view more) {
    return http::Response::json(status, "{\"error\":{\"status\":" + std::to_string(status) +
                                            ",\"message\":" + http::jsonString(message) +
                                            ",\"reason\":" + http::jsonString(reason) + "}" +
                                            std::string(more) + "}");
}

http::Response methodNotAllowed(std::string_view allow) {
    http::Response r =
        http::Response::error(405, "method not allowed here; use " + std::string(allow));
    r.headers.push_back({"Allow", std::string(allow)});
    return r;
}

http::Response typedAnswer(int status, std::string contentType, std::string body) {
    http::Response r;
    r.status = status;
    r.contentType = std::move(contentType);
    r.body = std::move(body);
    return r;
}

http::Response statusOk() {
    return http::Response::json(200, "{\"status\":\"ok\"}");
}

std::string isoJson(engine::TimeMs at) {
    return http::jsonString(engine::formatUtc(at));
}

} // namespace sluice::api
