// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "http/http_server.h"

#include <string>
#include <vector>

namespace sluice::api {

// The admin snapshot streams (GET /api/v1/admin/stream, Server-Sent Events): each gets the
// latest snapshot when it opens and every later one; a stream whose client is gone is
// dropped at the next send. Loop thread only.
class SnapshotStreams {
public:
    // Starts a stream on `out` with `snapshotJson` as its first event.
    void open(const http::Responder& out, const std::string& snapshotJson);
    // Sends `snapshotJson` to every open stream.
    void publish(const std::string& snapshotJson);
    bool empty() const { return m_streams.empty(); }

private:
    std::vector<http::Stream> m_streams;
};

} // namespace sluice::api
