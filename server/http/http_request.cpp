// SPDX-License-Identifier: Apache-2.0
#include "http_request.h"

#include <algorithm>
#include <charconv>

namespace sluice::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";

bool isTokenChar(char c) {
    // RFC 9110 tchar.
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isToken(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), isTokenChar);
}

// Field values: visible characters, obs-text, space and tab; no other control characters.
bool isFieldValue(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u == '\t' || (u >= 0x20 && u != 0x7F);
    });
}

bool isTargetChar(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7F;
}

std::string_view trimOws(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return out;
}

// A bare LF (not preceded by CR) anywhere in the head: refused, not guessed at.
bool hasBareLf(std::string_view s) {
    for (std::size_t i = s.find('\n'); i != std::string_view::npos; i = s.find('\n', i + 1)) {
        if (i == 0 || s[i - 1] != '\r') {
            return true;
        }
    }
    return false;
}

bool hasConnectionToken(std::string_view value, std::string_view token) {
    while (!value.empty()) {
        const std::size_t comma = value.find(',');
        const std::string_view item = trimOws(value.substr(0, comma));
        if (lower(item) == token) {
            return true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        value.remove_prefix(comma + 1);
    }
    return false;
}

} // namespace

std::string_view Request::path() const {
    const std::string_view t = target;
    return t.substr(0, t.find('?'));
}

std::string_view Request::query() const {
    const std::string_view t = target;
    const std::size_t q = t.find('?');
    return q == std::string_view::npos ? std::string_view() : t.substr(q + 1);
}

std::optional<std::string_view> Request::header(std::string_view lowerName) const {
    for (const Header& h : headers) {
        if (h.name == lowerName) {
            return std::string_view(h.value);
        }
    }
    return std::nullopt;
}

RequestParser::State RequestParser::fail(int status, std::string message) {
    m_error = ParseError{status, std::move(message)};
    return State::Error;
}

RequestParser::State RequestParser::parse(std::string_view data) {
    m_request = Request{};
    m_consumed = 0;
    // Empty lines before a request are tolerated (RFC 9112 §2.2), a few of them.
    std::size_t skipped = 0;
    while (data.substr(skipped, 2) == kCrlf && skipped < 8) {
        skipped += 2;
    }
    const std::string_view rest = data.substr(skipped);
    const std::size_t headEnd = rest.find("\r\n\r\n");
    const std::string_view seen = rest.substr(
        0, std::min(rest.size(), headEnd == std::string_view::npos ? rest.size() : headEnd + 4));
    if (hasBareLf(seen)) {
        return fail(400, "line ends must be CRLF (a bare LF was sent)");
    }
    if (headEnd == std::string_view::npos) {
        const std::size_t lineEnd = rest.find(kCrlf);
        if (lineEnd == std::string_view::npos && rest.size() > m_limits.maxTargetBytes + 32) {
            return fail(414, "the request line is too long");
        }
        if (rest.size() > m_limits.maxHeaderBytes) {
            return fail(431, "the request head is larger than " +
                                 std::to_string(m_limits.maxHeaderBytes) + " bytes");
        }
        return State::NeedMore;
    }
    if (headEnd + 4 > m_limits.maxHeaderBytes) {
        return fail(431, "the request head is larger than " +
                             std::to_string(m_limits.maxHeaderBytes) + " bytes");
    }
    if (const State s = parseHead(rest.substr(0, headEnd)); s == State::Error) {
        return s;
    }
    // The body: Content-Length only.
    std::size_t length = 0;
    bool haveLength = false;
    bool chunked = false;
    for (const Header& h : m_request.headers) {
        if (h.name == "transfer-encoding") {
            chunked = true;
        } else if (h.name == "content-length") {
            std::size_t n = 0;
            const char* end = h.value.data() + h.value.size();
            const auto [ptr, ec] = std::from_chars(h.value.data(), end, n);
            if (h.value.empty() || h.value.size() > 15 || ec != std::errc() || ptr != end) {
                return fail(400, "Content-Length must be a plain decimal number");
            }
            if (haveLength && n != length) {
                return fail(400, "two different Content-Length headers");
            }
            length = n;
            haveLength = true;
        }
    }
    if (chunked && haveLength) {
        return fail(400, "both Content-Length and Transfer-Encoding were sent");
    }
    if (chunked) {
        return fail(411, "chunked bodies are not accepted; send Content-Length");
    }
    if (length > m_limits.maxBodyBytes) {
        return fail(413,
                    "the body is larger than " + std::to_string(m_limits.maxBodyBytes) + " bytes");
    }
    const std::size_t bodyStart = skipped + headEnd + 4;
    if (data.size() - bodyStart < length) {
        return State::NeedMore;
    }
    m_request.body.assign(data.substr(bodyStart, length));
    m_consumed = bodyStart + length;
    return State::Complete;
}

