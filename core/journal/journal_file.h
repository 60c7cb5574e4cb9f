// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"
#include "file_system.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace sluice::journal {

// One append-only journal file: an 8-byte magic, then records, each
//   u32 payload length (little-endian) | u32 CRC-32C of the payload | payload
// (byte by byte in docs/formats.md). A crash can leave the last record torn (short, or its
// checksum wrong); reading stops at the last whole record and reports where that is, so the
// writer cuts the tail off before appending again. Nothing before a bad record is lost,
// nothing after it is trusted.
struct ReadResult {
    std::vector<std::string> records;
    std::uint64_t validBytes = 0; // the offset just after the last whole record
    std::uint64_t fileBytes = 0;  // the file's whole size
    bool tornTail = false;        // bytes after validBytes were ignored
};

// The records of the journal at `path`, or an error naming it (cannot be read, not a
// journal). A torn tail is not an error: see ReadResult.
engine::Result<ReadResult> readJournal(const std::filesystem::path& path,
                                       FileSystem& fs = posixFileSystem());

// Appends records to one journal file. One thread at a time; movable, not copyable.
class JournalWriter {
public:
    // Opens (or creates) `path` for appending after `validBytes` (from readJournal; 0 for
    // a new file): anything beyond is a torn tail and is cut off first. A new file gets its
    // magic, synced, before this returns.
    static engine::Result<JournalWriter> open(const std::filesystem::path& path,
                                              std::uint64_t validBytes,
                                              FileSystem& fs = posixFileSystem());

    // Buffers one record; nothing is durable before sync().
    void append(std::string_view payload);
    // Writes what is buffered and fdatasync()s it: every record appended so far is on disk
    // when this returns ok (group commit: many appends, one sync). Once a write or a sync
    // has failed, this fails for good with that first error: after a failed fdatasync the
    // kernel may have dropped the unwritten pages and cleared the error, so a later sync
    // that succeeds would vouch for records that are not on disk.
    engine::Status sync();
    std::uint64_t size() const { return m_size + m_buffer.size(); }

private:
    JournalWriter(std::unique_ptr<WritableFile> file, std::uint64_t size)
        : m_file(std::move(file)), m_size(size) {}
    std::unique_ptr<WritableFile> m_file;
    std::uint64_t m_size = 0; // bytes handed to the file
    std::string m_buffer;
    engine::Status m_failure; // the first write or sync that failed; ok until then
};

inline constexpr char kJournalMagic[8] = {'S', 'L', 'U', 'I', 'C', 'E', 'J', '1'};
inline constexpr std::uint32_t kMaxRecordBytes = 1 << 20;

} // namespace sluice::journal
