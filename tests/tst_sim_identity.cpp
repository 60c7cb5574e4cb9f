// SPDX-License-Identifier: Apache-2.0
// The simulator's speed work (issue 17) must not change a single byte of what a run writes:
// two small but complete nights (the 2021 night at a tenth of its size through the pause,
// the site going down, the scale-out, the reopening at 60/min and the change to 240/min; the
// Sluice night at a tenth) are run and every file `sluice-sim run --out` writes is compared,
// by SHA-256, with the files the simulator wrote before the speed work (commit b62aa2e,
// `sluice-sim run` with the same overrides). A deliberate change of the model changes these
// digests: regenerate them with that command and say why in the commit.
#include "series/audit_json.h"
#include "series/series_csv.h"
#include "series/series_json.h"
#include "sim/people_csv.h"
#include "sim/sim_output.h"
#include "sim/simulation.h"
#include "sim_fixtures.h"

#include <QCryptographicHash>
#include <QtTest>

using namespace sluice;

namespace {

QByteArray sha256(const std::string& text) {
    return QCryptographicHash::hash(
               QByteArrayView(text.data(), static_cast<qsizetype>(text.size())),
               QCryptographicHash::Sha256)
        .toHex();
}

struct Digests {
    QByteArray audit, people, seriesCsv, seriesJson, summary;
};

// Runs the scenario to its end in two steps (stopping and going on must change nothing) and
// hashes each file as sluice-sim writes it.
Digests runAndHash(const sim::Scenario& sc) {
    auto created = sim::Simulation::create(sc, sim::SimOptions{true});
    if (!created.isOk()) {
        qFatal("%s", created.status().message().c_str());
    }
    auto s = std::move(created).value();
    s->runUntil(sc.start + 3'000'000);
    s->runToEnd();
    std::string people = sim::peopleCsvHeader();
    s->forEachPerson([&](const sim::PersonRecord& p) { people += sim::peopleCsvRow(p); });
    return Digests{sha256(series::auditJson(s->engine().audit())), sha256(people),
                   sha256(series::seriesCsv(s->samples(), s->start())),
                   sha256(series::seriesJson(s->samples(), s->start())),
                   sha256(sim::summaryJson(sc, sc.seed, s->summarize()))};
}

} // namespace

class TstSimIdentity : public QObject {
    Q_OBJECT
private slots:
    void seedNightAtATenthIsByteIdentical() {
        const std::vector<std::string> o = testing::seedNightAtATenthThroughTheRateChanges();
        const Digests d = runAndHash(testing::loadPreset("seed-night-2021.json", o));
        QCOMPARE(d.audit, "58dc306ebd6a7b92c6ce246a8c895d45b621138c14ad747662a12c9fc6b05056");
        QCOMPARE(d.people, "6bce9088bb8e189294f52cbde3b9c6058638114263d6aeaf90eb33949fdb828c");
        QCOMPARE(d.seriesCsv, "5122b8c8d13c704a039c2b02d97d14ebe03dbe57ef1391d8e2d40d2aecacb55e");
        QCOMPARE(d.seriesJson, "a5328372a0406ea1976ef30f75e11e814767b1bb3f71dcf24da0a339c92b1f1e");
        QCOMPARE(d.summary, "e2a47f757d10f5dd5d48a3d48a28271592557f543a8d791a5588dfff55720a83");
    }

    void sluiceNightAtATenthIsByteIdentical() {
        std::vector<std::string> o = testing::tenthScale();
        o.emplace_back("durationSeconds=7200");
        const Digests d = runAndHash(testing::loadPreset("sluice-night-2021.json", o));
        QCOMPARE(d.audit, "39032808a04236c2336d870862950be65023e637ada0526ffc836a0b27540dd3");
        QCOMPARE(d.people, "2ccac690a28bb2087d924687404a39eeb3c984e3af24f0c47a6a05f7b8b8876f");
        QCOMPARE(d.seriesCsv, "fe1b15a3d43c2eb60b0ad8190b11eea73b08fff9c5602f0d305117b68a7bf84c");
        QCOMPARE(d.seriesJson, "4377764c12121210777c5baed50b4e2573ec8622ad0a1e6904d21e16ad273fe2");
        QCOMPARE(d.summary, "0b3990fff51746fe12c61d55f75cf378bdc13cc337dc31cb6ed787b3bde9793b");
    }
};

QTEST_GUILESS_MAIN(TstSimIdentity)
#include "tst_sim_identity.moc"
