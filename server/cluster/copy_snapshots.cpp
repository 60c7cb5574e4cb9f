// SPDX-License-Identifier: Apache-2.0
#include "copy_snapshots.h"

#include "journal/snapshot_file.h"
#include "redis_topology.h"

#include <chrono>
#include <filesystem>
#include <spdlog/spdlog.h>

namespace sluice::cluster {

CopySnapshots::CopySnapshots(ClusterOptions options, std::function<void(std::string, bool)> written)
    : m_options(std::move(options)), m_written(std::move(written)), m_thread([this] { run(); }) {}

CopySnapshots::~CopySnapshots() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

bool CopySnapshots::busy() const {
    std::lock_guard lock(m_mutex);
    return m_writing || m_job != nullptr;
}

void CopySnapshots::write(const ReplicatedRoom::State& state, const engine::QueueEngine& engine) {
    std::unique_ptr<Job> job;
    {
        std::lock_guard lock(m_mutex);
        job = std::move(m_spare); // none while the last one is still being serialised
    }
    if (job) {
        job->state = state; // into memory the copy already holds: no page faults
        job->engine = engine;
    } else {
        job = std::make_unique<Job>(Job{state, engine});
    }
    {
        std::lock_guard lock(m_mutex);
        m_job = std::move(job);
    }
    m_wake.notify_one();
}

engine::Result<std::string> CopySnapshots::read(const ClusterOptions& options) {
    const std::filesystem::path path = std::filesystem::path(options.snapshotDir) / "snapshot";
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        return engine::Status::notFound("no snapshot in " + options.snapshotDir);
    }
    return journal::readSnapshotFile(path);
}

void CopySnapshots::run() {
    for (;;) {
        std::unique_ptr<Job> job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || m_job != nullptr; });
            if (m_stop) {
                return;
            }
            job = std::move(m_job);
            m_writing = true;
        }
        const auto started = std::chrono::steady_clock::now();
        const std::string body = ReplicatedRoom::snapshotBody(job->state, job->engine);
        const std::string lastId = job->state.lastId;
        {
            std::lock_guard lock(m_mutex);
            m_spare = std::move(job);
        }
        std::error_code ec;
        std::filesystem::create_directories(m_options.snapshotDir, ec);
        const engine::Status saved = journal::writeSnapshotFile(
            std::filesystem::path(m_options.snapshotDir) / "snapshot", body);
        bool reported = false;
        if (saved.isOk()) {
            auto link = connectPrimary(m_options);
            const auto nowMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
            reported =
                link.isOk() && link.value()
                                   .command({"HSET", m_options.snapshotsKey(), m_options.nodeId,
                                             lastId + " " + std::to_string(nowMs)})
                                   .isOk();
            spdlog::info(
                "cluster: snapshot at log entry {} ({} MB, {} ms){}", lastId, body.size() >> 20,
                std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - started)
                    .count(),
                reported ? "" : "; not reported to Redis (the log is not trimmed past it)");
        } else {
            spdlog::error("cluster: snapshot not written: {}", saved.message());
        }
        {
            std::lock_guard lock(m_mutex);
            m_writing = false;
        }
        m_written(lastId, saved.isOk());
    }
}

} // namespace sluice::cluster
