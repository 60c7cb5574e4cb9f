// SPDX-License-Identifier: Apache-2.0
// The simulator against queueing theory, against the seed night's failures and Sluice's
// answers to them, and for reproducibility.
#include "series/series_csv.h"
#include "series/series_json.h"
#include "sim/scenario.h"
#include "sim/sim_output.h"
#include "sim/simulation.h"
#include "sim_fixtures.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <memory>

using namespace sluice;

namespace {

using testing::kPresets;
using testing::tenthScale;

// Erlang C: probability that an arrival waits in an M/M/c queue with offered load a = λ/μ.
double erlangC(int c, double a) {
    double term = 1, sum = 1; // k = 0
    for (int k = 1; k < c; ++k) {
        term *= a / k;
        sum += term;
    }
    const double top = term * a / c / (1 - a / c);
    return top / (sum + top);
}

sim::SimSummary run(const sim::Scenario& sc, std::unique_ptr<sim::Simulation>* keep = nullptr) {
    auto created = sim::Simulation::create(sc);
    if (!created.isOk()) {
        qFatal("simulation refused: %s", created.status().message().c_str());
    }
    auto s = std::move(created).value();
    s->runToEnd();
    sim::SimSummary summary = s->summarize();
    if (keep != nullptr) {
        *keep = std::move(s);
    }
    return summary;
}

sim::Scenario load(const std::string& preset, const std::vector<std::string>& overrides) {
    return testing::loadPreset(preset, overrides);
}

std::uint64_t sum(const std::array<std::uint64_t, sim::kCheatKinds>& a) {
    std::uint64_t n = 0;
    for (auto v : a) {
        n += v;
    }
    return n;
}

} // namespace

class TstSimulator : public QObject {
    Q_OBJECT
private slots:
    void mmcMeanWaitMatchesErlangC_data();
    void mmcMeanWaitMatchesErlangC();
    void seedNightShowsTheOldFailures();
    void sluiceNightStopsCheatsAndEstimatesHonestly();
    void sameSeedGivesIdenticalBytes();
    void sweepTabulatesEachValue();
    void brokenScenarioFailsClearly_data();
    void brokenScenarioFailsClearly();
};

// Poisson arrivals, exponential service, c servers (capacity slots), no patience limit,
// no cheats, unlimited queue servers, admissions pushed at once: an M/M/c queue.
void TstSimulator::mmcMeanWaitMatchesErlangC_data() {
    QTest::addColumn<int>("servers");
    QTest::addColumn<double>("load"); // ρ
    QTest::newRow("c=10 rho=0.7") << 10 << 0.7;
    QTest::newRow("c=4 rho=0.8") << 4 << 0.8;
}

