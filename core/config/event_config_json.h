// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/event_config.h"
#include "engine/status.h"
#include "json_fields.h"
#include "nlohmann_json.h"

#include <string>

namespace sluice::config {

// An event's configuration in JSON (the "event" object of a scenario, and sluiced's event
// file): every problem is collected into `f` as "path.field: …". Fields absent keep the
// defaults in `e`. See docs/scenario-format.md.
void readEvent(JsonFields& f, const nlohmann::json& j, engine::EventConfig& e,
               const std::string& path = "event");

// The same, for one object on its own: the config or every problem in one message.
engine::Result<engine::EventConfig> parseEventConfig(const nlohmann::json& j,
                                                     const std::string& path = "event");

} // namespace sluice::config
