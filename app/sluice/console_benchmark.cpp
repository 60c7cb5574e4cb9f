// SPDX-License-Identifier: Apache-2.0
#include "console_benchmark.h"

#include "dashboard/dashboard_window.h"
#include "dashboard/following_spin_box.h"
#include "dashboard/gui_stall_probe.h"
#include "dashboard/what_if_panel.h"
#include "live/live_feed.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPushButton>
#include <QTimer>
#include <cstdio>
#include <memory>

using sluice::ui::DashboardWindow;

namespace {

struct State {
    ConsoleBenchmark options;
    sluice::ui::GuiStallProbe probe{5};
    QElapsedTimer wall;
    QElapsedTimer whatIf;
    double whatIfSeconds = -1; // all of them, from the first asked to the last answered
    int whatIfsAsked = 0;
    int whatIfsAnswered = 0;
    int baseRate = 0; // the admission rate in force when the first what-if is asked
    qsizetype samples = 0;
};

void report(State& s) {
    s.probe.stop();
    const auto f = s.probe.figures();
    const char* mode = s.options.mode == ConsoleBenchmark::Mode::Idle   ? "idle"
                       : s.options.mode == ConsoleBenchmark::Mode::Run  ? "run"
                       : s.options.mode == ConsoleBenchmark::Mode::Live ? "live"
                                                                        : "run+what-if";
    std::printf("gui-probe: scenario=%s mode=%s wall_s=%.1f ticks=%zu median_ms=%.2f "
                "p99_ms=%.2f longest_ms=%.2f peak_rss_mib=%.0f what_ifs=%d what_if_s=%.1f "
                "samples=%lld\n",
                qPrintable(s.options.scenarioName), mode,
                static_cast<double>(s.wall.elapsed()) / 1000.0, f.ticks, f.medianMs, f.p99Ms,
                f.longestMs, static_cast<double>(sluice::ui::peakResidentBytes()) / 1048576.0,
                s.whatIfsAnswered, s.whatIfSeconds, static_cast<long long>(s.samples));
    std::fflush(stdout);
    QApplication::exit(0);
}

} // namespace

void startConsoleBenchmark(DashboardWindow& window, const ConsoleBenchmark& options) {
    auto state = std::make_shared<State>();
    state->options = options;
    // Starts once the window is up and the simulation exists (after the first turns of the
    // event loop).
    QTimer::singleShot(500, &window, [&window, state] {
        state->probe.start();
        state->wall.start();
        if (state->options.mode == ConsoleBenchmark::Mode::Idle) {
            QTimer::singleShot(state->options.idleSeconds * 1000, &window,
                               [state] { report(*state); });
            return;
        }
        if (state->options.mode == ConsoleBenchmark::Mode::Live) {
            // Done when samples have come and no node has streamed for 2 s.
            auto watch = std::make_shared<QTimer>();
            auto quiet = std::make_shared<QElapsedTimer>();
            watch->setInterval(250);
            QObject::connect(watch.get(), &QTimer::timeout, &window,
                             [&window, state, watch, quiet] {
                                 const sluice::ui::LiveFeed* feed = window.liveFeed();
                                 const qsizetype made = feed ? feed->samplesMade() : 0;
                                 if (made != state->samples || !quiet->isValid()) {
                                     state->samples = made;
                                     quiet->start();
                                     return;
                                 }
                                 if (made > 0 && quiet->elapsed() > 2000) {
                                     watch->stop();
                                     report(*state);
                                 }
                             });
            watch->start();
            return;
        }
        sluice::ui::FeedSession& feed = window.session();
        if (state->options.mode == ConsoleBenchmark::Mode::RunWithWhatIf) {
            // A quarter into the run, project twice the admission rate to the end; each
            // further what-if (three, four … times the rate) as soon as the one before it
            // is answered, so that they are all on the charts for the rest of the run.
            const auto total = static_cast<qsizetype>(state->options.durationSeconds);
            const auto ask = [&window, state] {
                auto* rate = window.whatIf()->rateBox();
                if (state->whatIfsAsked == 0) {
                    state->baseRate = rate->value();
                }
                ++state->whatIfsAsked;
                rate->setValue(state->baseRate * (state->whatIfsAsked + 1));
                window.whatIf()->projectButton()->click();
            };
            QObject::connect(&window, &DashboardWindow::samplesArrived, &window,
                             [state, total, ask](qsizetype n) {
                                 if (state->whatIfsAsked > 0 || n < total / 4) {
                                     return;
                                 }
                                 state->whatIf.start();
                                 ask();
                             });
            QObject::connect(
                &feed, &sluice::ui::FeedSession::projected, &window, [&window, state, ask] {
                    ++state->whatIfsAnswered;
                    state->whatIfSeconds = static_cast<double>(state->whatIf.elapsed()) / 1000.0;
                    if (state->whatIfsAsked < state->options.whatIfs) {
                        // Queued: the panel takes the answer (and enables its
                        // button again) in a later slot of the same signal.
                        QTimer::singleShot(0, &window, ask);
                    }
                });
            // A what-if that is refused or stopped ends the benchmark with a failure, not a
            // wait for an answer that never comes.
            const auto give_up = [](const QString& why) {
                std::fprintf(stderr, "sluice --benchmark: a what-if did not finish: %s\n",
                             qPrintable(why));
                QApplication::exit(1);
            };
            QObject::connect(&feed, &sluice::ui::FeedSession::projectionFailed, &window, give_up);
            QObject::connect(&feed, &sluice::ui::FeedSession::projectionCancelled, &window,
                             [give_up] { give_up("cancelled"); });
        }
        QObject::connect(&feed, &sluice::ui::FeedSession::finished, &window, [&window, state] {
            // The last repaints included; with a what-if, its end too.
            auto finish = std::make_shared<QTimer>();
            finish->setInterval(300);
            QObject::connect(finish.get(), &QTimer::timeout, &window, [state, finish] {
                const bool waiting = state->options.mode == ConsoleBenchmark::Mode::RunWithWhatIf &&
                                     state->whatIfsAsked > state->whatIfsAnswered;
                if (!waiting) {
                    finish->stop();
                    report(*state);
                }
            });
            finish->start();
        });
        feed.setSpeed(0);
        feed.run();
    });
}
