// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/time_types.h"
#include "http/http_server.h"

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace sluice::api {

// One request being answered: what was asked, whom to answer, and when it arrived (UTC ms).
struct Call {
    const http::Request& request;
    const http::Responder& responder;
    engine::TimeMs now;
};

// An endpoint: the answer to a call, or nothing when it answered by itself (a stream).
using Handler = std::function<std::optional<http::Response>(const Call&)>;

// The methods a route serves. HEAD is answered like GET and the server drops the body.
// "Allow" names GET or POST only. Any: the handler decides (a catch-all).
enum class Methods { Get, GetOrHead, Post, Any };
enum class Access {
    Public,   // anyone
    AdminKey, // the admin bearer key, and TLS when the admin API is served over TLS only
};
enum class Effect {
    Reads,      // changes nothing that must survive a crash, needs no queue (health, keys)
    ReadsQueue, // reads the queue (status, the gate): refused with 503 while this node's
                // copy is not one to answer from (a cluster node catching up)
    Changes,    // journaled: refused with 503 + Retry-After while changes cannot be recorded
};
enum class Match { Path, Prefix }; // the whole path, or every path under it

struct Route {
    std::string_view path;
    Methods methods;
    Access access;
    Effect effect;
    Handler handler;
    Match match = Match::Path;
};

// The API's routes, each declared once, and the order in which a call is refused: a change
// while the journal cannot record it, or a read of the queue while there is none (503), then admin
// access (403 plain port / no key, 401 wrong key), then the method (405 with Allow), and only then
// the handler. A path no route matches goes to the fallback. Loop thread only.
class RouteTable {
public:
    struct Checks {
        // The refusal of a change right now, or nothing when changes can be recorded.
        std::function<std::optional<http::Response>()> changeRefusal;
        // The refusal of a read of the queue right now, or nothing when it may be answered.
        std::function<std::optional<http::Response>()> readRefusal;
        // The refusal of an admin call, or nothing when it may go on.
        std::function<std::optional<http::Response>(const Call&)> adminRefusal;
    };

    RouteTable(std::vector<Route> routes, Handler fallback, Checks checks);

    std::optional<http::Response> answer(const Call& call) const;
    // The route for `path`: an exact one first, else the longest prefix; null if none.
    const Route* find(std::string_view path) const;
    const std::vector<Route>& routes() const { return m_routes; }

private:
    std::vector<Route> m_routes;
    Handler m_fallback;
    Checks m_checks;
};

// Whether `method` is one `methods` serves.
bool serves(Methods methods, std::string_view method);

} // namespace sluice::api
