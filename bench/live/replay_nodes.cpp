// SPDX-License-Identifier: Apache-2.0
// replay_nodes: N made-up sluiced nodes, each streaming a recorded-looking night of 1-second
// snapshots (the admin snapshot stream's format, docs/api.md) as fast as asked, for the
// console's live benchmark (bench/bench_live_console.sh). Each node is one epoll server on
// its own thread; a second stream after the night is over gets 404, so the console stops.
//
//   replay_nodes --nodes 4 --hours 24 --speed 1200 --base-port 19100 --key KEY
#include "http/http_server.h"
#include "series/series_json.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using sluice::http::Request;
using sluice::http::Responder;
using sluice::http::Response;
using sluice::http::Server;
using sluice::http::Stream;

struct Options {
    int nodes = 4;
    int hours = 24;
    double speed = 1200; // recorded seconds a second
    int basePort = 19100;
    std::string key;
};

// Second t of node n: a surge at the opening, a queue drained at the admission rate, a
// night of sessions; numbers of a plausible shape, different per node.
std::string snapshot(int node, long long t, sluice::engine::TimeMs start) {
    const double hour = static_cast<double>(t) / 3600.0;
    const double surge = std::exp(-std::pow((hour - 2.0) / 0.8, 2));
    // Never below zero: the console refuses a snapshot with a negative count.
    const long long waiting =
        std::max(0LL, static_cast<long long>(200'000 * surge * (1 + 0.1 * node) +
                                             500 * std::sin(static_cast<double>(t) / 97.0)));
    const double joins = 300 * surge + 5;
    const double admits = waiting > 0 ? 83.3 : joins;
    const long long sessions = std::min<long long>(25'000, static_cast<long long>(admits * 300));
    sluice::series::Sample x;
    x.at = start + t * 1000;
    x.waiting = static_cast<std::uint64_t>(waiting);
    x.peopleQueued = x.waiting;
    x.activeSessions = static_cast<std::uint64_t>(sessions);
    x.admittedUnclaimed = 40;
    x.capacity = 25'000;
    x.admissionRatePerMinute = 5000;
    x.joinsPerSecond = joins;
    x.admitsPerSecond = admits;
    x.engineEstimateSeconds = static_cast<double>(waiting) / admits;
    x.shownEstimateSeconds = x.engineEstimateSeconds;
    x.realisedWaitSeconds = x.engineEstimateSeconds;
    x.nodes = 1;
    x.queueRequests = static_cast<std::uint64_t>(waiting / 30 + 100);
    x.backendBusy = x.activeSessions;
    x.backendCapacity = x.capacity;
    x.bookedTotal = static_cast<std::uint64_t>(t * 80);
    x.gaveUpTotal = static_cast<std::uint64_t>(t / 10);
    x.rejectedTokensTotal = static_cast<std::uint64_t>(t / 1000);
    x.cheatAttemptsTotal = x.rejectedTokensTotal;
    // sluiced's snapshot: the sample's columns, then the node's own fields.
    std::string json = sluice::series::sampleJson(x);
    json.pop_back(); // the closing brace
    json += ",\"eventId\":\"replay\",\"open\":true,\"estimateKnown\":true,\"auditEntries\":0," +
            ("\"joinsTotal\":" + std::to_string(t * 100)) +
            (",\"admitsTotal\":" + std::to_string(t * 83)) +
            (",\"claimsTotal\":" + std::to_string(t * 83)) +
            ",\"ticketRejections\":0,\"tokenRejectionsByReason\":{}}";
    return "event: snapshot\ndata: " + json + "\n\n";
}

struct Node {
    int index = 0;
    std::unique_ptr<Server> server;
    std::thread thread;
    std::vector<Stream> streams;
    std::atomic<std::int64_t> sent{0}; // loop thread writes, main thread watches
    std::atomic<bool> streamed{false};
};

} // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const char* v = argv[i + 1];
        if (flag == "--nodes") {
            o.nodes = std::atoi(v);
        } else if (flag == "--hours") {
            o.hours = std::atoi(v);
        } else if (flag == "--speed") {
            o.speed = std::atof(v);
        } else if (flag == "--base-port") {
            o.basePort = std::atoi(v);
        } else if (flag == "--key") {
            o.key = v;
        } else {
            std::fprintf(stderr, "replay_nodes: unknown option %s\n", flag.c_str());
            return 2;
        }
    }
    std::signal(SIGPIPE, SIG_IGN);
    const std::int64_t seconds = std::int64_t{o.hours} * 3600;
    const sluice::engine::TimeMs start = 1'626'688'800'000; // 2021-07-19 10:00 UTC
    std::vector<std::unique_ptr<Node>> nodes;
    for (int n = 0; n < o.nodes; ++n) {
        auto node = std::make_unique<Node>();
        node->index = n;
        Node* self = node.get();
        auto server = Server::listen(
            "127.0.0.1", static_cast<std::uint16_t>(o.basePort + n), {},
            [self, &o](Request& r, const Responder& out) {
                if (r.header("authorization").value_or("") != "Bearer " + o.key) {
                    out.send(Response::error(401, "a valid admin key is required"));
                } else if (r.path() == "/api/v1/admin/stream") {
                    if (self->streamed) {
                        out.send(Response::error(404, "the replay is over"));
                        return;
                    }
                    self->streamed = true;
                    Response head;
                    head.contentType = "text/event-stream";
                    self->streams.push_back(out.startStream(std::move(head)));
                } else if (r.path() == "/api/v1/admin/config") {
                    out.send(Response::json(
                        200, "{\"eventId\":\"replay\",\"opensAt\":\"2021-07-19T11:00:00.000Z\","
                             "\"admissionRatePerMinute\":5000,\"capacity\":25000,\"paused\":false,"
                             "\"message\":\"\"}"));
                } else if (r.path() == "/api/v1/admin/audit") {
                    out.send(Response::json(200, "[]"));
                } else {
                    out.send(Response::error(404, "not in the replay"));
                }
            });
        if (!server.isOk()) {
            std::fprintf(stderr, "replay_nodes: %s\n", server.status().message().c_str());
            return 1;
        }
        node->server = std::move(server).value();
        const auto began = std::make_shared<std::chrono::steady_clock::time_point>();
        node->server->setHeartbeat([self, &o, seconds, start, began] {
            if (self->streams.empty()) {
                return;
            }
            if (self->sent == 0) {
                *began = std::chrono::steady_clock::now();
            }
            // Everything due by now at the replay's speed.
            const double elapsed =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - *began).count();
            const auto due =
                std::min<std::int64_t>(seconds, static_cast<std::int64_t>(elapsed * o.speed) + 1);
            std::string batch;
            for (std::int64_t t = self->sent; t < due; ++t) {
                batch += snapshot(self->index, static_cast<long long>(t), start);
            }
            self->sent = std::max<std::int64_t>(self->sent, due);
            std::erase_if(self->streams, [&batch](const Stream& s) { return !s.send(batch); });
            if (self->sent >= seconds) {
                for (const Stream& s : self->streams) {
                    s.end();
                }
                self->streams.clear();
            }
        });
        nodes.push_back(std::move(node));
    }
    for (auto& node : nodes) {
        Server* s = node->server.get();
        node->thread = std::thread([s] { s->run(); });
    }
    std::printf("replay_nodes: %d nodes from port %d, %lld s at x%.0f\n", o.nodes, o.basePort,
                static_cast<long long>(seconds), o.speed);
    std::fflush(stdout);
    // Until every node has streamed its night, then a moment for the last bytes.
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        bool done = true;
        for (auto& node : nodes) {
            done = done && node->streamed && node->sent >= seconds;
        }
        if (done) {
            break;
        }
    }
    std::this_thread::sleep_for(std::chrono::seconds(3));
    for (auto& node : nodes) {
        node->server->stop();
        node->thread.join();
    }
    return 0;
}