void TstSimulator::mmcMeanWaitMatchesErlangC() {
    QFETCH(int, servers);
    QFETCH(double, load);
    const double serviceSeconds = 1.0;
    const double lambda = load * servers / serviceSeconds;
    const int hours = 24;
    const auto people = static_cast<int>(lambda * hours * 3600 * 1.05);
    const std::string c = std::to_string(servers);
    const sim::Scenario sc = [&] {
        auto parsed = sim::parseScenario(R"({
          "format": "sluice-scenario/1", "name": "M/M/c", "seed": 7,
          "start": "2030-01-01T00:00:00Z", "durationSeconds": )" +
                                         std::to_string(hours * 3600) + R"(,
          "event": { "eventId": "mmc", "opensAt": "2030-01-01T00:00:00Z", "admissionRatePerMinute": 10000000,
                     "capacity": )" + c + R"(, "sessionTtlSeconds": 86400 },
          "population": { "arrivals": "poisson", "ratePerSecond": )" +
                                         std::to_string(lambda) + R"(, "people": )" +
                                         std::to_string(people) + R"( },
          "clients": { "patienceMedianSeconds": 0, "cheaterShare": 0, "notifyOnAdmission": true,
                       "pageLoadSeconds": 0 },
          "queueServers": { "nodes": 1, "requestsPerSecondPerNode": 0 },
          "backend": { "capacity": )" + c +
                                         R"(, "serviceDistribution": "exponential",
                       "serviceSecondsMean": 1 }
        })");
        if (!parsed.isOk()) {
            qFatal("%s", parsed.status().message().c_str());
        }
        return std::move(parsed).value();
    }();
    const sim::SimSummary s = run(sc);
    const double mu = 1.0 / serviceSeconds;
    const double a = lambda / mu;
    const double expected = erlangC(servers, a) / (servers * mu - lambda);
    const double measured = s.waitSeconds.mean;
    qInfo("c=%d rho=%.2f: %llu admitted, mean wait %.4f s, Erlang C %.4f s (%+.2f%%); "
          "Little's law L=%.3f lambdaW=%.3f",
          servers, load, static_cast<unsigned long long>(s.admitted), measured, expected,
          (measured / expected - 1) * 100, s.littleL, s.littleLambdaW);
    QVERIFY(s.admitted > 100'000);
    QVERIFY2(std::abs(measured / expected - 1) <= 0.03, "mean wait off Erlang C by more than 3%");
    QVERIFY(s.littleRelativeError < 0.01);
}

