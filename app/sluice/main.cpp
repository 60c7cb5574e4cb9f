// SPDX-License-Identifier: Apache-2.0
// sluice: the operations console. Opens on a built-in launch-night scenario, ready to run.
#include "console_benchmark.h"
#include "dashboard/console_language.h"
#include "dashboard/console_settings.h"
#include "dashboard/dashboard_window.h"
#include "dashboard/following_spin_box.h"
#include "dashboard/what_if_panel.h"
#include "engine/utc_format.h"
#include "feed/scenario_source.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <cstdio>
#include <cstring>
#include <memory>

namespace {
// --help and --version print and exit: they need no display.
bool onlyPrints(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        for (const char* flag : {"--help", "-h", "-?", "--help-all", "--version", "-v"}) {
            if (std::strcmp(argv[i], flag) == 0) {
                return true;
            }
        }
    }
    return false;
}
} // namespace

int main(int argc, char** argv) {
    // QApplication aborts without a display, so --help and --version are answered by a
    // QCoreApplication (the parser prints and exits before anything draws).
    const std::unique_ptr<QCoreApplication> app =
        onlyPrints(argc, argv) ? std::make_unique<QCoreApplication>(argc, argv)
                               : std::make_unique<QApplication>(argc, argv);
    QApplication::setApplicationName("sluice");
    QApplication::setOrganizationName("Sluice");
    QApplication::setApplicationVersion(SLUICE_VERSION);
    QGuiApplication::setDesktopFileName("org.sluice.Console"); // its .desktop file and icon

    QCommandLineParser parser;
    parser.setApplicationDescription(
        "The Sluice operations console: the launch-night dashboard on an in-process "
        "simulation of the queue engine (run / pause / step with F5 / F6 / F10), or on live "
        "sluiced nodes (--connect, or File > Connect to live servers, Ctrl+L).");
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption scenario("scenario",
                                "A preset (" + sluice::ui::scenarioPresets().join(", ") +
                                    ") or a scenario file. Default: sluice-night-2021.",
                                "NAME|FILE", "sluice-night-2021");
    QCommandLineOption runUntil("run-until",
                                "Run as fast as possible to this many seconds after the start, "
                                "then pause.",
                                "SECONDS");
    QCommandLineOption screenshot("screenshot",
                                  "Render the window to this PNG file and exit (with "
                                  "--run-until: once the run got there). Works headless with "
                                  "QT_QPA_PLATFORM=offscreen.",
                                  "FILE");
    QCommandLineOption windowSize("window-size",
                                  "Open the window at this size, e.g. 1280x720 (for a "
                                  "screenshot at a given size).",
                                  "WxH");
    QCommandLineOption whatIf("what-if-rate",
                              "With --run-until: once there, project the rest of the night "
                              "at this admission rate (what the What-if dock does); with "
                              "--screenshot, the picture waits for the projection.",
                              "PER_MINUTE");
    QCommandLineOption benchmark(
        "benchmark",
        "Run the scenario as fast as possible to its end while a 5 ms timer probe measures the "
        "GUI thread's stalls; print the gaps (median, p99, longest), the wall time and the peak "
        "memory on one line, then exit.");
    QCommandLineOption benchmarkWhatIf(
        "benchmark-what-if",
        "As --benchmark, and a quarter into the run a what-if projection (twice the admission "
        "rate, to the end) runs beside it; prints how long the projection took.");
    QCommandLineOption benchmarkWhatIfs(
        "benchmark-what-ifs",
        "As --benchmark-what-if with COUNT what-ifs (2, 3 … times the admission rate), each "
        "asked when the one before is answered and all kept on the charts to the end.",
        "COUNT");
    QCommandLineOption benchmarkIdle("benchmark-idle",
                                     "The same probe with the run paused for SECONDS: the "
                                     "event loop's own jitter, the benchmark's reference.",
                                     "SECONDS");
    QCommandLineOption connectTo(
        "connect",
        "Watch and steer a live sluiced node instead of a simulation: its admin address, "
        "http://HOST:PORT or https://HOST:PORT (sluiced --admin-listen). Repeat for several "
        "nodes; they are named node-1, node-2 …",
        "URL");
    QCommandLineOption adminKeyFile("admin-key-file",
                                    "With --connect: the nodes' admin key (first line of FILE). "
                                    "Also SLUICE_ADMIN_KEY. Never shown or logged.",
                                    "FILE");
    QCommandLineOption caFile("ca-file",
                              "With --connect to https: the PEM certificate (or CA) to trust "
                              "for nodes with a certificate of their own.",
                              "FILE");
    QCommandLineOption language(
        "lang",
        "The console's language: " + sluice::ui::consoleLanguages().join(", ") +
            ". Default: as chosen in View > Language, else the first of the user's languages "
            "(LANGUAGE, LANG) that it has, else en.",
        "LANG");
    parser.addOptions({scenario, runUntil, screenshot, windowSize, whatIf, benchmark,
                       benchmarkWhatIf, benchmarkWhatIfs, benchmarkIdle, connectTo, adminKeyFile,
                       caFile, language});
    parser.process(*app);
    if (parser.isSet(language) &&
        !sluice::ui::consoleLanguages().contains(parser.value(language).toLower())) {
        std::fprintf(stderr, "sluice: --lang: one of %s\n",
                     qPrintable(sluice::ui::consoleLanguages().join(", ")));
        return 2;
    }
    // --lang, else View › Language's choice, else the user's languages.
    sluice::ui::installConsoleLanguage(
        parser.isSet(language) ? parser.value(language) : sluice::ui::console_settings::language());

    if (parser.isSet(connectTo)) {
        QString key = qEnvironmentVariable("SLUICE_ADMIN_KEY");
        if (parser.isSet(adminKeyFile)) {
            QFile file(parser.value(adminKeyFile));
            if (!file.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "sluice: cannot read the admin key file %s\n",
                             qPrintable(parser.value(adminKeyFile)));
                return 2;
            }
            key = QString::fromUtf8(file.readLine()).trimmed();
        }
        if (key.size() < 16) {
            std::fprintf(stderr, "sluice: --connect needs the admin key (--admin-key-file or "
                                 "SLUICE_ADMIN_KEY; at least 16 characters)\n");
            return 2;
        }
        QList<sluice::ui::NodeAddress> nodes;
        for (const QString& url : parser.values(connectTo)) {
            const QUrl parsed(url);
            if (!parsed.isValid() || (parsed.scheme() != "http" && parsed.scheme() != "https") ||
                parsed.host().isEmpty()) {
                std::fprintf(stderr,
                             "sluice: --connect %s: expected http://HOST:PORT or "
                             "https://HOST:PORT\n",
                             qPrintable(url));
                return 2;
            }
            nodes.append(
                {QString("node-%1").arg(nodes.size() + 1), parsed, key, parser.value(caFile)});
        }
        sluice::ui::DashboardWindow window(nodes);
        window.show();
        if (parser.isSet(benchmark)) {
            ConsoleBenchmark options;
            options.mode = ConsoleBenchmark::Mode::Live;
            options.scenarioName = QString("live-%1-nodes").arg(nodes.size());
            startConsoleBenchmark(window, options);
        }
        return QApplication::exec();
    }

    auto loaded = sluice::ui::loadScenarioArgument(parser.value(scenario), {});
    if (!loaded.isOk()) {
        const QString message = QString::fromStdString(loaded.status().message());
        std::fprintf(stderr, "sluice: %s\n", qPrintable(message));
        // A dialog too when someone can see it (not headless, not rendering a screenshot).
        if (!parser.isSet(screenshot) && QGuiApplication::platformName() != "offscreen") {
            QMessageBox::critical(
                nullptr, "Sluice",
                QCoreApplication::translate("main", "The scenario cannot be opened:\n%1")
                    .arg(message));
        }
        return 2;
    }
    const sluice::sim::Scenario sc = std::move(loaded).value();
    int untilSeconds = 0;
    if (parser.isSet(runUntil)) {
        bool ok = false;
        untilSeconds = parser.value(runUntil).toInt(&ok);
        if (!ok || untilSeconds < 1 || untilSeconds > sc.durationSeconds) {
            std::fprintf(stderr, "sluice: --run-until: whole seconds from 1 to %d expected\n",
                         sc.durationSeconds);
            return 2;
        }
    }

    int whatIfRate = -1;
    if (parser.isSet(whatIf)) {
        bool ok = false;
        whatIfRate = parser.value(whatIf).toInt(&ok);
        if (!ok || whatIfRate < 0 || untilSeconds == 0) {
            std::fprintf(stderr, "sluice: --what-if-rate: a whole number of admissions per "
                                 "minute, with --run-until\n");
            return 2;
        }
    }

    int idleSeconds = 0;
    if (parser.isSet(benchmarkIdle)) {
        bool ok = false;
        idleSeconds = parser.value(benchmarkIdle).toInt(&ok);
        if (!ok || idleSeconds < 1 || idleSeconds > 3600) {
            std::fprintf(stderr, "sluice: --benchmark-idle: whole seconds from 1 to 3600\n");
            return 2;
        }
    }

    int whatIfs = 1;
    if (parser.isSet(benchmarkWhatIfs)) {
        bool ok = false;
        whatIfs = parser.value(benchmarkWhatIfs).toInt(&ok);
        if (!ok || whatIfs < 1 || whatIfs > 8) {
            std::fprintf(stderr, "sluice: --benchmark-what-ifs: a count from 1 to 8\n");
            return 2;
        }
    }

    sluice::ui::DashboardWindow window(sc);
    sluice::ui::FeedSession& feed = window.session();
    if (parser.isSet(windowSize)) {
        const QStringList wh = parser.value(windowSize).split('x');
        if (wh.size() == 2 && wh[0].toInt() > 0 && wh[1].toInt() > 0) {
            window.resize(wh[0].toInt(), wh[1].toInt());
        }
    }
    window.show();

    if (parser.isSet(benchmark) || parser.isSet(benchmarkWhatIf) ||
        parser.isSet(benchmarkWhatIfs) || parser.isSet(benchmarkIdle)) {
        ConsoleBenchmark options;
        options.scenarioName = parser.value(scenario);
        options.durationSeconds = sc.durationSeconds;
        options.mode = parser.isSet(benchmarkIdle) ? ConsoleBenchmark::Mode::Idle
                       : parser.isSet(benchmarkWhatIf) || parser.isSet(benchmarkWhatIfs)
                           ? ConsoleBenchmark::Mode::RunWithWhatIf
                           : ConsoleBenchmark::Mode::Run;
        options.idleSeconds = idleSeconds;
        options.whatIfs = whatIfs;
        startConsoleBenchmark(window, options);
        return QApplication::exec();
    }

    const QString shot = parser.value(screenshot);
    auto capture = [&] {
        // After the last samples: a repaint tick for the tiles and one per chart.
        QTimer::singleShot(700, &window, [&] {
            if (!window.grab().save(shot, "PNG")) {
                std::fprintf(stderr, "sluice: cannot write %s\n", qPrintable(shot));
                QApplication::exit(1);
                return;
            }
            QApplication::exit(0);
        });
    };
    if (untilSeconds > 0) {
        feed.setSpeed(0);
        feed.step(untilSeconds);
        QObject::connect(&window, &sluice::ui::DashboardWindow::samplesArrived, &window,
                         [&, fired = false](qsizetype total) mutable {
                             if (fired || total < untilSeconds - 1) {
                                 return;
                             }
                             fired = true;
                             if (whatIfRate >= 0) {
                                 window.whatIf()->rateBox()->setValue(whatIfRate);
                                 window.whatIf()->projectButton()->click();
                             } else if (!shot.isEmpty()) {
                                 capture();
                             }
                         });
        if (!shot.isEmpty() && whatIfRate >= 0) {
            QObject::connect(&feed, &sluice::ui::FeedSession::projected, &window, capture);
        }
    } else if (!shot.isEmpty()) {
        capture();
    }
    return QApplication::exec();
}
