// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::http {

// Bounds on what a client may send. Everything beyond is refused with a clear status, never
// buffered: a million waiting browsers must not be able to make the server hold a gigabyte.
struct Limits {
    std::size_t maxTargetBytes = 2048; // 414 beyond
    std::size_t maxHeaderBytes = 8192; // request line + headers; 431 beyond
    std::size_t maxHeaders = 64;       // 431 beyond
    std::size_t maxBodyBytes = 16384;  // 413 beyond
};

struct Header {
    std::string name; // lower-cased
    std::string value;
};

struct Request {
    std::string method;
    std::string target;   // origin-form: path and query, as sent
    int versionMinor = 1; // HTTP/1.x
    std::vector<Header> headers;
    std::string body;
    bool keepAlive = true;

    std::string_view path() const;  // target up to '?'
    std::string_view query() const; // after '?', or empty
    // The first header of that (lower-case) name.
    std::optional<std::string_view> header(std::string_view lowerName) const;
};

// Why a request was refused before it reached a handler: the status to answer with and a
// sentence saying what was wrong. The connection is closed after answering.
struct ParseError {
    int status = 400;
    std::string message;
};

// An incremental, strict HTTP/1.1 request parser (RFC 9112): feed it bytes as they arrive;
// it says whether it needs more, has a whole request, or refuses. Strict on purpose:
// request smuggling lives in the leniencies (bare LF, obs-fold, whitespace before the colon,
// Content-Length and Transfer-Encoding together, two different lengths).
class RequestParser {
public:
    enum class State { NeedMore, Complete, Error };

    explicit RequestParser(Limits limits = {}) : m_limits(limits) {}

    // Looks at `data` (everything received and not yet consumed, from the start of a
    // request). On Complete, `consumed()` bytes form the request (pipelined bytes after it
    // belong to the next one). On Error, `error()` says why.
    State parse(std::string_view data);
    std::size_t consumed() const { return m_consumed; }
    Request& request() { return m_request; }
    const ParseError& error() const { return m_error; }

private:
    State fail(int status, std::string message);
    State parseHead(std::string_view head);

    Limits m_limits;
    Request m_request;
    ParseError m_error;
    std::size_t m_consumed = 0;
};

} // namespace sluice::http
