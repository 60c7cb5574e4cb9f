// SPDX-License-Identifier: Apache-2.0
#include "sim_commands.h"

#include "engine/utc_format.h"
#include "feed/scenario_source.h"
#include "progress_bar.h"
#include "series/audit_json.h"
#include "series/series_csv.h"
#include "series/series_json.h"
#include "sim/estimate_scores.h"
#include "sim/people_csv.h"
#include "sim/sim_output.h"
#include "sim/simulation.h"

#include <QCommandLineParser>
#include <QDir>
#include <QSaveFile>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <optional>
#include <sys/resource.h>
#include <unistd.h>

namespace sluice::app {
namespace {

// Options shared by run and sweep.
struct CommonOptions {
    QCommandLineOption seed{"seed", "Random seed (default: the scenario's).", "N"};
    QCommandLineOption until{"until",
                             "Stop at this time: an ISO-8601 instant with its zone "
                             "(2021-07-19T23:00:00+09:00) or seconds after the start.",
                             "T"};
    QCommandLineOption set{"set",
                           "Override a scenario field before it is read, e.g. "
                           "--set event.admissionRatePerMinute=6000 or "
                           "--set 'operatorPlan[1].at=\"2021-07-19T20:30:00+09:00\"'. Repeatable.",
                           "path=value"};
    QCommandLineOption out{"out", "Write the results into this directory (created if needed).",
                           "DIR"};
    QCommandLineOption progress{"progress", "Draw a progress bar on stderr even when it is not a "
                                            "terminal."};
    QCommandLineOption quiet{"quiet", "No progress bar and no figures on stderr."};
    QCommandLineOption proofOfWork{
        "proof-of-work",
        "Proof of work on join (fair joins, issue 16): off, auto (the difficulty follows the "
        "room's join rate, as sluiced's) or a fixed number of bits from 0 to 32. Overrides "
        "the scenario's fairJoins.proofOfWork (and adds fairJoins if it has none).",
        "off|auto|BITS"};
    QCommandLineOption joinLimit{
        "join-limit",
        "The per-address join limit: joins a minute and a burst (10 when not given), or off. "
        "Overrides the scenario's fairJoins.joinLimit.",
        "PER_MIN[:BURST]|off"};
    QCommandLineOption everyPoll{
        "every-poll",
        "Simulate every poll and every reload as its own event instead of counting a waiting "
        "person's quiet polls as load and the reloads of a full booking site's blank page in "
        "the reload orbit (docs/simulator.md, \"Quiet stretches\", \"The reload orbit\"): "
        "slower, and byte-identical to the runs made before either existed."};

