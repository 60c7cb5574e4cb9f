// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"
#include "http/http_response.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace sluice::api {

// The waiting page's files (resources/waiting), read once at start and served from memory
// under /queue/. Only the files found at start exist: no path from a request ever reaches
// the file system.
class StaticSite {
public:
    static engine::Result<StaticSite> load(const std::filesystem::path& dir);
    // The answer for `path` (e.g. "/queue/waiting.js"), or nothing if it is not one of ours.
    std::optional<http::Response> serve(std::string_view path) const;
    std::size_t files() const { return m_files.size(); }

private:
    struct File {
        std::string contentType;
        std::string bytes;
    };
    std::map<std::string, File, std::less<>> m_files; // by name ("index.html")
};

} // namespace sluice::api
