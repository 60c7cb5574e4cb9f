// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sluice::journal {

// One append-only journal file: an 8-byte magic, then records, each
//   u32 payload length (little-endian) | u32 CRC-32C of the payload | payload.
// A crash can leave the last record torn (short, or its checksum wrong); reading stops at
// the last whole record and reports where that is, so the writer cuts the tail off before
// appending again. Nothing before a bad record is lost, nothing after it is trusted.
struct ReadResult {
    std::vector<std::string> records;
    std::uint64_t validBytes = 0; // the offset just after the last whole record
    bool tornTail = false;        // bytes after validBytes were ignored
};

engine::Result<ReadResult> readJournal(const std::filesystem::path& path);

class JournalWriter {
public:
    // Opens (or creates) `path` for appending after `validBytes` (from readJournal; 0 for
    // a new file): anything beyond is a torn tail and is cut off first.
    static engine::Result<JournalWriter> open(const std::filesystem::path& path,
                                              std::uint64_t validBytes);
    JournalWriter(JournalWriter&& other) noexcept;
    JournalWriter& operator=(JournalWriter&& other) noexcept;
    ~JournalWriter();

    // Buffers one record; nothing is durable before sync().
    void append(std::string_view payload);
    // Writes what is buffered and fdatasync()s it: every record appended so far is on disk
    // when this returns ok (group commit: many appends, one sync).
    engine::Status sync();
    std::uint64_t size() const { return m_size + m_buffer.size(); }

private:
    JournalWriter(int fd, std::uint64_t size) : m_fd(fd), m_size(size) {}
    int m_fd = -1;
    std::uint64_t m_size = 0; // bytes on disk
    std::string m_buffer;
};

inline constexpr char kJournalMagic[8] = {'S', 'L', 'U', 'I', 'C', 'E', 'J', '1'};
inline constexpr std::uint32_t kMaxRecordBytes = 1 << 20;

} // namespace sluice::journal
