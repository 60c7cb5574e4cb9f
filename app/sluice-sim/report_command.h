// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QStringList>

namespace sluice::app {

// `sluice-sim report RUN_DIR [--out FILE.pdf]`: the incident report of a simulated run
// (`sluice-sim run --out RUN_DIR`) or of a node's recorded history (sluiced's
// DATA_DIR/history). Needs a QGuiApplication (fonts); works headless.
int reportCommand(const QStringList& arguments);

} // namespace sluice::app
