// SPDX-License-Identifier: Apache-2.0
#include "route_table.h"

#include "api_answers.h"

namespace sluice::api {

bool serves(Methods methods, std::string_view method) {
    switch (methods) {
    case Methods::Get:
        return method == "GET";
    case Methods::GetOrHead:
        return method == "GET" || method == "HEAD";
    case Methods::Post:
        return method == "POST";
    case Methods::Any:
        return true;
    }
    return false;
}

namespace {

std::string_view allowOf(Methods methods) {
    return methods == Methods::Post ? "POST" : "GET";
}

} // namespace

RouteTable::RouteTable(std::vector<Route> routes, Handler fallback, Checks checks)
    : m_routes(std::move(routes)), m_fallback(std::move(fallback)), m_checks(std::move(checks)) {}

const Route* RouteTable::find(std::string_view path) const {
    const Route* best = nullptr;
    for (const Route& r : m_routes) {
        if (r.match == Match::Path && r.path == path) {
            return &r;
        }
        if (r.match == Match::Prefix && path.starts_with(r.path) &&
            (best == nullptr || r.path.size() > best->path.size())) {
            best = &r;
        }
    }
    return best;
}

std::optional<http::Response> RouteTable::answer(const Call& call) const {
    const Route* route = find(call.request.path());
    if (route == nullptr) {
        return m_fallback(call);
    }
    const bool served = serves(route->methods, call.request.method);
    if (route->effect == Effect::Changes && served) {
        if (auto busy = m_checks.changeRefusal()) {
            return busy;
        }
    }
    if (route->effect == Effect::ReadsQueue && served && m_checks.readRefusal) {
        if (auto busy = m_checks.readRefusal()) {
            return busy;
        }
    }
    if (route->access == Access::AdminKey) {
        if (auto refused = m_checks.adminRefusal(call)) {
            return refused;
        }
    }
    if (!served) {
        return methodNotAllowed(allowOf(route->methods));
    }
    return route->handler(call);
}

} // namespace sluice::api
