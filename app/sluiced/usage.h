// SPDX-License-Identifier: Apache-2.0
// sluiced --help.
#pragma once

namespace sluice::app {

// Every option, what it does and its default.
const char* usageText();

} // namespace sluice::app
