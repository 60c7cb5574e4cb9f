// SPDX-License-Identifier: Apache-2.0
#include "peer_snapshot.h"

#include "cluster/log_extent.h"
#include "cluster/redis_topology.h"
#include "journal/snapshot_file.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <hiredis/hiredis.h>
#include <netdb.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace sluice::app {

using engine::Result;
using engine::Status;

namespace {

// GET `path` from "http://host:port" with the admin key; the body of a 200.
Result<std::string> httpGet(const std::string& url, const std::string& path,
                            const std::string& adminKey) {
    const std::string prefix = "http://";
    if (url.rfind(prefix, 0) != 0) {
        return Status::invalidArgument(url + ": only http:// peers");
    }
    const std::string hostPort = url.substr(prefix.size());
    const std::size_t colon = hostPort.rfind(':');
    const std::string host = hostPort.substr(0, colon);
    const std::string port = colon == std::string::npos ? "80" : hostPort.substr(colon + 1);
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0 || found == nullptr) {
        return Status::ioError(url + ": cannot resolve");
    }
    const int fd = ::socket(found->ai_family, SOCK_STREAM, 0);
    timeval timeout{30, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    const bool connected = ::connect(fd, found->ai_addr, found->ai_addrlen) == 0;
    freeaddrinfo(found);
    if (!connected) {
        ::close(fd);
        return Status::ioError(url + ": " + std::strerror(errno));
    }
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + hostPort +
                                "\r\nAuthorization: Bearer " + adminKey +
                                "\r\nConnection: close\r\n\r\n";
    (void)!::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    std::string answer;
    std::vector<char> buffer(1 << 16);
    for (;;) {
        const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
        if (n <= 0) {
            break;
        }
        answer.append(buffer.data(), static_cast<std::size_t>(n));
    }
    ::close(fd);
    const std::size_t head = answer.find("\r\n\r\n");
    if (head == std::string::npos || answer.compare(0, 12, "HTTP/1.1 200") != 0) {
        return Status::ioError(url + " answered " + answer.substr(0, answer.find("\r\n")));
    }
    return answer.substr(head + 4);
}

} // namespace

Status fetchPeerSnapshotIfNeeded(const cluster::ClusterOptions& o, const std::string& adminKey) {
    const std::filesystem::path dir(o.snapshotDir);
    std::error_code ec;
    if (std::filesystem::exists(dir / "snapshot", ec)) {
        return Status::ok();
    }
    auto link = cluster::connectPrimary(o);
    if (!link.isOk()) {
        return link.status();
    }
    auto extent = cluster::readLogExtent(link.value(), o.logKey());
    if (!extent.isOk()) {
        return Status::ioError("cannot tell whether the cluster's log was trimmed: " +
                               extent.status().message());
    }
    if (!extent.value().trimmed()) {
        return Status::ok(); // the whole log is there: replaying it is enough
    }
    if (adminKey.empty()) {
        return Status::failedPrecondition("the cluster's log was trimmed: this new node needs a "
                                          "peer's snapshot, and fetching one needs the admin key");
    }
    auto nodes = link.value().command({"HGETALL", o.nodesKey()});
    std::vector<std::pair<long long, std::string>> peers; // (reported at, url), freshest first
    for (std::size_t i = 0; nodes.isOk() && i + 1 < nodes.value()->elements; i += 2) {
        const std::string id = cluster::replyText(nodes.value()->element[i]);
        const std::string value = cluster::replyText(nodes.value()->element[i + 1]);
        const std::size_t space = value.find(' ');
        if (id != o.nodeId && space != std::string::npos) {
            peers.emplace_back(std::atoll(value.c_str() + space + 1), value.substr(0, space));
        }
    }
    std::sort(peers.rbegin(), peers.rend());
    std::string why = "no peer is listed in Redis";
    for (const auto& [at, url] : peers) {
        auto bytes = httpGet(url, "/api/v1/admin/cluster/snapshot", adminKey);
        if (!bytes.isOk()) {
            why = bytes.status().message();
            continue;
        }
        std::filesystem::create_directories(dir, ec);
        const std::filesystem::path partial = dir / "snapshot.fetched";
        {
            std::ofstream out(partial, std::ios::binary | std::ios::trunc);
            out.write(bytes.value().data(), static_cast<std::streamsize>(bytes.value().size()));
        }
        if (auto whole = journal::readSnapshotFile(partial); !whole.isOk()) {
            why = url + ": " + whole.status().message();
            continue;
        }
        std::filesystem::rename(partial, dir / "snapshot", ec);
        if (ec) {
            return Status::ioError("cannot put the fetched snapshot in place: " + ec.message());
        }
        spdlog::info("cluster: fetched a snapshot from {} ({} MB)", url,
                     bytes.value().size() >> 20);
        return Status::ok();
    }
    return Status::failedPrecondition("the cluster's log was trimmed and no peer gave a "
                                      "snapshot (" +
                                      why +
                                      "); copy another node's "
                                      "DATA_DIR/cluster/snapshot to " +
                                      o.snapshotDir);
}

} // namespace sluice::app
