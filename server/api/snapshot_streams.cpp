// SPDX-License-Identifier: Apache-2.0
#include "snapshot_streams.h"

#include <algorithm>

namespace sluice::api {
namespace {

std::string snapshotEvent(const std::string& json) {
    return "event: snapshot\ndata: " + json + "\n\n";
}

} // namespace

void SnapshotStreams::open(const http::Responder& out, const std::string& snapshotJson) {
    http::Response head;
    head.contentType = "text/event-stream";
    const http::Stream stream = out.startStream(std::move(head));
    // "retry": a console that loses the stream comes back after 2 s unless it knows better.
    if (stream.send("retry: 2000\n" + snapshotEvent(snapshotJson))) {
        m_streams.push_back(stream);
    }
}

void SnapshotStreams::publish(const std::string& snapshotJson) {
    const std::string event = snapshotEvent(snapshotJson);
    std::erase_if(m_streams, [&event](const http::Stream& s) { return !s.send(event); });
}

} // namespace sluice::api
