// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::journal {

// The file operations the journal, the snapshots and the event store need, behind one small
// interface so that tests can put a failing disk under them (LevelDB's Env). The default,
// posixFileSystem(), is the real one. Every error is an IoError whose message names the
// file and the system's reason.

// A file being written at its end. One thread at a time.
class WritableFile {
public:
    virtual ~WritableFile() = default;
    // Writes all of `data` after what is there. On an error some prefix of `data` may have
    // reached the file (a disk that filled up part-way).
    virtual engine::Status append(std::string_view data) = 0;
    // Makes everything appended so far durable (fdatasync): it survives a crash or a power
    // loss once this returns ok. After an error nothing is known about what reached the disk.
    virtual engine::Status sync() = 0;
};

// A file being read from its start. One thread at a time.
class ReadableFile {
public:
    virtual ~ReadableFile() = default;
    // The file's size in bytes now.
    virtual engine::Result<std::uint64_t> size() = 0;
    // Reads up to `size` bytes into `buffer`: how many came (fewer than asked is normal);
    // 0 at the end of the file.
    virtual engine::Result<std::size_t> read(char* buffer, std::size_t size) = 0;
};

// An exclusive lock on a file, held until this object is destroyed (or the process ends,
// SIGKILL included).
class FileLock {
public:
    virtual ~FileLock() = default;
};

// Implementations must be safe to use from several threads at once (the store's writer and
// snapshot threads share one).
class FileSystem {
public:
    virtual ~FileSystem() = default;
    // Opens `path` for writing after its first `keepBytes` bytes, creating it (mode 0600)
    // when missing; whatever lies beyond `keepBytes` is cut off first (0: an empty file).
    virtual engine::Result<std::unique_ptr<WritableFile>>
    openWritable(const std::filesystem::path& path, std::uint64_t keepBytes) = 0;
    virtual engine::Result<std::unique_ptr<ReadableFile>>
    openReadable(const std::filesystem::path& path) = 0;
    // Replaces `to` with `from` in one step; durable once the directory is synced.
    virtual engine::Status rename(const std::filesystem::path& from,
                                  const std::filesystem::path& to) = 0;
    // Removes a file; one that is already gone is not an error.
    virtual engine::Status remove(const std::filesystem::path& path) = 0;
    // fsync on a directory: makes created, renamed and removed names durable.
    virtual engine::Status syncDirectory(const std::filesystem::path& dir) = 0;
    virtual engine::Status createDirectories(const std::filesystem::path& dir) = 0;
    // The names (not paths) of the entries of `dir`.
    virtual engine::Result<std::vector<std::string>> children(const std::filesystem::path& dir) = 0;
    // Takes an exclusive lock on `path` (created when missing) without waiting. Refused with
    // FailedPrecondition when another holder has it, IoError when the file cannot be opened.
    virtual engine::Result<std::unique_ptr<FileLock>> lock(const std::filesystem::path& path) = 0;
};

// The real file system (POSIX calls). Lives for the whole process.
FileSystem& posixFileSystem();

// The whole file, or an error naming it: one that cannot be opened or read, or that yields
// fewer bytes than its size (a short read is an error here, never a short file: recovery
// would otherwise cut a whole journal down to what happened to be read).
engine::Result<std::string> readWholeFile(FileSystem& fs, const std::filesystem::path& path);

// Replaces `path` with `bytes` all at once: written to `path`.tmp, synced, renamed over it,
// and the directory synced. After a crash the file holds either its old or its new bytes,
// never a mixture (a leftover .tmp is never read). Ok only once the new bytes are durable.
engine::Status writeWholeFile(FileSystem& fs, const std::filesystem::path& path,
                              std::string_view bytes);

} // namespace sluice::journal
