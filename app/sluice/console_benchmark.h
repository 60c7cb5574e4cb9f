// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace sluice::ui {
class DashboardWindow;
}

// `sluice --benchmark…`: measures the GUI thread's stalls from inside the app while the
// window's scenario runs (see GuiStallProbe) and prints one `gui-probe:` line. With
// --connect (Mode::Live): while the live nodes stream, until every node has stopped (a
// recorded night replayed by bench/live/replay_nodes).
struct ConsoleBenchmark {
    enum class Mode { Run, RunWithWhatIf, Idle, Live };
    Mode mode = Mode::Run;
    int idleSeconds = 10;
    int durationSeconds = 0; // the scenario's (for when to ask the what-if)
    // Mode::RunWithWhatIf: how many what-ifs, asked one after another (the console computes
    // one at a time; each kept on the charts beside the run until the end).
    int whatIfs = 1;
    QString scenarioName;
};

// Starts the benchmark on the window's event loop; QApplication::exec() then runs it and
// exits with 0 when the line is printed.
void startConsoleBenchmark(sluice::ui::DashboardWindow& window, const ConsoleBenchmark& options);
