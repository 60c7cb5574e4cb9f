// SPDX-License-Identifier: Apache-2.0
#include "journal_file.h"

#include "crc32c.h"

namespace sluice::journal {
namespace {

std::uint32_t readLe32(const char* p) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) {
        v = (v << 8) | static_cast<std::uint8_t>(p[i]);
    }
    return v;
}

void putLe32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
        out += static_cast<char>((v >> (8 * i)) & 0xFF);
    }
}

std::uint32_t checksum(std::string_view payload) {
    return crc32c(std::span(reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size()));
}

} // namespace

engine::Result<ReadResult> readJournal(const std::filesystem::path& path, FileSystem& fs) {
    auto read = readWholeFile(fs, path);
    if (!read.isOk()) {
        return read.status();
    }
    const std::string& bytes = read.value();
    ReadResult r;
    r.fileBytes = bytes.size();
    if (bytes.size() < sizeof kJournalMagic) {
        r.tornTail = !bytes.empty(); // a crash while writing the magic: an empty journal
        return r;
    }
    if (bytes.compare(0, sizeof kJournalMagic, kJournalMagic, sizeof kJournalMagic) != 0) {
        return engine::Status::ioError(path.string() + " is not a Sluice journal");
    }
    std::size_t at = sizeof kJournalMagic;
    r.validBytes = at;
    while (at + 8 <= bytes.size()) {
        const std::uint32_t length = readLe32(bytes.data() + at);
        const std::uint32_t crc = readLe32(bytes.data() + at + 4);
        if (length > kMaxRecordBytes || at + 8 + length > bytes.size()) {
            break;
        }
        const std::string_view payload(bytes.data() + at + 8, length);
        if (checksum(payload) != crc) {
            break;
        }
        r.records.emplace_back(payload);
        at += 8 + length;
        r.validBytes = at;
    }
    r.tornTail = r.validBytes < bytes.size();
    return r;
}

engine::Result<JournalWriter> JournalWriter::open(const std::filesystem::path& path,
                                                  std::uint64_t validBytes, FileSystem& fs) {
    auto file = fs.openWritable(path, validBytes);
    if (!file.isOk()) {
        return file.status();
    }
    JournalWriter w(std::move(file).value(), validBytes);
    if (validBytes == 0) {
        w.m_buffer.assign(kJournalMagic, sizeof kJournalMagic);
        if (engine::Status s = w.sync(); !s.isOk()) {
            return s;
        }
    }
    return w;
}

void JournalWriter::append(std::string_view payload) {
    putLe32(m_buffer, static_cast<std::uint32_t>(payload.size()));
    putLe32(m_buffer, checksum(payload));
    m_buffer.append(payload);
}

engine::Status JournalWriter::sync() {
    if (!m_failure.isOk()) {
        return m_failure;
    }
    m_failure = m_file->append(m_buffer);
    if (m_failure.isOk()) {
        m_size += m_buffer.size();
        m_buffer.clear();
        m_failure = m_file->sync();
    }
    return m_failure;
}

} // namespace sluice::journal
