// SPDX-License-Identifier: Apache-2.0
// A file system for fault-injection tests (LevelDB's FaultInjectionTestEnv, in spirit): the
// real one underneath, with failures switched on for the files whose names start with a
// given prefix ("journal-", "snapshot-"): writes that fail at once or once the disk is full,
// syncs that fail (and lose what they did not sync, as a page cache may after an I/O
// error), files that cannot be opened for reading, and reads that end before the file does.
#pragma once

#include "journal/file_system.h"

#include <cstring>
#include <mutex>
#include <optional>

namespace sluice::test {

class FaultyFileSystem final : public journal::FileSystem {
public:
    // Writes to matching files take `bytes` more bytes in all, then fail with `error`
    // (ENOSPC: the disk fills up part-way through a write; 0 bytes and EIO: a write fails).
    void failWritesAfter(std::string prefix, std::uint64_t bytes, int error) {
        std::lock_guard lock(m_mutex);
        m_write = Fault{std::move(prefix), error, bytes};
    }
    // Every sync of a matching file fails with `error`, and what was appended since its last
    // good sync is cut off the file again: the pages were lost.
    void failSyncs(std::string prefix, int error) {
        std::lock_guard lock(m_mutex);
        m_sync = Fault{std::move(prefix), error, 0};
    }
    // Matching files cannot be opened for reading.
    void failOpeningForRead(std::string prefix, int error) {
        std::lock_guard lock(m_mutex);
        m_open = Fault{std::move(prefix), error, 0};
    }
    // Reading a matching file hits its end after `bytes` bytes, whatever its size.
    void endReadsAfter(std::string prefix, std::uint64_t bytes) {
        std::lock_guard lock(m_mutex);
        m_shortRead = Fault{std::move(prefix), 0, bytes};
    }
    // The disk works again (a file that failed stays failed: that is the journal's business).
    void heal() {
        std::lock_guard lock(m_mutex);
        m_write.reset();
        m_sync.reset();
        m_open.reset();
        m_shortRead.reset();
    }

    engine::Result<std::unique_ptr<journal::WritableFile>>
    openWritable(const std::filesystem::path& path, std::uint64_t keepBytes) override {
        auto file = m_real.openWritable(path, keepBytes);
        if (!file.isOk()) {
            return file.status();
        }
        return std::unique_ptr<journal::WritableFile>(
            std::make_unique<Writable>(*this, path, std::move(file).value(), keepBytes));
    }
    engine::Result<std::unique_ptr<journal::ReadableFile>>
    openReadable(const std::filesystem::path& path) override {
        std::optional<std::uint64_t> endAfter;
        {
            std::lock_guard lock(m_mutex);
            if (matches(m_open, path)) {
                return failure("cannot read", path, m_open->error);
            }
            if (matches(m_shortRead, path)) {
                endAfter = m_shortRead->bytes;
            }
        }
        auto file = m_real.openReadable(path);
        if (!file.isOk() || !endAfter) {
            return file;
        }
        return std::unique_ptr<journal::ReadableFile>(
            std::make_unique<ShortReadable>(std::move(file).value(), *endAfter));
    }
    engine::Status rename(const std::filesystem::path& from,
                          const std::filesystem::path& to) override {
        return m_real.rename(from, to);
    }
    engine::Status remove(const std::filesystem::path& path) override {
        return m_real.remove(path);
    }
    engine::Status syncDirectory(const std::filesystem::path& dir) override {
        return m_real.syncDirectory(dir);
    }
    engine::Status createDirectories(const std::filesystem::path& dir) override {
        return m_real.createDirectories(dir);
    }
    engine::Result<std::vector<std::string>> children(const std::filesystem::path& dir) override {
        return m_real.children(dir);
    }
    engine::Result<std::unique_ptr<journal::FileLock>>
    lock(const std::filesystem::path& path) override {
        return m_real.lock(path);
    }

private:
    struct Fault {
        std::string prefix;
        int error = 0;
        std::uint64_t bytes = 0;
    };

    static bool matches(const std::optional<Fault>& fault, const std::filesystem::path& path) {
        return fault && path.filename().string().starts_with(fault->prefix);
    }
    static engine::Status failure(const std::string& what, const std::filesystem::path& path,
                                  int error) {
        return engine::Status::ioError(what + " " + path.string() + ": " + std::strerror(error));
    }

    class Writable final : public journal::WritableFile {
    public:
        Writable(FaultyFileSystem& fs, std::filesystem::path path,
                 std::unique_ptr<journal::WritableFile> real, std::uint64_t size)
            : m_fs(fs), m_path(std::move(path)), m_real(std::move(real)), m_written(size),
              m_synced(size) {}

        engine::Status append(std::string_view data) override {
            std::string_view allowed = data;
            int error = 0;
            {
                std::lock_guard lock(m_fs.m_mutex);
                if (matches(m_fs.m_write, m_path)) {
                    Fault& fault = *m_fs.m_write;
                    if (data.size() > fault.bytes) {
                        allowed = data.substr(0, fault.bytes);
                        error = fault.error;
                    }
                    fault.bytes -= allowed.size();
                }
            }
            if (engine::Status s = m_real->append(allowed); !s.isOk()) {
                return s;
            }
            m_written += allowed.size();
            return error == 0 ? engine::Status::ok() : failure("cannot write", m_path, error);
        }

        engine::Status sync() override {
            int error = 0;
            {
                std::lock_guard lock(m_fs.m_mutex);
                if (matches(m_fs.m_sync, m_path)) {
                    error = m_fs.m_sync->error;
                }
            }
            if (error != 0) {
                std::error_code ignored; // the file is failed either way
                std::filesystem::resize_file(m_path, m_synced, ignored);
                return failure("cannot sync", m_path, error);
            }
            engine::Status s = m_real->sync();
            if (s.isOk()) {
                m_synced = m_written;
            }
            return s;
        }

    private:
        FaultyFileSystem& m_fs;
        const std::filesystem::path m_path;
        std::unique_ptr<journal::WritableFile> m_real;
        std::uint64_t m_written;
        std::uint64_t m_synced;
    };

    class ShortReadable final : public journal::ReadableFile {
    public:
        ShortReadable(std::unique_ptr<journal::ReadableFile> real, std::uint64_t endAfter)
            : m_real(std::move(real)), m_left(endAfter) {}
        engine::Result<std::uint64_t> size() override { return m_real->size(); }
        engine::Result<std::size_t> read(char* buffer, std::size_t size) override {
            auto got = m_real->read(buffer, std::min<std::uint64_t>(size, m_left));
            if (got.isOk()) {
                m_left -= got.value();
            }
            return got;
        }

    private:
        std::unique_ptr<journal::ReadableFile> m_real;
        std::uint64_t m_left;
    };

    journal::FileSystem& m_real = journal::posixFileSystem();
    std::mutex m_mutex;
    std::optional<Fault> m_write, m_sync, m_open, m_shortRead;
};

} // namespace sluice::test