RequestParser::State RequestParser::parseHead(std::string_view head) {
    const std::size_t lineEnd = head.find(kCrlf);
    const std::string_view line = head.substr(0, lineEnd);
    // method SP request-target SP HTTP-version, exactly one space each.
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp1 == std::string_view::npos || sp2 == std::string_view::npos ||
        line.find(' ', sp2 + 1) != std::string_view::npos) {
        return fail(400, "malformed request line");
    }
    const std::string_view method = line.substr(0, sp1);
    const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = line.substr(sp2 + 1);
    if (!isToken(method) || method.size() > 16) {
        return fail(400, "malformed method");
    }
    if (target.size() > m_limits.maxTargetBytes) {
        return fail(414, "the request target is too long");
    }
    if (target.empty() || target.front() != '/' ||
        !std::all_of(target.begin(), target.end(), isTargetChar)) {
        return fail(400, "the request target must be a path (origin-form)");
    }
    if (version == "HTTP/1.1") {
        m_request.versionMinor = 1;
    } else if (version == "HTTP/1.0") {
        m_request.versionMinor = 0;
    } else if (version.size() == 8 && version.substr(0, 5) == "HTTP/" && version[6] == '.') {
        return fail(505, "only HTTP/1.0 and HTTP/1.1 are spoken here");
    } else {
        return fail(400, "malformed HTTP version");
    }
    m_request.method.assign(method);
    m_request.target.assign(target);

    std::string_view rest =
        lineEnd == std::string_view::npos ? std::string_view() : head.substr(lineEnd + 2);
    int hosts = 0;
    while (!rest.empty()) {
        const std::size_t end = rest.find(kCrlf);
        const std::string_view field = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
        if (field.front() == ' ' || field.front() == '\t') {
            return fail(400, "folded header lines (obs-fold) are not accepted");
        }
        const std::size_t colon = field.find(':');
        if (colon == std::string_view::npos || !isToken(field.substr(0, colon))) {
            return fail(400, "malformed header line");
        }
        const std::string_view value = trimOws(field.substr(colon + 1));
        if (!isFieldValue(value)) {
            return fail(400, "control characters in a header value");
        }
        if (m_request.headers.size() >= m_limits.maxHeaders) {
            return fail(431, "more than " + std::to_string(m_limits.maxHeaders) + " headers");
        }
        Header h{lower(field.substr(0, colon)), std::string(value)};
        hosts += h.name == "host" ? 1 : 0;
        m_request.headers.push_back(std::move(h));
    }
    if (m_request.versionMinor == 1 && hosts != 1) {
        return fail(400, "an HTTP/1.1 request needs exactly one Host header");
    }
    const auto connection = m_request.header("connection");
    m_request.keepAlive = m_request.versionMinor == 1
                              ? !(connection && hasConnectionToken(*connection, "close"))
                              : (connection && hasConnectionToken(*connection, "keep-alive"));
    return State::Complete;
}

} // namespace sluice::http
