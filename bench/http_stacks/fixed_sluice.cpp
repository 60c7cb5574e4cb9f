// SPDX-License-Identifier: Apache-2.0
// The HTTP stack comparison (bench/bench_http_stacks.sh): Sluice's own epoll server
// answering a fixed small JSON body to every request. Usage: fixed_sluice PORT
#include "http/http_server.h"

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
    const auto port = static_cast<std::uint16_t>(argc > 1 ? std::atoi(argv[1]) : 8081);
    sluice::http::ServerOptions options;
    options.maxConnections = 100'000;
    auto server = sluice::http::Server::listen(
        "127.0.0.1", port, options, [](sluice::http::Request&, const sluice::http::Responder& out) {
            out.send(sluice::http::Response::json(200, "{\"ok\":true}"));
        });
    if (!server.isOk()) {
        std::fprintf(stderr, "%s\n", server.status().message().c_str());
        return 1;
    }
    server.value()->run();
}
