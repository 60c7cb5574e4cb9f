// SPDX-License-Identifier: Apache-2.0
#include "gate_endpoints.h"

#include "api_answers.h"
#include "request_fields.h"

namespace sluice::api {

using engine::Status;
using http::Response;

// Nothing else is decided here: the token is the only thing that counts.
Response GateEndpoints::check(const Call& call) {
    const std::string token = admissionTokenOf(call.request);
    if (token.empty()) {
        return Response::error(401, "no admission token");
    }
    auto checked = m_room.checkToken(call.now, token, deviceSecretOf(call.request));
    if (!checked.isOk()) {
        return room::isDeviceMismatch(checked.status())
                   ? reasonedError(401, checked.status().message(), "device_mismatch")
                   : Response::error(401, checked.status().message());
    }
    m_addresses.record(checked->jti, clientAddress(call, m_trustedProxy), call.now);
    return Response::json(204, "");
}

std::optional<Response> GateEndpoints::complete(const Call& call) {
    const std::string token = admissionTokenOf(call.request);
    if (token.empty()) {
        return Response::error(401, "no admission token");
    }
    auto change = changeOf(cluster::EntryKind::Complete, call);
    if (!change.isOk()) {
        return refusal(change.status());
    }
    change.value().credential = token;
    change.value().device = deviceSecretOf(call.request);
    return m_driver->run(
        std::move(change.value()), call.responder, [](const cluster::ChangeOutcome& o) {
            if (!o.status.isOk()) {
                const Status& s = o.status;
                if (room::isDeviceMismatch(s)) {
                    return reasonedError(401, s.message(), "device_mismatch");
                }
                return Response::error(s.code() == Status::Code::PermissionDenied ? 401
                                                                                  : httpStatusOf(s),
                                       s.message());
            }
            Response done = Response::json(204, "");
            done.headers.push_back(
                {"Set-Cookie", std::string(kTokenCookie) + "=; Path=/; HttpOnly; Max-Age=0"});
            return done;
        });
}

} // namespace sluice::api
