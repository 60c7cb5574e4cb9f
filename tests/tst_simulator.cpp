// SPDX-License-Identifier: Apache-2.0
// The simulator against queueing theory, against the seed night's failures and Sluice's
// answers to them, and for reproducibility.
#include "series/series_csv.h"
#include "series/series_json.h"
#include "sim/person_record.h"
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

} // namespace

class TstSimulator : public QObject {
    Q_OBJECT
private slots:
    void mmcMeanWaitMatchesErlangC_data();
    void mmcMeanWaitMatchesErlangC();
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
    QTest::addColumn<int>("hours");
    // The standard error of the mean wait the run must reach (0: reported only).
    QTest::addColumn<double>("standardErrorLimit");
    QTest::newRow("c=10 rho=0.7") << 10 << 0.7 << 24 << 0.0;
    QTest::newRow("c=4 rho=0.8") << 4 << 0.8 << 24 << 0.0;
    // Near saturation the wait is a small difference of large rates: a day of it has a
    // standard error of 2.3%, too coarse to tell 3%. 60 hours (21 million people) bring it
    // under 1.5%, so a 3% departure is two standard errors.
    QTest::newRow("c=100 rho=0.95") << 100 << 0.95 << 60 << 0.015;
}

void TstSimulator::mmcMeanWaitMatchesErlangC() {
    QFETCH(int, servers);
    QFETCH(double, load);
    QFETCH(int, hours);
    QFETCH(double, standardErrorLimit);
    const double serviceSeconds = 1.0;
    const double lambda = load * servers / serviceSeconds;
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
    std::unique_ptr<sim::Simulation> kept;
    const sim::SimSummary s = run(sc, &kept);
    // The run must resolve 3%: batch means over the hours of arrival give the standard
    // error of the mean wait (an hour is hundreds of times the queue's relaxation time, so
    // the batches are nearly independent).
    std::vector<double> hourSum(static_cast<std::size_t>(hours), 0.0),
        hourCount(static_cast<std::size_t>(hours), 0.0);
    kept->forEachPerson([&](const sim::PersonRecord& p) {
        const auto hour = static_cast<std::size_t>(p.arrivalSeconds / 3600);
        if (p.admittedSeconds && hour < hourSum.size()) {
            hourSum[hour] += *p.admittedSeconds - p.arrivalSeconds;
            hourCount[hour] += 1;
        }
    });
    double batchMean = 0, batchSq = 0;
    for (int h = 0; h < hours; ++h) {
        const double m =
            hourSum[static_cast<std::size_t>(h)] / hourCount[static_cast<std::size_t>(h)];
        batchMean += m / hours;
        batchSq += m * m / hours;
    }
    const double standardError = std::sqrt((batchSq - batchMean * batchMean) / (hours - 1));
    // A slot is held from the admission: the page claims it a millisecond later (the
    // simulator's step), then the service runs. Erlang C's server time is that holding time;
    // at rho = 0.95 the millisecond alone moves the mean wait by 3%.
    const double mu = 1.0 / (serviceSeconds + 0.001);
    const double a = lambda / mu;
    const double expected = erlangC(servers, a) / (servers * mu - lambda);
    const double measured = s.waitSeconds.mean;
    qInfo("c=%d rho=%.2f: %llu admitted, mean wait %.4f s (standard error %.2f%%), Erlang C "
          "%.4f s (%+.2f%%); Little's law L=%.3f lambdaW=%.3f",
          servers, load, static_cast<unsigned long long>(s.admitted), measured,
          standardError / measured * 100, expected, (measured / expected - 1) * 100, s.littleL,
          s.littleLambdaW);
    QVERIFY(s.admitted > 100'000);
    if (standardErrorLimit > 0) {
        QVERIFY2(standardError / measured <= standardErrorLimit,
                 "the run is too short to resolve 3%");
    }
    QVERIFY2(std::abs(measured / expected - 1) <= 0.03, "mean wait off Erlang C by more than 3%");
    QVERIFY(s.littleRelativeError < 0.01);
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