    void addTo(QCommandLineParser& p) {
        p.addOptions({seed, until, set, out, progress, quiet, proofOfWork, joinLimit, everyPoll});
    }
};

// --proof-of-work and --join-limit as scenario overrides; nullopt after printing an error.
std::optional<std::vector<std::string>> fairJoinsOverrides(const QCommandLineParser& p,
                                                           const CommonOptions& o) {
    std::vector<std::string> out;
    if (p.isSet(o.proofOfWork)) {
        const QString v = p.value(o.proofOfWork).trimmed();
        bool ok = false;
        const int bits = v.toInt(&ok);
        if (v == "off" || v == "auto") {
            out.push_back("fairJoins.proofOfWork=\"" + v.toStdString() + "\"");
        } else if (ok && bits >= 0 && bits <= 32) {
            out.push_back("fairJoins.proofOfWork=" + std::to_string(bits));
        } else {
            std::fprintf(stderr,
                         "sluice-sim: --proof-of-work: expected off, auto or a whole number of "
                         "bits from 0 to 32, found \"%s\"\n",
                         qPrintable(v));
            return std::nullopt;
        }
    }
    if (p.isSet(o.joinLimit)) {
        const QString v = p.value(o.joinLimit).trimmed();
        if (v == "off") {
            out.emplace_back("fairJoins.joinLimit=\"off\"");
        } else {
            const QStringList parts = v.split(':');
            bool okRate = false, okBurst = true;
            const int perMinute = parts[0].toInt(&okRate);
            const int burst = parts.size() == 2 ? parts[1].toInt(&okBurst) : 10;
            if (parts.size() > 2 || !okRate || !okBurst || perMinute < 1 || burst < 1 ||
                perMinute > 1'000'000 || burst > 1'000'000) {
                std::fprintf(stderr,
                             "sluice-sim: --join-limit: expected off or PER_MIN[:BURST] (whole "
                             "numbers from 1 to 1000000, e.g. 30:10), found \"%s\"\n",
                             qPrintable(v));
                return std::nullopt;
            }
            out.push_back("fairJoins.joinLimit={\"perMinute\":" + std::to_string(perMinute) +
                          ",\"burst\":" + std::to_string(burst) + "}");
        }
    }
    return out;
}

struct Prepared {
    sim::Scenario scenario;
    engine::TimeMs until = 0;
    sim::SimOptions options;
};

std::optional<Prepared> prepare(const QCommandLineParser& p, const CommonOptions& o,
                                const QString& scenarioArg, const std::vector<std::string>& last) {
    // --set first, then the command's own (a sweep's varied parameter wins over --set).
    std::vector<std::string> overrides;
    for (const QString& s : p.values(o.set)) {
        overrides.push_back(s.toStdString());
    }
    auto fair = fairJoinsOverrides(p, o);
    if (!fair) {
        return std::nullopt;
    }
    overrides.insert(overrides.end(), fair->begin(), fair->end());
    overrides.insert(overrides.end(), last.begin(), last.end());
    auto loaded = ui::loadScenarioArgument(scenarioArg, overrides);
    if (!loaded.isOk()) {
        std::fprintf(stderr, "sluice-sim: %s\n", loaded.status().message().c_str());
        return std::nullopt;
    }
    Prepared prepared{std::move(loaded).value(), 0, {}};
    prepared.options.everyPollAnEvent = p.isSet(o.everyPoll);
    sim::Scenario& sc = prepared.scenario;
    if (p.isSet(o.seed)) {
        bool ok = false;
        sc.seed = p.value(o.seed).toULongLong(&ok);
        if (!ok) {
            std::fprintf(stderr, "sluice-sim: --seed: a whole number from 0 to 2^64-1 expected\n");
            return std::nullopt;
        }
    }
    const engine::TimeMs end = sc.start + engine::TimeMs{sc.durationSeconds} * 1000;
    prepared.until = end;
    if (p.isSet(o.until)) {
        const QString v = p.value(o.until);
        bool ok = false;
        const qlonglong seconds = v.toLongLong(&ok);
        engine::TimeMs t = 0;
        if (ok && seconds > 0) {
            t = sc.start + seconds * 1000;
        } else if (!ok && engine::parseUtc(v.toStdString(), t)) {
        } else {
            std::fprintf(stderr,
                         "sluice-sim: --until: expected seconds after the start (> 0) or an "
                         "ISO-8601 instant with a zone, found \"%s\"\n",
                         qPrintable(v));
            return std::nullopt;
        }
        if (t <= sc.start || t > end) {
            std::fprintf(stderr, "sluice-sim: --until: must fall after %s and no later than %s\n",
                         engine::formatUtc(sc.start).c_str(), engine::formatUtc(end).c_str());
            return std::nullopt;
        }
        prepared.until = t;
    }
    return prepared;
}

bool writeFile(const QString& path, const std::string& text) {
    QSaveFile f(path); // written whole or not at all
    if (!f.open(QIODevice::WriteOnly) ||
        f.write(text.data(), static_cast<qint64>(text.size())) !=
            static_cast<qint64>(text.size()) ||
        !f.commit()) {
        std::fprintf(stderr, "sluice-sim: cannot write %s: %s\n", qPrintable(path),
                     qPrintable(f.errorString()));
        return false;
    }
    return true;
}

bool makeDir(const QString& dir) {
    if (!QDir().mkpath(dir)) {
        std::fprintf(stderr, "sluice-sim: cannot create the directory %s\n", qPrintable(dir));
        return false;
    }
    return true;
}

double peakRssMiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

struct RunResult {
    std::unique_ptr<sim::Simulation> sim;
    double wallSeconds = 0;
};

std::optional<RunResult> simulate(const Prepared& prepared, bool showProgress,
                                  const std::string& label) {
    auto created = sim::Simulation::create(prepared.scenario, prepared.options);
    if (!created.isOk()) {
        std::fprintf(stderr, "sluice-sim: the scenario cannot run: %s\n",
                     created.status().message().c_str());
        return std::nullopt;
    }
    RunResult r{std::move(created).value(), 0};
    ProgressBar bar(showProgress, label);
    const auto t0 = std::chrono::steady_clock::now();
    r.sim->runUntil(prepared.until, [&](double fraction) {
        bar.update(fraction, engine::formatUtc(r.sim->now()));
    });
    r.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    bar.finish();
    return r;
}

void printFigures(const RunResult& r) {
    const double events = static_cast<double>(r.sim->events());
    std::fprintf(stderr,
                 "simulated %.0f s with %" PRIu64 " events in %.2f s wall: %.1f M events/s; "
                 "simulator memory %.0f MiB, peak RSS %.0f MiB\n",
                 static_cast<double>(r.sim->now() - r.sim->start()) / 1000.0, r.sim->events(),
                 r.wallSeconds, events / r.wallSeconds / 1e6,
                 static_cast<double>(r.sim->memoryBytes()) / 1048576.0, peakRssMiB());
}

// Scores the estimate for everyone and, with `dir`, writes people.csv in the same pass
// (streamed: a 10-million-person night is a gigabyte of text).
std::optional<sim::EstimateScores> scoreRun(const sim::Simulation& s, const QString* dir) {
    if (dir == nullptr) {
        return sim::scoreEstimates(s);
    }
    if (!makeDir(*dir)) {
        return std::nullopt;
    }
    const QString path = *dir + "/people.csv";
    QSaveFile f(path); // written whole or not at all
    bool ok = f.open(QIODevice::WriteOnly);
    std::string chunk = sim::peopleCsvHeader();
    auto flush = [&] {
        ok = ok && f.write(chunk.data(), static_cast<qint64>(chunk.size())) ==
                       static_cast<qint64>(chunk.size());
        chunk.clear();
    };
    sim::EstimateScores scores = sim::scoreEstimates(s, [&](const sim::PersonRecord& p) {
        chunk += sim::peopleCsvRow(p);
        if (chunk.size() > (1u << 20)) {
            flush();
        }
    });
    flush();
    if (!ok || !f.commit()) {
        std::fprintf(stderr, "sluice-sim: cannot write %s: %s\n", qPrintable(path),
                     qPrintable(f.errorString()));
        return std::nullopt;
    }
    return scores;
}

bool writeRun(const QString& dir, const sim::Simulation& s, const sim::SimSummary& summary) {
    return makeDir(dir) &&
           writeFile(dir + "/series.csv", series::seriesCsv(s.samples(), s.start())) &&
           writeFile(dir + "/series.json", series::seriesJson(s.samples(), s.start())) &&
           writeFile(dir + "/audit.json", series::auditJson(s.engine().audit())) &&
           writeFile(dir + "/summary.json",
                     sim::summaryJson(s.scenario(), s.scenario().seed, summary));
}

} // namespace

int runCommand(const QStringList& arguments) {
    QCommandLineParser p;
    p.setApplicationDescription(
        "Runs a launch night: the real queue engine, its tickets, tokens and gate, driven by "
        "simulated people, clients, queue servers, a protected backend and an operator plan.\n"
        "Writes series.csv and series.json (one row a second), audit.json (the operator plan's "
        "changes as the engine recorded them), summary.json (what happened to everyone) and "
        "people.csv (each person: arrival, estimates shown, admission, outcome) "
        "with --out, and prints the summary and the estimate's error per arrival bucket, "
        "per operator change and for the people who gave up (`sluice-sim report DIR` makes the "
        "PDF). The same "
        "scenario and seed give "
        "byte-identical files.\n\n"
        "SCENARIO is a preset (" +
        ui::scenarioPresets().join(", ") +
        ") or a scenario file "
        "(docs/scenario-format.md).");
    p.addHelpOption();
    p.addPositionalArgument("run", "The command.", "run");
    p.addPositionalArgument("SCENARIO", "A preset name or a scenario file.");
    CommonOptions o;
    o.addTo(p);
    p.process(arguments);
    const QStringList args = p.positionalArguments().mid(1); // after the command's name
    if (args.size() != 1) {
        std::fprintf(stderr, "sluice-sim run: expected one SCENARIO (see sluice-sim run --help)\n");
        return 2;
    }
    auto prepared = prepare(p, o, args[0], {});
    if (!prepared) {
        return 2;
    }
    const bool quiet = p.isSet(o.quiet);
    const bool bar = !quiet && (p.isSet(o.progress) || isatty(STDERR_FILENO) != 0);
    auto result = simulate(*prepared, bar, "simulating");
    if (!result) {
        return 1;
    }
    const sim::SimSummary summary = result->sim->summarize();
    std::fputs(sim::summaryText(summary).c_str(), stdout);
    const QString outDir = p.value(o.out);
    const auto scores = scoreRun(*result->sim, p.isSet(o.out) ? &outDir : nullptr);
    if (!scores) {
        return 1;
    }
    std::fputs(sim::scoresText(*scores).c_str(), stdout);
    if (!quiet) {
        printFigures(*result);
    }
    if (p.isSet(o.out) && !writeRun(outDir, *result->sim, summary)) {
        return 1;
    }
    return 0;
}

int sweepCommand(const QStringList& arguments) {
    QCommandLineParser p;
    p.setApplicationDescription(
        "Runs one scenario once per value of one parameter and tabulates the outcomes, e.g.\n"
        "  sluice-sim sweep sluice-night-2021 --param event.admissionRatePerMinute "
        "--values 4000,5000,6000\n"
        "With --out, writes sweep.csv and each run's files into DIR/<n>/.");
    p.addHelpOption();
    p.addPositionalArgument("sweep", "The command.", "sweep");
    p.addPositionalArgument("SCENARIO", "A preset name or a scenario file.");
    QCommandLineOption param("param", "The scenario field to vary (a --set path).", "PATH");
    QCommandLineOption values("values", "Comma-separated values for it (JSON or text).",
                              "V1,V2,...");
    p.addOptions({param, values});
    CommonOptions o;
    o.addTo(p);
    p.process(arguments);
    const QStringList args = p.positionalArguments().mid(1);
    if (args.size() != 1 || !p.isSet(param) || !p.isSet(values)) {
        std::fprintf(stderr, "sluice-sim sweep: expected SCENARIO, --param and --values "
                             "(see sluice-sim sweep --help)\n");
        return 2;
    }
    const QStringList list = p.value(values).split(',', Qt::SkipEmptyParts);
    if (list.isEmpty()) {
        std::fprintf(stderr, "sluice-sim sweep: --values: at least one value expected\n");
        return 2;
    }
    // Check every value first: a typo in the fifth value must not cost four runs.
    std::vector<Prepared> runs;
    for (const QString& v : list) {
        auto prepared = prepare(p, o, args[0],
                                {p.value(param).toStdString() + "=" + v.trimmed().toStdString()});
        if (!prepared) {
            return 2;
        }
        runs.push_back(std::move(*prepared));
    }
    const bool quiet = p.isSet(o.quiet);
    const bool bar = !quiet && (p.isSet(o.progress) || isatty(STDERR_FILENO) != 0);
    std::string table =
        "value,admitted,booked,gave_up,left_on_estimate,wait_p50_s,wait_p90_s,wait_max_s,"
        "estimate_error_p50,cheats_succeeded,honest_overtaken,peak_waiting,"
        "peak_queue_requests_per_s,peak_queue_errors_per_s,peak_backend_busy,backend_errors\n";
    std::printf("%-14s %9s %9s %8s %10s %10s %9s %8s %10s %9s\n", "value", "admitted", "booked",
                "gave up", "p50 wait", "p90 wait", "est.err", "cheats", "peak wait", "be.errors");
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const std::string label = "run " + std::to_string(i + 1) + "/" +
                                  std::to_string(runs.size()) + " " +
                                  list[static_cast<qsizetype>(i)].toStdString();
        auto result = simulate(runs[i], bar, label);
        if (!result) {
            return 1;
        }
        const sim::SimSummary s = result->sim->summarize();
        std::uint64_t cheats = 0;
        for (const auto n : s.cheatsSucceeded) {
            cheats += n;
        }
        const std::string value = list[static_cast<qsizetype>(i)].trimmed().toStdString();
        std::printf("%-14s %9" PRIu64 " %9" PRIu64 " %8" PRIu64
                    " %8.1fmin %8.1fmin %8.1f%% %8" PRIu64 " %10" PRIu64 " %9" PRIu64 "\n",
                    value.c_str(), s.admitted, s.booked, s.gaveUp + s.leftOnEstimate,
                    s.waitSeconds.p50 / 60, s.waitSeconds.p90 / 60, s.estimateErrorShare.p50 * 100,
                    cheats, s.peakWaiting, s.backendErrorsTotal);
        std::fflush(stdout);
        std::string quoted; // CSV: double any quote inside the value
        for (const char ch : value) {
            quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        }
        char row[512];
        std::snprintf(
            row, sizeof row,
            "\"%s\",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.1f,%.1f,%.1f,%.4f,%" PRIu64
            ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n",
            quoted.c_str(), s.admitted, s.booked, s.gaveUp, s.leftOnEstimate, s.waitSeconds.p50,
            s.waitSeconds.p90, s.waitSeconds.max, s.estimateErrorShare.p50, cheats,
            s.honestOvertaken, s.peakWaiting, s.peakQueueRequestsPerSecond,
            s.peakQueueErrorsPerSecond, s.peakBackendBusy, s.backendErrorsTotal);
        table += row;
        if (!quiet) {
            printFigures(*result);
        }
        const QString runDir = p.value(o.out) + "/" + QString::number(i + 1);
        if (p.isSet(o.out) &&
            (!scoreRun(*result->sim, &runDir) || !writeRun(runDir, *result->sim, s))) {
            return 1;
        }
    }
    if (p.isSet(o.out) && !writeFile(p.value(o.out) + "/sweep.csv", table)) {
        return 1;
    }
    return 0;
}

} // namespace sluice::app
