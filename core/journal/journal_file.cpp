// SPDX-License-Identifier: Apache-2.0
#include "journal_file.h"

#include "crc32c.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

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

engine::Status errnoStatus(const std::string& what) {
    return engine::Status::ioError(what + ": " + std::strerror(errno));
}

} // namespace

engine::Result<ReadResult> readJournal(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return engine::Status::ioError("cannot read the journal " + path.string());
    }
    std::ostringstream all;
    all << in.rdbuf();
    const std::string bytes = all.str();
    ReadResult r;
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
                                                  std::uint64_t validBytes) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        return errnoStatus("cannot open the journal " + path.string());
    }
    if (ftruncate(fd, static_cast<off_t>(validBytes)) != 0 ||
        lseek(fd, static_cast<off_t>(validBytes), SEEK_SET) < 0) {
        const engine::Status s = errnoStatus("cannot prepare the journal " + path.string());
        ::close(fd);
        return s;
    }
    JournalWriter w(fd, validBytes);
    if (validBytes == 0) {
        w.m_buffer.assign(kJournalMagic, sizeof kJournalMagic);
        if (engine::Status s = w.sync(); !s.isOk()) {
            return s;
        }
    }
    return w;
}

JournalWriter::JournalWriter(JournalWriter&& other) noexcept
    : m_fd(other.m_fd), m_size(other.m_size), m_buffer(std::move(other.m_buffer)) {
    other.m_fd = -1;
}

JournalWriter& JournalWriter::operator=(JournalWriter&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = other.m_fd;
        m_size = other.m_size;
        m_buffer = std::move(other.m_buffer);
        other.m_fd = -1;
    }
    return *this;
}

JournalWriter::~JournalWriter() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

void JournalWriter::append(std::string_view payload) {
    putLe32(m_buffer, static_cast<std::uint32_t>(payload.size()));
    putLe32(m_buffer, checksum(payload));
    m_buffer.append(payload);
}

engine::Status JournalWriter::sync() {
    std::size_t done = 0;
    while (done < m_buffer.size()) {
        const ssize_t n = ::write(m_fd, m_buffer.data() + done, m_buffer.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            m_buffer.erase(0, done);
            m_size += done;
            return errnoStatus("cannot write the journal");
        }
        done += static_cast<std::size_t>(n);
    }
    m_size += m_buffer.size();
    m_buffer.clear();
    if (fdatasync(m_fd) != 0) {
        return errnoStatus("cannot sync the journal");
    }
    return engine::Status::ok();
}

} // namespace sluice::journal
