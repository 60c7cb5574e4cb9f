// SPDX-License-Identifier: Apache-2.0
// nlohmann/json, included with GCC 12's -Wnull-dereference silenced for its own code: once
// its accessors are inlined (differently at -O2 and -O3), GCC reports null dereferences in
// json.hpp on paths that check the type first. Our code keeps the warning.
#pragma once

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <nlohmann/json.hpp>
#pragma GCC diagnostic pop
