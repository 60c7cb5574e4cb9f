// SPDX-License-Identifier: Apache-2.0
// sluice-sim: headless what-if runs of the Sluice queue engine.
#include "launch_night_demo.h"
#include "report_command.h"
#include "sim_commands.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QGuiApplication>
#include <cstdio>
#include <spdlog/spdlog.h>
#include <string_view>

int main(int argc, char** argv) {
    if (argc > 1 && std::string_view(argv[1]) == "report") {
        // The PDF needs fonts, hence a GUI application; no display is needed.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
        }
        QGuiApplication app(argc, argv);
        QCoreApplication::setApplicationName("sluice-sim");
        QCoreApplication::setApplicationVersion(SLUICE_VERSION);
        return sluice::app::reportCommand(QCoreApplication::arguments());
    }
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("sluice-sim");
    QCoreApplication::setApplicationVersion(SLUICE_VERSION);
    spdlog::set_level(spdlog::level::warn); // quiet by default

    const QStringList all = QCoreApplication::arguments();
    if (all.size() > 1 && (all[1] == "run" || all[1] == "sweep")) {
        return all[1] == "run" ? sluice::app::runCommand(all) : sluice::app::sweepCommand(all);
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Runs the Sluice queue engine offline.\n\n"
        "Commands (each has --help):\n"
        "  run SCENARIO     simulate a launch night (a preset or a scenario file) and write\n"
        "                   the 1-second series and the outcome summary\n"
        "  sweep SCENARIO   run it once per value of one parameter and tabulate the outcomes\n"
        "  report RUN_DIR   the incident report (PDF) of a run or of a sluiced node's history\n"
        "  demo             the built-in launch night: a surge at the opening, admission at a\n"
        "                   set rate, a 30-second pause; prints the queue and the wait estimate\n"
        "                   beside the figure the 2021 seed night's queue would have shown.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("command", "run, sweep or demo");
    QCommandLineOption people("people", "People in the surge (default 321000).", "N", "321000");
    QCommandLineOption rate("rate", "Admissions per minute (default 2000).", "N", "2000");
    QCommandLineOption minutes("minutes", "Simulated minutes (default 60).", "N", "60");
    QCommandLineOption verbose("verbose", "Log engine details to stderr.");
    parser.addOptions({people, rate, minutes, verbose});
    parser.process(app);

    const QStringList args = parser.positionalArguments();
    if (args.size() != 1 || args.first() != "demo") {
        std::fprintf(stderr, "sluice-sim: expected a command: run, sweep or demo (see --help)\n");
        return 2;
    }
    if (parser.isSet(verbose)) {
        spdlog::set_level(spdlog::level::debug);
    }
    sluice::app::DemoOptions options;
    bool okPeople = false, okRate = false, okMinutes = false;
    const uint p = parser.value(people).toUInt(&okPeople);
    const int r = parser.value(rate).toInt(&okRate);
    const int m = parser.value(minutes).toInt(&okMinutes);
    if (!okPeople || p < 1 || p > 50'000'000) {
        std::fprintf(stderr, "sluice-sim: --people: a whole number from 1 to 50000000 expected\n");
        return 2;
    }
    if (!okRate || r < 1 || r > 10'000'000) {
        std::fprintf(stderr, "sluice-sim: --rate: a whole number from 1 to 10000000 expected\n");
        return 2;
    }
    if (!okMinutes || m < 21 || m > 24 * 60) {
        std::fprintf(stderr, "sluice-sim: --minutes: a whole number from 21 to 1440 expected\n");
        return 2;
    }
    options.people = p;
    options.ratePerMinute = r;
    options.minutes = m;
    return sluice::app::runLaunchNightDemo(options, stdout);
}
