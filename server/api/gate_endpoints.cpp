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
    if (m_revoked.contains(checked->jti)) {
        return reasonedError(401, "this admission token was revoked: it was used from too many "
                                  "places at once",
                             "token_revoked");
    }
    const std::size_t places =
        m_addresses.record(checked->jti, clientAddress(call, m_options.trustedProxy), call.now);
    const int allowed = m_options.revokeSharedAbove;
    if (allowed > 0 && places > static_cast<std::size_t>(allowed)) {
        m_revoked.emplace(checked->jti, checked->exp * 1000);
        ++m_revokedTotal;
        return reasonedError(401, "this admission token was revoked: it was used from too many "
                                  "places at once",
                             "token_revoked");
    }
    return Response::json(204, "");
}

void GateEndpoints::forgetIdle(engine::TimeMs now) {
    m_addresses.forgetIdle(now);
    std::erase_if(m_revoked, [now](const auto& entry) { return entry.second < now; });
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
