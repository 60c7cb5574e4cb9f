// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/scenario.h"

#include <QString>
#include <QStringList>
#include <string>
#include <vector>

namespace sluice::ui {

// The presets built into the binary (resources/scenarios/*.json), by name.
QStringList scenarioPresets();

// A preset name or a file path → a parsed scenario. Errors name the file or preset and
// list every bad field.
engine::Result<sim::Scenario> loadScenarioArgument(const QString& nameOrPath,
                                                   const std::vector<std::string>& overrides);

} // namespace sluice::ui
