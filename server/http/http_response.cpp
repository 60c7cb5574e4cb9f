// SPDX-License-Identifier: Apache-2.0
#include "http_response.h"

#include <cstdio>

namespace sluice::http {

Response Response::json(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

Response Response::error(int status, std::string_view message) {
    return json(status, "{\"error\":{\"status\":" + std::to_string(status) +
                            ",\"message\":" + jsonString(message) + "}}");
}

std::string_view reasonPhrase(int status) {
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}

std::string serialize(const Response& r, bool keepAlive) {
    std::string out;
    out.reserve(128 + r.body.size());
    out += "HTTP/1.1 ";
    out += std::to_string(r.status);
    out += ' ';
    out += reasonPhrase(r.status);
    out += "\r\n";
    if (!r.body.empty() || r.status != 204) {
        out += "Content-Type: ";
        out += r.contentType;
        out += "\r\nContent-Length: ";
        out += std::to_string(r.body.size());
        out += "\r\n";
    }
    out += "Cache-Control: no-store\r\n";
    for (const Header& h : r.headers) {
        out += h.name;
        out += ": ";
        out += h.value;
        out += "\r\n";
    }
    if (!keepAlive || r.close) {
        out += "Connection: close\r\n";
    }
    out += "\r\n";
    out += r.body;
    return out;
}

std::string serializeStreamHead(const Response& r) {
    std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " +
                      std::string(reasonPhrase(r.status)) + "\r\nContent-Type: " + r.contentType +
                      "\r\nCache-Control: no-store\r\nX-Accel-Buffering: no\r\n";
    for (const Header& h : r.headers) {
        out += h.name + ": " + h.value + "\r\n";
    }
    return out + "Connection: close\r\n\r\n";
}

std::string jsonString(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    for (const char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

} // namespace sluice::http
