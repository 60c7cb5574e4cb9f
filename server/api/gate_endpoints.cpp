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
    auto checked = m_room.checkToken(call.now, token);
    if (!checked.isOk()) {
        return Response::error(401, checked.status().message());
    }
    return Response::json(204, "");
}

Response GateEndpoints::complete(const Call& call) {
    const std::string token = admissionTokenOf(call.request);
    if (token.empty()) {
        return Response::error(401, "no admission token");
    }
    const auto completed = m_room.complete(call.now, token);
    m_journal.record(commandRecord(journal::Command::Complete,
                                   completed.isOk() ? completed.value() : 0, completed.isOk()),
                     CommandJournal::Answer::WhenDurable);
    if (!completed.isOk()) {
        const Status& s = completed.status();
        return Response::error(s.code() == Status::Code::PermissionDenied ? 401 : httpStatusOf(s),
                               s.message());
    }
    Response done = Response::json(204, "");
    done.headers.push_back(
        {"Set-Cookie", std::string(kTokenCookie) + "=; Path=/; HttpOnly; Max-Age=0"});
    return done;
}

} // namespace sluice::api
