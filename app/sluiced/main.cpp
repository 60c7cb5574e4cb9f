// SPDX-License-Identifier: Apache-2.0
// sluiced: the live waiting-room server. One event, one engine, driven by one thread that
// also runs the HTTP server (docs/api.md).
#include "api/room_api.h"
#include "cluster/cluster_node.h"
#include "cluster_start.h"
#include "config/event_config_json.h"
#include "fair_join_flags.h"
#include "http/http_server.h"
#include "peer_snapshot.h"
#include "quick_start.h"
#include "store/event_store.h"
#include "tokens/key_store.h"
#include "usage.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sstream>
#include <string>

namespace {

std::atomic<sluice::http::Server*> g_server{nullptr};

void onSignal(int) {
    if (auto* s = g_server.load()) {
        s->stop(); // an atomic store and an eventfd write: async-signal-safe
    }
}

sluice::engine::TimeMs systemNow() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

int fail(const std::string& message) {
    std::fprintf(stderr, "sluiced: %s\n", message.c_str());
    return 2;
}

bool readFile(const std::filesystem::path& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return false;
    }
    std::ostringstream text;
    text << in.rdbuf();
    out = text.str();
    return true;
}

bool parseInt(const std::string& text, int min, int max, int& out) {
    char* end = nullptr;
    const long v = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || v < min || v > max) {
        return false;
    }
    out = static_cast<int>(v);
    return true;
}

// "127.0.0.1:8080", "[::1]:8080" → host and port.
bool parseAddress(const std::string& text, std::string& host, int& port) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string::npos || !parseInt(text.substr(colon + 1), 0, 65535, port)) {
        return false;
    }
    host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    return true;
}

std::string addressText(const std::string& host, std::uint16_t port) {
    return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
           std::to_string(port);
}

// The waiting page: installed beside the binary (/usr/bin/sluiced → /usr/share/sluice/
// waiting, as the Debian package lays it out), else the source tree's copy this build knows.
std::string defaultWebRoot() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto installed = exe.parent_path().parent_path() / "share" / "sluice" / "waiting";
        if (std::filesystem::exists(installed / "index.html", ec)) {
            return installed.string();
        }
    }
    return SLUICE_WEB_ROOT;
}