void TstSimulator::seedNightShowsTheOldFailures() {
    std::unique_ptr<sim::Simulation> keep;
    // Full scale: the naive estimate's absurdity grows with the crowd (321,000 ÷ 1).
    const sim::SimSummary s = run(load("seed-night-2021.json", {}), &keep);
    qInfo("%s", sim::summaryText(s).c_str());
    // Every cheat gets through: nothing on the server checks anything.
    QVERIFY(sum(s.cheatsAttempted) > 5000);
    QCOMPARE(sum(s.cheatsSucceeded), sum(s.cheatsAttempted));
    QVERIFY(s.honestOvertaken > 100'000);
    // The overloaded agent fails open, and the booking site is swamped.
    QVERIFY(s.failedOpen > 0);
    QVERIFY(s.backendErrorsTotal > 0);
    // waiting ÷ last second's admissions (0 read as 1): more than a tenth of the people
    // were first shown more than 10× the wait that followed.
    QVERIFY2(s.estimateRatio.p90 > 10.0, "the naive estimate should be off by over 10x");
    QVERIFY(s.littleRelativeError < 0.02);
}

void TstSimulator::sluiceNightStopsCheatsAndEstimatesHonestly() {
    std::unique_ptr<sim::Simulation> keep;
    const sim::SimSummary s = run(load("sluice-night-2021.json", {}), &keep);
    qInfo("%s", sim::summaryText(s).c_str());
    for (std::size_t k = 0; k < sim::kCheatKinds; ++k) {
        QVERIFY2(s.cheatsAttempted[k] > 0, "every kind of cheat is tried");
        QCOMPARE(s.cheatsSucceeded[k], std::uint64_t{0});
    }
    QCOMPARE(s.honestOvertaken, std::uint64_t{0});
    // The gate saw the token-carrying cheats (and the token-less ones) and refused them.
    QVERIFY(s.rejectedTokens > 0);
    QVERIFY(s.admitted > 500'000);
    QVERIFY2(s.estimateErrorShare.p50 <= 0.15, "median estimate error above 15% of the wait");
    QVERIFY(s.littleRelativeError < 0.02);
    // The engine's head count and the people's own view of who is queued agree.
    const series::Sample& mid = keep->samples()[keep->samples().size() / 4];
    QVERIFY(mid.waiting + mid.preQueued > 0);
}

void TstSimulator::sameSeedGivesIdenticalBytes() {
    auto small = tenthScale();
    small.push_back("durationSeconds=7200");
    small.push_back("operatorPlan=[]");
    std::unique_ptr<sim::Simulation> a, b, c;
    const sim::Scenario sc = load("seed-night-2021.json", small);
    const sim::SimSummary sa = run(sc, &a), sb = run(sc, &b);
    QCOMPARE(series::seriesCsv(a->samples(), a->start()),
             series::seriesCsv(b->samples(), b->start()));
    QCOMPARE(series::seriesJson(a->samples(), a->start()),
             series::seriesJson(b->samples(), b->start()));
    QCOMPARE(sim::summaryJson(sc, sc.seed, sa), sim::summaryJson(sc, sc.seed, sb));
    QCOMPARE(a->engine().digest(), b->engine().digest());
    sim::Scenario other = sc;
    other.seed = sc.seed + 1;
    const sim::SimSummary sother = run(other, &c);
    QVERIFY(sim::summaryJson(other, other.seed, sother) != sim::summaryJson(sc, sc.seed, sa));
}

void TstSimulator::sweepTabulatesEachValue() {
    QTemporaryDir dir;
    QStringList args{"sweep",    QString::fromStdString(kPresets + "sluice-night-2021.json"),
                     "--param",  "event.admissionRatePerMinute",
                     "--values", "100,400",
                     "--until",  "5400",
                     "--quiet",  "--out",
                     dir.path()};
    for (const std::string& o : tenthScale()) {
        args << "--set" << QString::fromStdString(o);
    }
    args << "--set"
         << "operatorPlan=[]";
    QProcess p;
    p.start(SLUICE_SIM_PATH, args);
    QVERIFY(p.waitForFinished(120'000));
    QCOMPARE(p.exitCode(), 0);
    QFile table(dir.filePath("sweep.csv"));
    QVERIFY(table.open(QIODevice::ReadOnly));
    const QStringList rows = QString::fromUtf8(table.readAll()).trimmed().split('\n');
    QCOMPARE(rows.size(), 3); // header + one row per value
    QVERIFY(rows[1].startsWith("\"100\","));
    QVERIFY(rows[2].startsWith("\"400\","));
    // Four times the admission rate (both below what capacity allows) admits over twice as many.
    const qlonglong slow = rows[1].split(',')[1].toLongLong();
    const qlonglong fast = rows[2].split(',')[1].toLongLong();
    QVERIFY2(fast > slow * 2, qPrintable(rows.join(" | ")));
    for (const char* run : {"1", "2"}) {
        QVERIFY(QFileInfo::exists(dir.filePath(QString(run) + "/summary.json")));
        QVERIFY(QFileInfo::exists(dir.filePath(QString(run) + "/series.csv")));
    }
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(out.contains("100") && out.contains("400"), qPrintable(out));
}

void TstSimulator::brokenScenarioFailsClearly_data() {
    QTest::addColumn<QString>("content");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("message");
    QTest::newRow("not json") << "{ \"format\": " << QStringList{} << "not valid JSON";
    QTest::newRow("bad field") << "" << QStringList{"--set", "event.capacity=-5"}
                               << "event.capacity";
    QTest::newRow("unknown field")
        << "" << QStringList{"--set", "clients.patience=3"} << "clients.patience";
    QTest::newRow("bad --until") << "" << QStringList{"--until", "yesterday"} << "--until";
}

void TstSimulator::brokenScenarioFailsClearly() {
    QFETCH(QString, content);
    QFETCH(QStringList, extra);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QString path = QString::fromStdString(kPresets + "sluice-night-2021.json");
    if (!content.isEmpty()) {
        path = dir.filePath("broken.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content.toUtf8());
    }
    QProcess p;
    p.start(SLUICE_SIM_PATH,
            QStringList{"run", path, "--quiet", "--out", dir.filePath("out")} + extra);
    QVERIFY(p.waitForFinished(60'000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitCode(), 2);
    QVERIFY2(err.contains(message), qPrintable(err));
    QVERIFY2(!QFileInfo::exists(dir.filePath("out")), "a refused run writes nothing");
}

QTEST_GUILESS_MAIN(TstSimulator)
#include "tst_simulator.moc"
