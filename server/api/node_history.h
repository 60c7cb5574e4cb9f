// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/event_config.h"
#include "engine/status.h"
#include "series/sample.h"

#include <cstdio>
#include <deque>
#include <filesystem>
#include <vector>

namespace sluice::api {

// The node's recorded history: one sample a second. The last 48 hours stay in memory for
// the console (GET /api/v1/admin/history fills a gap after a reconnect); every sample is
// appended to DIR/series.csv in the simulator's format, and the audit log is kept beside it
// as DIR/audit.json, so `sluice-sim report DIR` makes the incident report of a live night.
// History is not state: it is written without fsync, and a crash loses at most the last
// seconds of it (the journal keeps what matters).
class NodeHistory {
public:
    static constexpr std::size_t kKeptInMemory = 48 * 3600;

    // Opens DIR (created if needed) and loads what series.csv already holds (after a
    // restart the history goes on, with the outage as a gap). `start` is the event's
    // creation time, t_seconds' zero.
    static engine::Result<NodeHistory> open(const std::filesystem::path& dir, engine::TimeMs start);
    NodeHistory(NodeHistory&& other) noexcept;
    NodeHistory& operator=(NodeHistory&&) = delete;
    ~NodeHistory();

    void record(const series::Sample& sample);
    void recordAudit(const std::vector<engine::AuditEntry>& audit);
    // Samples after `after` (UTC ms), oldest first, at most `max`.
    std::vector<series::Sample> since(engine::TimeMs after, std::size_t max) const;
    std::size_t size() const { return m_samples.size(); }

private:
    NodeHistory(std::filesystem::path dir, engine::TimeMs start, std::FILE* series)
        : m_dir(std::move(dir)), m_start(start), m_series(series) {}
    std::filesystem::path m_dir;
    engine::TimeMs m_start;
    std::FILE* m_series;
    std::deque<series::Sample> m_samples;
    std::size_t m_auditWritten = 0;
};

} // namespace sluice::api
