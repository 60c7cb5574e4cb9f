// SPDX-License-Identifier: Apache-2.0
// sluice: the operations console. Opens on a built-in launch-night scenario, ready to run.
#include "dashboard/dashboard_window.h"
#include "dashboard/gui_stall_probe.h"
#include "engine/utc_format.h"
#include "feed/scenario_source.h"
#include "feed/simulation_feed.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QTimer>
#include <cstdio>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("sluice");
    QApplication::setOrganizationName("Sluice");
    QApplication::setApplicationVersion(SLUICE_VERSION);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        "The Sluice operations console: the launch-night dashboard on an in-process "
        "simulation of the queue engine. Run / pause / step with F5 / F6 / F10.");
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
    QCommandLineOption benchmark(
        "benchmark",
        "Run the scenario as fast as possible to its end while a 5 ms timer probe measures the "
        "GUI thread's stalls; print the gaps (median, p99, longest), the wall time and the peak "
        "memory on one line, then exit.");
    QCommandLineOption benchmarkIdle("benchmark-idle",
                                     "The same probe with the run paused for SECONDS: the "
                                     "event loop's own jitter, the benchmark's reference.",
                                     "SECONDS");
    parser.addOptions({scenario, runUntil, screenshot, benchmark, benchmarkIdle});
    parser.process(app);

    auto loaded = sluice::ui::loadScenarioArgument(parser.value(scenario), {});
    if (!loaded.isOk()) {
        const QString message = QString::fromStdString(loaded.status().message());
        std::fprintf(stderr, "sluice: %s\n", qPrintable(message));
        // A dialog too when someone can see it (not headless, not rendering a screenshot).
        if (!parser.isSet(screenshot) && QGuiApplication::platformName() != "offscreen") {
            QMessageBox::critical(nullptr, "Sluice", "The scenario cannot be opened:\n" + message);
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

    sluice::ui::DashboardWindow window(sc);
    sluice::ui::SimulationFeed& feed = window.feed();
    window.show();

    if (parser.isSet(benchmark) || parser.isSet(benchmarkIdle)) {
        const int idleSeconds = parser.value(benchmarkIdle).toInt();
        if (parser.isSet(benchmarkIdle) && (idleSeconds < 1 || idleSeconds > 3600)) {
            std::fprintf(stderr, "sluice: --benchmark-idle: whole seconds from 1 to 3600\n");
            return 2;
        }
        auto* probe = new sluice::ui::GuiStallProbe(5, &window);
        auto* wall = new QElapsedTimer;
        const QString name = parser.value(scenario);
        auto report = [probe, wall, name, idleSeconds] {
            probe->stop();
            const auto f = probe->figures();
            std::printf("gui-probe: scenario=%s mode=%s wall_s=%.1f ticks=%zu median_ms=%.2f "
                        "p99_ms=%.2f longest_ms=%.2f peak_rss_mib=%.0f\n",
                        qPrintable(name), idleSeconds > 0 ? "idle" : "run",
                        static_cast<double>(wall->elapsed()) / 1000.0, f.ticks, f.medianMs, f.p99Ms,
                        f.longestMs,
                        static_cast<double>(sluice::ui::peakResidentBytes()) / 1048576.0);
            std::fflush(stdout);
            delete wall;
            QApplication::exit(0);
        };
        // Start once the window is up and the simulation exists (the first event-loop turn).
        QTimer::singleShot(500, &window, [&feed, probe, wall, idleSeconds, report, &window] {
            probe->start();
            wall->start();
            if (idleSeconds > 0) {
                QTimer::singleShot(idleSeconds * 1000, &window, report);
                return;
            }
            QObject::connect(&feed, &sluice::ui::Feed::finished, &window, [report] {
                QTimer::singleShot(300, report); // the last repaint included
            });
            feed.setSpeed(0);
            feed.run();
        });
        return QApplication::exec();
    }

    const QString shot = parser.value(screenshot);
    auto capture = [&] {
        QTimer::singleShot(300, &window, [&] { // one repaint after the last samples
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
        if (!shot.isEmpty()) {
            QObject::connect(&window, &sluice::ui::DashboardWindow::samplesArrived, &window,
                             [&, fired = false](qsizetype total) mutable {
                                 if (!fired && total >= untilSeconds - 1) {
                                     fired = true;
                                     capture();
                                 }
                             });
        }
    } else if (!shot.isEmpty()) {
        capture();
    }
    return QApplication::exec();
}
