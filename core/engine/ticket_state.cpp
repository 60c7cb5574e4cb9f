// SPDX-License-Identifier: Apache-2.0
#include "ticket_state.h"

namespace sluice::engine {

std::string_view nameOf(TicketState state) {
    switch (state) {
    case TicketState::PreQueued:
        return "pre_queued";
    case TicketState::Waiting:
        return "waiting";
    case TicketState::Admitted:
        return "admitted";
    case TicketState::Active:
        return "active";
    case TicketState::Completed:
        return "completed";
    case TicketState::Left:
        return "left";
    case TicketState::Abandoned:
        return "abandoned";
    case TicketState::ClaimExpired:
        return "claim_expired";
    case TicketState::SessionExpired:
        return "session_expired";
    }
    return "unknown";
}

std::string_view nameOf(TokenRejection reason) {
    switch (reason) {
    case TokenRejection::Malformed:
        return "malformed";
    case TokenRejection::AlgorithmNotAllowed:
        return "algorithm_not_allowed";
    case TokenRejection::BadSignature:
        return "bad_signature";
    case TokenRejection::WrongEvent:
        return "wrong_event";
    case TokenRejection::Expired:
        return "expired";
    case TokenRejection::NotYetValid:
        return "not_yet_valid";
    case TokenRejection::Revoked:
        return "revoked";
    case TokenRejection::DeviceMismatch:
        return "device_mismatch";
    }
    return "unknown";
}

} // namespace sluice::engine
