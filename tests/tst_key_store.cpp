// SPDX-License-Identifier: Apache-2.0
#include "tokens/key_store.h"

#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <sys/stat.h>

using namespace sluice::tokens;
namespace fs = std::filesystem;

namespace {
unsigned modeOf(const fs::path& p) {
    struct stat st {};
    ::stat(p.c_str(), &st);
    return st.st_mode & 0777;
}
} // namespace

class TstKeyStore : public QObject {
    Q_OBJECT
private slots:
    void generatesKeysOnFirstUseWith0600();
    void reloadsTheSameKeys();
    void refusesKeyReadableByOthers();
    void refusesTruncatedKey();
};

void TstKeyStore::generatesKeysOnFirstUseWith0600() {
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "data";
    auto keys = loadOrCreateServerKeys(dir);
    QVERIFY2(keys.isOk(), keys.status().message().c_str());
    QCOMPARE(modeOf(dir), 0700u);
    QCOMPARE(modeOf(dir / "ticket-hmac.key"), 0600u);
    QCOMPARE(modeOf(dir / "admission-ed25519.key"), 0600u);
    QCOMPARE(fs::file_size(dir / "ticket-hmac.key"), 32u);
    QVERIFY(!fs::exists(dir / "ticket-hmac.key.tmp"));
    // Fresh randomness, not zeros.
    std::array<std::uint8_t, 32> zero{};
    QVERIFY(keys->ticketKey != zero);
    QVERIFY(keys->admissionKey.seed() != zero);
}

void TstKeyStore::reloadsTheSameKeys() {
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    auto first = loadOrCreateServerKeys(dir);
    auto second = loadOrCreateServerKeys(dir);
    QVERIFY(first.isOk() && second.isOk());
    QVERIFY(first->ticketKey == second->ticketKey);
    QVERIFY(first->admissionKey.publicKey() == second->admissionKey.publicKey());
    QTemporaryDir other;
    auto third = loadOrCreateServerKeys(fs::path(other.path().toStdString()));
    QVERIFY(third->ticketKey != first->ticketKey);
}

void TstKeyStore::refusesKeyReadableByOthers() {
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    QVERIFY(loadOrCreateServerKeys(dir).isOk());
    ::chmod((dir / "admission-ed25519.key").c_str(), 0644);
    auto r = loadOrCreateServerKeys(dir);
    QVERIFY(!r.isOk());
    QCOMPARE(r.status().code(), sluice::engine::Status::Code::PermissionDenied);
    QVERIFY(r.status().message().find("chmod 600") != std::string::npos);
}

void TstKeyStore::refusesTruncatedKey() {
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    QVERIFY(loadOrCreateServerKeys(dir).isOk());
    fs::resize_file(dir / "ticket-hmac.key", 10);
    auto r = loadOrCreateServerKeys(dir);
    QVERIFY(!r.isOk());
    QVERIFY(r.status().message().find("corrupt") != std::string::npos);
}

QTEST_GUILESS_MAIN(TstKeyStore)
#include "tst_key_store.moc"
