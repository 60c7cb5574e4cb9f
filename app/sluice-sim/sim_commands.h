// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QStringList>

namespace sluice::app {

// `sluice-sim run …` and `sluice-sim sweep …`; `arguments` start with the program name
// followed by the command's own arguments. Return the process exit code: 0 done, 1 the
// run failed, 2 bad arguments or scenario.
int runCommand(const QStringList& arguments);
int sweepCommand(const QStringList& arguments);

} // namespace sluice::app
