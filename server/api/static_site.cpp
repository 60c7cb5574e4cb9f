// SPDX-License-Identifier: Apache-2.0
#include "static_site.h"

#include <fstream>
#include <sstream>

namespace sluice::api {
namespace {

constexpr std::string_view kPrefix = "/queue/";

std::string contentTypeOf(const std::filesystem::path& p) {
    const std::string ext = p.extension().string();
    if (ext == ".html")
        return "text/html; charset=utf-8";
    if (ext == ".js")
        return "text/javascript; charset=utf-8";
    if (ext == ".css")
        return "text/css; charset=utf-8";
    if (ext == ".svg")
        return "image/svg+xml";
    if (ext == ".png")
        return "image/png";
    if (ext == ".ico")
        return "image/x-icon";
    return "application/octet-stream";
}

} // namespace

engine::Result<StaticSite> StaticSite::load(const std::filesystem::path& dir) {
    std::error_code ec;
    StaticSite site;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (!entry.is_regular_file()) {
            continue;
        }
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        if (!in) {
            return engine::Status::ioError("cannot read " + entry.path().string());
        }
        site.m_files.emplace(entry.path().filename().string(),
                             File{contentTypeOf(entry.path()), bytes.str()});
    }
    if (ec) {
        return engine::Status::ioError("the waiting page's directory " + dir.string() + ": " +
                                       ec.message());
    }
    if (!site.m_files.contains("index.html")) {
        return engine::Status::ioError(dir.string() + " has no index.html");
    }
    return site;
}

std::optional<http::Response> StaticSite::serve(std::string_view path) const {
    if (path == "/queue") {
        http::Response moved = http::Response::json(301, "");
        moved.headers.push_back({"Location", std::string(kPrefix)});
        return moved;
    }
    if (!path.starts_with(kPrefix)) {
        return std::nullopt;
    }
    std::string_view name = path.substr(kPrefix.size());
    if (name.empty()) {
        name = "index.html";
    }
    const auto it = m_files.find(name);
    if (it == m_files.end()) {
        return std::nullopt;
    }
    http::Response r;
    r.status = 200;
    r.contentType = it->second.contentType;
    r.body = it->second.bytes;
    // Our own scripts and styles only, and no framing of the page by anyone.
    r.headers.push_back({"Content-Security-Policy",
                         "default-src 'self'; script-src 'self'; style-src 'self'; "
                         "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"});
    r.headers.push_back({"X-Content-Type-Options", "nosniff"});
    r.headers.push_back({"Referrer-Policy", "no-referrer"});
    return r;
}

} // namespace sluice::api
