// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/json_fields.h"
#include "engine/event_config.h"
#include "engine/status.h"

#include <string>
#include <string_view>

namespace sluice::series {

// One change of the controls by a named operator: a step of a scenario's operator plan, the
// body of sluiced's POST /api/v1/admin/controls. As JSON:
//   {"operator": "ana", "admissionRatePerMinute": 4000, "capacity": 8000, "paused": true,
//    "opensAt": "2021-07-19T20:00:00+09:00", "message": "Back at 21:00"}
// every control optional; an event with cohort windows moves one window's opening with
// {"cohort": "born 1970-74", "opensAt": …}. The operator's name is 1 to engine::kMaxOperatorNameBytes (100)
// bytes everywhere: the engine refuses a longer one in its audit trail, so no reader lets
// one through to be refused later.
struct OperatorChange {
    std::string operatorName;
    engine::ConfigChange change; // only the fields above are read or written
};

enum class OperatorName {
    Required, // sluiced: every change names who made it
    Optional, // a scenario's plan: `out.operatorName` (e.g. "plan") stands when it is absent
};

// Reads the fields out of `obj` into `out`, adding every problem to `f` under `path`
// ("operatorPlan[2].capacity: expected a whole number from 0 to …"). Keys it does not know
// are left to the caller (JsonFields::object); an empty change is not refused here.
void readOperatorChange(config::JsonFields& f, const nlohmann::json& obj, const std::string& path,
                        OperatorChange& out, OperatorName operatorName);

// A whole change as sluiced takes it: a JSON object of only these fields, the operator
// named, at least one control given. A refusal names each bad field ("capacity: …").
engine::Result<OperatorChange> readOperatorChangeJson(std::string_view text);
// The change as that JSON: the operator, then the controls it sets (opensAt in UTC).
std::string operatorChangeJson(const OperatorChange& change);

} // namespace sluice::series
