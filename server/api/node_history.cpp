// SPDX-License-Identifier: Apache-2.0
#include "node_history.h"

#include "series/audit_json.h"
#include "series/series_csv.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace sluice::api {

engine::Result<NodeHistory> NodeHistory::open(const std::filesystem::path& dir,
                                              engine::TimeMs start) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        return engine::Status::ioError("cannot create " + dir.string() + ": " + ec.message());
    }
    const auto path = dir / "series.csv";
    std::vector<series::Sample> earlier;
    bool fresh = !std::filesystem::exists(path) || std::filesystem::file_size(path, ec) == 0;
    if (!fresh) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        std::string all = text.str();
        // A crash may have cut the last row: keep whole rows only.
        all.erase(all.find_last_of('\n') + 1);
        auto read = series::readSeriesCsv(all);
        if (!read.isOk()) {
            // Not ours, or damaged: set it aside rather than append to it or fail the node.
            std::filesystem::rename(path, dir / "series.csv.unreadable", ec);
            fresh = true;
        } else {
            earlier = std::move(read).value();
            std::filesystem::resize_file(path, all.size(), ec);
        }
    }
    std::FILE* series = std::fopen(path.c_str(), "ab");
    if (series == nullptr) {
        return engine::Status::ioError("cannot write " + path.string());
    }
    if (fresh) {
        std::fputs(series::seriesCsvHeader().c_str(), series);
        std::fflush(series);
    }
    NodeHistory history(dir, start, series);
    const std::size_t keep = std::min(earlier.size(), kKeptInMemory);
    history.m_samples.assign(earlier.end() - static_cast<std::ptrdiff_t>(keep), earlier.end());
    return history;
}

NodeHistory::NodeHistory(NodeHistory&& other) noexcept
    : m_dir(std::move(other.m_dir)), m_start(other.m_start), m_series(other.m_series),
      m_samples(std::move(other.m_samples)), m_auditWritten(other.m_auditWritten) {
    other.m_series = nullptr;
}

NodeHistory::~NodeHistory() {
    if (m_series != nullptr) {
        std::fclose(m_series);
    }
}

void NodeHistory::record(const series::Sample& sample) {
    if (!m_samples.empty() && sample.at <= m_samples.back().at) {
        return; // the clock stepped back: the history's times only go forward
    }
    m_samples.push_back(sample);
    if (m_samples.size() > kKeptInMemory) {
        m_samples.pop_front();
    }
    std::fputs(series::seriesCsvRow(sample, m_start).c_str(), m_series);
    std::fflush(m_series);
}

void NodeHistory::recordAudit(const std::vector<engine::AuditEntry>& audit) {
    if (audit.size() == m_auditWritten) {
        return;
    }
    // Whole or not at all: a temporary file renamed into place.
    const auto path = m_dir / "audit.json";
    const auto temporary = m_dir / "audit.json.tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << series::auditJson(audit);
        if (!out) {
            return;
        }
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (!ec) {
        m_auditWritten = audit.size();
    }
}

std::vector<series::Sample> NodeHistory::since(engine::TimeMs after, std::size_t max) const {
    const auto first =
        std::upper_bound(m_samples.begin(), m_samples.end(), after,
                         [](engine::TimeMs t, const series::Sample& s) { return t < s.at; });
    const auto count =
        std::min<std::size_t>(max, static_cast<std::size_t>(m_samples.end() - first));
    return {first, first + static_cast<std::ptrdiff_t>(count)};
}

} // namespace sluice::api