// Serves `roomApi` on `s` until SIGINT/SIGTERM or stop(): the waiting page, the node's
// history, the heartbeat, signals, and the bound address on stdout. `started` runs just
// before the loop. 0 when it ran, else the exit code after an error message.
int serveRoom(sluice::http::Server& s, sluice::api::RoomApi& roomApi, const std::string& webRoot,
              const std::string& dataDir, const std::string& bound, const std::string& eventId,
              const std::string& adminKey, const std::string& adminBound,
              const std::function<void()>& started) {
    auto site = sluice::api::StaticSite::load(webRoot);
    if (!site.isOk()) {
        return fail("--web-root: " + site.status().message());
    }
    roomApi.setWaitingPage(std::move(site).value());
    auto history = sluice::api::NodeHistory::open(std::filesystem::path(dataDir) / "history",
                                                  roomApi.room().engine().createdAt());
    if (!history.isOk()) {
        return fail(history.status().message());
    }
    roomApi.setHistory(std::move(history).value());
    s.setHeartbeat([&roomApi] { roomApi.heartbeat(); });
    roomApi.setServerStats([&s] { return s.stats(); });
    g_server = &s;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGPIPE, SIG_IGN);
    // The bound address on stdout (scripts and tests read it when the port was 0).
    std::printf("sluiced: listening on %s, event %s%s\n", bound.c_str(), eventId.c_str(),
                adminBound.empty() ? "" : (", admin API over TLS on " + adminBound).c_str());
    std::fflush(stdout);
    spdlog::info("sluiced listening on {}, event {}, admin API {}", bound, eventId,
                 adminKey.empty()     ? "off"
                 : adminBound.empty() ? "on"
                                      : "over TLS on " + adminBound); // never the key itself
    started();
    s.run();
    g_server = nullptr;
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    // Logs go to stderr (journald keeps them); stdout carries only the bound address.
    spdlog::set_default_logger(spdlog::stderr_color_mt("sluiced"));
    std::string listen = "127.0.0.1:8080", dataDir, eventFile, adminKeyFile, issuer;
    std::string adminListen;
    sluice::http::TlsFiles tls;
    std::string webRoot = defaultWebRoot();
    std::string preload;
    sluice::api::ApiOptions api;
    sluice::http::ServerOptions http;
    int maxConnections = 20'000;
    int snapshotEvery = 1'000'000;
    bool keepSnapshotCopy = true;
    sluice::app::QuickStartOptions quickStart;
    sluice::app::ClusterFlags clusterFlags;
    std::string keysDir;
    sluice::app::FairJoinFlags fair;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&](std::string& out) {
            if (i + 1 >= argc) {
                return false;
            }
            out = argv[++i];
            return true;
        };
        std::string v;
        if (fair.take(argc, argv, i)) {
        } else if (arg == "--help" || arg == "-h") {
            std::fputs(sluice::app::usageText(), stdout);
            return 0;
        } else if (arg == "--version") {
            std::printf("sluiced %s\n", SLUICE_VERSION);
            return 0;
        } else if (arg == "--listen" && value(listen)) {
        } else if (arg == "--data-dir" && value(dataDir)) {
        } else if (arg == "--event" && value(eventFile)) {
        } else if (arg == "--event-id" && value(quickStart.eventId)) {
        } else if (arg == "--rate" && value(quickStart.ratePerMinute)) {
        } else if (arg == "--capacity" && value(quickStart.capacity)) {
        } else if (arg == "--opens-at" && value(quickStart.opensAt)) {
        } else if (arg == "--admin-key-file" && value(adminKeyFile)) {
        } else if (arg == "--issuer" && value(issuer)) {
        } else if (arg == "--admin-listen" && value(adminListen)) {
        } else if (arg == "--tls-cert" && value(tls.certificateChain)) {
        } else if (arg == "--tls-key" && value(tls.privateKey)) {
        } else if (arg == "--redis" && value(clusterFlags.redis)) {
        } else if (arg == "--sentinel" && value(clusterFlags.sentinels)) {
        } else if (arg == "--master-name" && value(clusterFlags.masterName)) {
        } else if (arg == "--redis-password-file" && value(clusterFlags.passwordFile)) {
        } else if (arg == "--node-id" && value(clusterFlags.nodeId)) {
        } else if (arg == "--wait-replicas" && value(clusterFlags.waitReplicas)) {
        } else if (arg == "--cluster-snapshot-every" && value(clusterFlags.snapshotEvery)) {
        } else if (arg == "--log-trim-every" && value(clusterFlags.trimEverySeconds)) {
        } else if (arg == "--advertise" && value(clusterFlags.advertiseUrl)) {
        } else if (arg == "--keys-dir" && value(keysDir)) {
        } else if (arg == "--web-root" && value(webRoot)) {
        } else if (arg == "--trust-proxy" && value(api.trustedProxy)) {
        } else if (arg == "--bench-preload" && value(preload)) {
        } else if (arg == "--protected-url" && value(api.protectedUrl)) {
        } else if (arg == "--secure-cookie") {
            api.secureCookie = true;
        } else if (arg == "--verbose") {
            spdlog::set_level(spdlog::level::debug);
        } else if (arg == "--max-connections" && value(v)) {
            if (!parseInt(v, 1, 1'000'000, maxConnections)) {
                return fail("--max-connections: a number from 1 to 1000000");
            }
        } else if (arg == "--write-timeout" && value(v)) {
            int seconds = 0;
            if (!parseInt(v, 1, 3600, seconds)) {
                return fail("--write-timeout: a number of seconds from 1 to 3600");
            }
            http.writeTimeoutMs = seconds * 1000;
        } else if (arg == "--joins-per-minute" && value(v)) {
            if (!parseInt(v, 0, 1'000'000, api.joinsPerMinutePerAddress)) {
                return fail("--joins-per-minute: a number from 0 to 1000000");
            }
            fair.joinLimitGiven = true;
        } else if (arg == "--snapshot-every" && value(v)) {
            if (!parseInt(v, 100, 1'000'000'000, snapshotEvery)) {
                return fail("--snapshot-every: a number of records from 100 to 1000000000");
            }
        } else if (arg == "--snapshot-copy" && value(v)) {
            if (v != "keep" && v != "fresh") {
                return fail("--snapshot-copy: keep or fresh");
            }
            keepSnapshotCopy = v == "keep";
        } else if (arg == "--join-burst" && value(v)) {
            if (!parseInt(v, 1, 1'000'000, api.joinBurstPerAddress)) {
                return fail("--join-burst: a number from 1 to 1000000");
            }
            fair.joinBurstGiven = true;
        } else {
            return fail("unknown or incomplete option " + arg + " (see --help)");
        }
    }
    http.maxConnections = static_cast<std::size_t>(maxConnections);
    if (const auto s = fair.apply(api); !s.isOk()) {
        return fail(s.message());
    }
    if (dataDir.empty()) {
        return fail("--data-dir is required (see --help)");
    }
    std::string host, adminHost;
    int port = 0, adminPort = 0;
    if (!parseAddress(listen, host, port)) {
        return fail("--listen: ADDR:PORT expected, e.g. 127.0.0.1:8080");
    }
    if (!adminListen.empty()) {
        if (!parseAddress(adminListen, adminHost, adminPort)) {
            return fail("--admin-listen: ADDR:PORT expected, e.g. 0.0.0.0:8443");
        }
        if (tls.certificateChain.empty() || tls.privateKey.empty()) {
            return fail("--admin-listen needs --tls-cert and --tls-key");
        }
        api.adminOverTlsOnly = true;
    } else if (!tls.certificateChain.empty() || !tls.privateKey.empty()) {
        return fail("--tls-cert and --tls-key go with --admin-listen");
    }

    std::error_code ec;
    std::filesystem::create_directories(dataDir, ec);
    if (ec) {
        return fail("--data-dir " + dataDir + ": " + ec.message());
    }
    if (eventFile.empty()) {
        eventFile = (std::filesystem::path(dataDir) / "event.json").string();
    }
    if (quickStart.any()) {
        const bool existed = std::filesystem::exists(eventFile, ec);
        const auto written = sluice::app::ensureEventFile(quickStart, eventFile, systemNow());
        if (!written.isOk()) {
            return fail(written.message());
        }
        if (!existed) {
            spdlog::info("quick start: wrote the event file {}", eventFile);
        }
    }
    std::string eventText;
    if (!readFile(eventFile, eventText)) {
        return fail(std::filesystem::exists(eventFile, ec)
                        ? "cannot read the event file " + eventFile + " (--event)"
                        : sluice::app::missingEventFileHelp(eventFile, dataDir));
    }
    const nlohmann::json eventJson = nlohmann::json::parse(eventText, nullptr, false);
    if (eventJson.is_discarded()) {
        return fail(eventFile + ": not valid JSON");
    }
    auto event = sluice::config::parseEventConfig(eventJson);
    if (!event.isOk()) {
        return fail(eventFile + ":\n" + event.status().message());
    }
    if (!adminKeyFile.empty()) {
        std::string key;
        if (!readFile(adminKeyFile, key)) {
            return fail("cannot read the admin key file " + adminKeyFile);
        }
        api.adminKey = key.substr(0, key.find_first_of("\r\n"));
    } else if (const char* env = std::getenv("SLUICE_ADMIN_KEY")) {
        api.adminKey = env;
    }
    if (!api.adminKey.empty() && api.adminKey.size() < 16) {
        return fail("the admin key must be at least 16 characters");
    }
    auto keys = sluice::tokens::loadOrCreateServerKeys(
        keysDir.empty() ? std::filesystem::path(dataDir) / "keys" : std::filesystem::path(keysDir));
    if (!keys.isOk()) {
        return fail(keys.status().message());
    }
    const std::string eventId = event.value().eventId;
    // Listen first: with port 0 the issuer names the port actually bound.
    std::unique_ptr<sluice::api::RoomApi> roomApi;
    auto server = sluice::http::Server::listen(
        host, static_cast<std::uint16_t>(port), http,
        [&roomApi](sluice::http::Request& r, const sluice::http::Responder& out) {
            roomApi->handle(r, out);
        });
    if (!server.isOk()) {
        return fail(server.status().message());
    }
    sluice::http::Server& s = *server.value();
    const std::string bound = addressText(host, s.port());
    std::string adminBound;
    if (!adminListen.empty()) {
        auto tlsPort = s.listenTls(adminHost, static_cast<std::uint16_t>(adminPort), tls);
        if (!tlsPort.isOk()) {
            return fail("--admin-listen: " + tlsPort.status().message());
        }
        adminBound = addressText(adminHost, tlsPort.value());
    }
    if (clusterFlags.any()) {
        auto options = sluice::app::clusterOptionsOf(
            clusterFlags, eventId, bound, (std::filesystem::path(dataDir) / "cluster").string());
        if (!options.isOk()) {
            return fail(options.status().message());
        }
        auto engine = sluice::app::clusterEngine(options.value(), event.value(), eventJson.dump(),
                                                 systemNow());
        if (!engine.isOk()) {
            return fail(engine.status().message());
        }
        auto room = sluice::room::WaitingRoom::create(std::move(engine).value(), keys.value(),
                                                      issuer.empty() ? "http://" + bound : issuer);
        if (!room.isOk()) {
            return fail(room.status().message());
        }
        roomApi = std::make_unique<sluice::api::RoomApi>(std::move(room).value(), api, systemNow);
        if (const auto proofSet =
                sluice::app::setUpJoinProof(*roomApi, api, keys.value(), eventId, std::nullopt);
            !proofSet.isOk()) {
            return fail(proofSet.message());
        }
        int exitCode = 0;
        sluice::cluster::ClusterNode node(
            roomApi->room(), options.value(),
            [&s](std::function<void()> task) { s.post(std::move(task)); },
            [&s, &exitCode](const std::string&) {
                exitCode = 3;
                s.stop();
            });
        // The log's proof-of-work controls, once an operator changed them, replace the flags'.
        node.onPowControls([&roomApi](const sluice::pow::PowControls& controls) {
            if (sluice::api::JoinProof* proof = roomApi->joinProof()) {
                proof->restore(controls);
            }
        });
        if (auto fetched = sluice::app::fetchPeerSnapshotIfNeeded(options.value(), api.adminKey);
            !fetched.isOk()) {
            return fail(fetched.message());
        }
        node.restoreSnapshot();
        roomApi->setDriver(&node);
        if (auto served = serveRoom(s, *roomApi, webRoot, dataDir, bound, eventId, api.adminKey,
                                    adminBound, [&node] { node.start(); });
            served != 0) {
            return served;
        }
        roomApi->setDriver(nullptr);
        return exitCode;
    }
    // The event's state: recovered from DIR/state, or new from the event file.
    const bool seedGiven = eventJson.contains("shuffleSeed");
    sluice::store::StoreOptions storeOptions;
    storeOptions.snapshotEveryRecords = static_cast<std::uint64_t>(snapshotEvery);
    storeOptions.reuseSnapshotCopy = keepSnapshotCopy;
    const auto makeFresh = [&event, seedGiven] {
        sluice::engine::EventConfig config = event.value();
        if (!seedGiven) {
            // Nobody can work out where a join before the opening will land.
            std::random_device entropy;
            config.shuffleSeed = (std::uint64_t{entropy()} << 32) ^ entropy();
        }
        return sluice::engine::QueueEngine::create(std::move(config), systemNow());
    };
    auto opened = sluice::store::EventStore::open(
        std::filesystem::path(dataDir) / "state", makeFresh,
        [&s](std::function<void()> task) { s.post(std::move(task)); }, storeOptions);
    if (!opened.isOk()) {
        return fail("cannot recover the event's state: " + opened.status().message());
    }
    auto& recovered = opened.value();
    if (recovered.engine.config().eventId != eventId) {
        return fail(dataDir + " holds the state of event \"" + recovered.engine.config().eventId +
                    "\", not \"" + eventId + "\": give that event's file or another --data-dir");
    }
    const sluice::store::RecoveryReport& report = recovered.report;
    if (report.fresh) {
        spdlog::info("new event {}: state in {}/state", eventId, dataDir);
    } else {
        // Nobody is held to the outage: every waiting ticket's idle clock starts now.
        recovered.engine.restartIdleClocks(systemNow());
        spdlog::info("recovered event {}: snapshot {}, {} journal records replayed, {} torn "
                     "bytes cut off; {} waiting, {} sessions (changes since the event file are "
                     "kept; its other settings are not re-read)",
                     eventId, report.snapshot, report.replayed, report.tornBytes,
                     recovered.engine.waitingCount(), recovered.engine.activeSessions());
        if (report.tornBytes > 0) {
            spdlog::warn("the journal ended in {} bytes that are not a whole record (a crash "
                         "mid-write, or damage): cut off",
                         report.tornBytes);
        }
        if (!report.skippedSnapshots.empty()) {
            spdlog::warn("unreadable snapshots skipped: {}", report.skippedSnapshots);
        }
    }
    std::unique_ptr<sluice::store::EventStore> store = std::move(recovered.store);
    auto room = sluice::room::WaitingRoom::create(std::move(recovered.engine), keys.value(),
                                                  issuer.empty() ? "http://" + bound : issuer);
    if (!room.isOk()) {
        return fail(room.status().message());
    }
    roomApi = std::make_unique<sluice::api::RoomApi>(std::move(room).value(), api, systemNow);
    if (const auto proofSet = sluice::app::setUpJoinProof(*roomApi, api, keys.value(), eventId,
                                                          std::filesystem::path(dataDir) / "state");
        !proofSet.isOk()) {
        return fail(proofSet.message());
    }
    roomApi->setStore(store.get());
    if (!preload.empty()) {
        const std::size_t sep = preload.find(':');
        int count = 0;
        if (sep == std::string::npos || !parseInt(preload.substr(0, sep), 1, 50'000'000, count)) {
            return fail("--bench-preload: N:FILE expected, N from 1 to 50000000");
        }
        const auto loaded =
            roomApi->preloadForBenchmark(static_cast<std::size_t>(count), preload.substr(sep + 1));
        if (!loaded.isOk()) {
            return fail("--bench-preload: " + loaded.message());
        }
    }
    if (auto served = serveRoom(s, *roomApi, webRoot, dataDir, bound, eventId, api.adminKey,
                                adminBound, [] {});
        served != 0) {
        return served;
    }
    // A snapshot at shutdown makes the next start quick; close() waits for it.
    store->snapshot(roomApi->room().engine(), systemNow());
    store->close();
    spdlog::info("sluiced stopped");
    return 0;
}
