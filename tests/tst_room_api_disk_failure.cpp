// SPDX-License-Identifier: Apache-2.0
// sluiced's API over a disk whose fdatasync starts failing: the join in flight is answered
// 503, every later change 503 + Retry-After, /readyz 503; and the join acknowledged before
// the failure is there when the directory is recovered on the real file system.
#include "api/room_api.h"
#include "faulty_file_system.h"
#include "http_test_client.h"
#include "store_fixtures.h"

#include <QTemporaryDir>
#include <QTest>
#include <thread>

using namespace sluice;
using namespace sluice::test;
using sluice::testing::Client;
using sluice::testing::headerOf;
using sluice::testing::statusOf;

namespace {

tokens::ServerKeys testKeys() {
    tokens::Ed25519Seed seed{};
    seed.fill(3);
    tokens::ServerKeys keys{{}, tokens::Ed25519KeyPair::fromSeed(seed).value()};
    keys.ticketKey.fill(3);
    return keys;
}

const std::string kJoin = "POST /api/v1/join HTTP/1.1\r\nHost: queue.test\r\n"
                          "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
const std::string kReady = "GET /readyz HTTP/1.1\r\nHost: queue.test\r\n\r\n";

} // namespace

class TstRoomApiDiskFailure : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void failedSyncTurnsChangesAndReadinessInto503() {
        const std::filesystem::path where = m_dir.filePath("state").toStdString();
        FaultyFileSystem disk;
        std::unique_ptr<api::RoomApi> api; // made once the store has recovered the engine
        auto server = http::Server::listen(
            "127.0.0.1", 0, {},
            [&api](http::Request& r, const http::Responder& out) { api->handle(r, out); });
        QVERIFY(server.isOk());
        http::Server& loop = *server.value();
        store::StoreOptions options;
        options.fileSystem = &disk;
        auto opened = store::EventStore::open(
            where, freshStoreEngine(),
            [&loop](std::function<void()> task) { loop.post(std::move(task)); }, options);
        QVERIFY2(opened.isOk(), opened.status().message().c_str());
        auto room = room::WaitingRoom::create(std::move(opened.value().engine), testKeys(),
                                              "https://queue.test");
        QVERIFY(room.isOk());
        api = std::make_unique<api::RoomApi>(std::move(room).value(), api::ApiOptions{},
                                             [] { return kOpening + 60 * kSecond; });
        api->setStore(opened.value().store.get());
        std::thread running([&loop] { loop.run(); });

        Client client(loop.port());
        QVERIFY(client.connected());
        client.send(kJoin);
        QCOMPARE(statusOf(client.response()), 201); // on disk before the answer
        client.send(kReady);
        QCOMPARE(statusOf(client.response()), 200);

        disk.failSyncs("journal-", EIO);
        client.send(kJoin);
        QCOMPARE(statusOf(client.response()), 503); // its record could not be made durable
        client.send(kJoin);
        const std::string refused = client.response();
        QCOMPARE(statusOf(refused), 503); // not even tried: the journal has failed
        QVERIFY2(!headerOf(refused, "Retry-After").empty(), refused.c_str());
        client.send(kReady);
        QCOMPARE(statusOf(client.response()), 503); // a load balancer sends joins elsewhere

        loop.stop();
        running.join();
        opened.value().store.reset();
        Inbox inbox;
        auto recovered = store::EventStore::open(where, freshStoreEngine(), inbox.post());
        QVERIFY2(recovered.isOk(), recovered.status().message().c_str());
        QCOMPARE(recovered.value().engine.ticketCount(), std::uint32_t{1}); // the one acknowledged
    }
};

QTEST_GUILESS_MAIN(TstRoomApiDiskFailure)
#include "tst_room_api_disk_failure.moc"
