// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "http_request.h"

#include <string>
#include <string_view>
#include <vector>

namespace sluice::http {

struct Response {
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::vector<Header> headers; // extra ones (Retry-After, Set-Cookie, Location, …)
    bool close = false;          // close the connection after this answer

    static Response json(int status, std::string body);
    // {"error": {"status": 400, "message": "…"}}: every refusal looks the same to a client.
    static Response error(int status, std::string_view message);
};

std::string_view reasonPhrase(int status);

// The bytes on the wire. `keepAlive` false adds "Connection: close". Bodies of HEAD
// answers are the caller's business (there are none here).
std::string serialize(const Response& response, bool keepAlive);

// The head of a streamed answer (Server-Sent Events): no length, the body runs until the
// connection closes ("Connection: close"), and proxies are asked not to buffer it.
std::string serializeStreamHead(const Response& head);

// A JSON string literal (quotes included), escaped per RFC 8259.
std::string jsonString(std::string_view s);

} // namespace sluice::http
