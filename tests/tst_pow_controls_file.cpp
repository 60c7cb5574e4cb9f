// SPDX-License-Identifier: Apache-2.0
// The operator's proof-of-work controls saved for a restart (DATA_DIR/state/proof-of-work.json):
// they read back as written, a missing file means none saved, a damaged one is an error
// naming it, and a change whose save fails is refused and leaves everything as it was (the
// file included).
#include "api/join_proof.h"
#include "api/pow_controls_file.h"
#include "faulty_file_system.h"

#include <QTemporaryDir>
#include <QTest>
#include <array>

using namespace sluice;
using api::PowControls;
using api::PowMode;
using engine::Status;

namespace {

constexpr engine::TimeMs kNow = 1'626'692'400'000; // 2021-07-19 20:00 KST

api::JoinProof makeProof() {
    std::array<std::uint8_t, 32> key{};
    key.fill(5);
    return api::JoinProof(pow::PowChallenges::create(key, "controls-test").value(), PowMode::Fixed,
                          pow::DifficultySettings{18, 22, 600, 8});
}

// A change as POST /api/v1/admin/difficulty's body asks it.
engine::Result<std::vector<engine::AuditEntry>> change(api::JoinProof& proof, engine::TimeMs now,
                                                       const char* body) {
    auto asked = api::readPowChange(nlohmann::json::parse(body));
    if (!asked.isOk()) {
        return asked.status();
    }
    return proof.change(now, asked.value().operatorName, asked.value().change);
}

} // namespace

class TstPowControlsFile : public QObject {
    Q_OBJECT

private slots:
    void controlsReadBackAsWritten() {
        QTemporaryDir dir;
        const std::filesystem::path file = dir.filePath("proof-of-work.json").toStdString();
        journal::FileSystem& fs = journal::posixFileSystem();
        auto none = api::loadPowControls(fs, file);
        QVERIFY(none.isOk());
        QVERIFY(!none.value().has_value()); // nothing saved yet: the flags decide
        PowControls c{PowMode::Auto,
                      {12, 20, 312.5, std::nullopt},
                      {{kNow, "ana", "proofOfWork.floor", "18", "12"},
                       {kNow + 1, "bo", "proofOfWork.mode", "fixed", "auto"}}};
        QVERIFY(api::savePowControls(fs, file, c).isOk());
        auto back = api::loadPowControls(fs, file);
        QVERIFY(back.isOk());
        QVERIFY(back.value().has_value());
        QCOMPARE(back.value()->mode, PowMode::Auto);
        QVERIFY(back.value()->settings == c.settings);
        QVERIFY(back.value()->audit == c.audit);
        c.mode = PowMode::Fixed;
        c.settings.overrideBits = 14;
        QVERIFY(api::savePowControls(fs, file, c).isOk());
        QVERIFY(api::loadPowControls(fs, file).value()->settings.overrideBits == 14);
        QVERIFY(!QFile::exists(dir.filePath("proof-of-work.json.tmp")));
    }

    void damagedOrInvalidControlsAreRefused_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("cut short") << QByteArray("{\"format\": 1, \"mode\": \"fixed\"");
        QTest::newRow("other format")
            << QByteArray("{\"format\":2,\"mode\":\"off\",\"floor\":18,\"ceiling\":22,"
                          "\"quietJoinsPerMinute\":600,\"audit\":[]}");
        QTest::newRow("fixed without bits")
            << QByteArray("{\"format\":1,\"mode\":\"fixed\",\"floor\":18,\"ceiling\":22,"
                          "\"quietJoinsPerMinute\":600,\"audit\":[]}");
        QTest::newRow("floor above ceiling")
            << QByteArray("{\"format\":1,\"mode\":\"auto\",\"floor\":23,\"ceiling\":22,"
                          "\"quietJoinsPerMinute\":600,\"audit\":[]}");
        QTest::newRow("bad audit")
            << QByteArray("{\"format\":1,\"mode\":\"off\",\"floor\":18,\"ceiling\":22,"
                          "\"quietJoinsPerMinute\":600,\"audit\":[{\"at\":\"yesterday\"}]}");
        QTest::newRow("mode a number")
            << QByteArray("{\"format\":1,\"mode\":3,\"floor\":18,\"ceiling\":22,"
                          "\"quietJoinsPerMinute\":600,\"audit\":[]}");
    }

    void damagedOrInvalidControlsAreRefused() {
        QFETCH(QByteArray, text);
        QTemporaryDir dir;
        QFile f(dir.filePath("proof-of-work.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
        f.close();
        auto loaded = api::loadPowControls(journal::posixFileSystem(),
                                           dir.filePath("proof-of-work.json").toStdString());
        QVERIFY(!loaded.isOk());
        QVERIFY(loaded.status().message().find("proof-of-work.json") != std::string::npos);
    }

    void changeWhoseSaveFailsIsRefusedAndChangesNothing() {
        QTemporaryDir dir;
        const std::filesystem::path file = dir.filePath("proof-of-work.json").toStdString();
        test::FaultyFileSystem fs;
        api::JoinProof proof = makeProof();
        proof.saveChangesWith(
            [&fs, file](const PowControls& c) { return api::savePowControls(fs, file, c); });
        QVERIFY(change(proof, kNow, R"({"operator":"ana","bits":10})").isOk());
        QCOMPARE(proof.currentBits(), 10);
        fs.failSyncs("proof-of-work", EIO);
        auto refused = change(proof, kNow + 1, R"({"operator":"bo","bits":14})");
        QCOMPARE(refused.status().code(), Status::Code::IoError);
        QVERIFY(refused.status().message().find("not made") != std::string::npos);
        QCOMPARE(proof.currentBits(), 10);
        QCOMPARE(proof.audit().size(), std::size_t{1});
        fs.heal();
        auto saved = api::loadPowControls(fs, file);
        QVERIFY(saved.isOk());
        QCOMPARE(saved.value()->settings.overrideBits.value_or(-1), 10); // the old file whole
        QCOMPARE(saved.value()->audit.size(), std::size_t{1});
        // Restored into a new process's proof: the controls and their audit entries.
        api::JoinProof next = makeProof();
        next.restore(*saved.value());
        QCOMPARE(next.currentBits(), 10);
        QCOMPARE(next.audit().front().operatorName, std::string("ana"));
    }
};

QTEST_APPLESS_MAIN(TstPowControlsFile)
#include "tst_pow_controls_file.moc"
