// SPDX-License-Identifier: Apache-2.0
#include "request_fields.h"

#include "config/json_fields.h"
#include "tokens/device_secret.h"

namespace sluice::api {

using engine::Status;
using json = nlohmann::json;

engine::Result<json> objectBody(const http::Request& r, std::initializer_list<const char*> known,
                                bool emptyAllowed) {
    if (r.body.empty()) {
        return emptyAllowed
                   ? json::object()
                   : engine::Result<json>(Status::invalidArgument("a JSON body is required"));
    }
    json j = json::parse(r.body, nullptr, false);
    if (j.is_discarded()) {
        return Status::invalidArgument("the body is not valid JSON");
    }
    config::JsonFields f;
    f.object(j, "body", known);
    if (Status s = f.status(); !s.isOk()) {
        return s;
    }
    return j;
}

engine::Result<std::string> ticketFromBody(const http::Request& r) {
    auto body = objectBody(r, {"ticket"}, false);
    if (!body.isOk()) {
        return body.status();
    }
    const auto it = body.value().find("ticket");
    if (it == body.value().end() || !it->is_string()) {
        return Status::invalidArgument("body.ticket: expected the ticket string");
    }
    return it->get<std::string>();
}

std::string queryValue(std::string_view query, std::string_view key) {
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == key) {
            return std::string(pair.substr(eq + 1));
        }
        if (amp == std::string_view::npos) {
            break;
        }
        query.remove_prefix(amp + 1);
    }
    return {};
}

std::optional<std::string_view> bearerOf(const http::Request& r) {
    const auto auth = r.header("authorization");
    if (auth && auth->substr(0, 7) == "Bearer ") {
        return auth->substr(7);
    }
    return std::nullopt;
}

std::string admissionTokenOf(const http::Request& r) {
    if (const auto bearer = bearerOf(r)) {
        return std::string(*bearer);
    }
    return cookieOf(r, kTokenCookie);
}

std::string deviceSecretOf(const http::Request& r) {
    std::string cookie = cookieOf(r, kDeviceCookie);
    return tokens::deviceHashOf(cookie).has_value() ? cookie : std::string();
}

std::string cookieOf(const http::Request& r, std::string_view name) {
    // Every Cookie header: a client (or an HTTP/2 proxy) may send its cookies in several.
    for (const http::Header& h : r.headers) {
        if (h.name != "cookie") {
            continue;
        }
        std::string_view rest = h.value;
        while (!rest.empty()) {
            const std::size_t semi = rest.find(';');
            std::string_view item = rest.substr(0, semi);
            while (!item.empty() && item.front() == ' ') {
                item.remove_prefix(1);
            }
            if (item.substr(0, name.size()) == name && item.size() > name.size() &&
                item[name.size()] == '=') {
                return std::string(item.substr(name.size() + 1));
            }
            if (semi == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(semi + 1);
        }
    }
    return {};
}

} // namespace sluice::api
