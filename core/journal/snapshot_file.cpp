// SPDX-License-Identifier: Apache-2.0
#include "snapshot_file.h"

#include "crc32c.h"
#include "engine/byte_io.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <span>
#include <unistd.h>

namespace sluice::journal {
namespace {

constexpr char kMagic[8] = {'S', 'L', 'U', 'I', 'C', 'E', 'S', 'N'};
constexpr std::size_t kHeadBytes = sizeof kMagic + 8 + 4;

engine::Status errnoStatus(const std::string& what) {
    return engine::Status::ioError(what + ": " + std::strerror(errno));
}

std::uint32_t checksum(std::string_view body) {
    return crc32c(std::span(reinterpret_cast<const std::uint8_t*>(body.data()), body.size()));
}

bool writeAll(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

} // namespace

engine::Status syncDirectory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return errnoStatus("cannot open the directory " + dir.string());
    }
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok ? engine::Status::ok() : errnoStatus("cannot sync the directory " + dir.string());
}

engine::Status writeSnapshotFile(const std::filesystem::path& path, std::string_view body) {
    engine::ByteWriter head;
    head.raw(kMagic, sizeof kMagic);
    head.u64(body.size());
    head.u32(checksum(body));
    std::filesystem::path temporary = path;
    temporary += ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return errnoStatus("cannot create " + temporary.string());
    }
    const bool written = writeAll(fd, head.buffer()) && writeAll(fd, body) && ::fsync(fd) == 0;
    const engine::Status failure =
        written ? engine::Status::ok() : errnoStatus("cannot write " + temporary.string());
    ::close(fd);
    if (!written) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        return failure;
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        return engine::Status::ioError("cannot rename " + temporary.string() + ": " + ec.message());
    }
    return syncDirectory(path.parent_path());
}

engine::Result<std::string> readSnapshotFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return engine::Status::ioError("cannot read " + path.string());
    }
    char headBytes[kHeadBytes];
    if (!in.read(headBytes, kHeadBytes)) {
        return engine::Status::ioError(path.string() + ": cut short");
    }
    engine::ByteReader head(std::string_view(headBytes, kHeadBytes));
    char magic[sizeof kMagic];
    head.raw(magic, sizeof magic);
    const std::uint64_t length = head.u64();
    const std::uint32_t crc = head.u32();
    if (std::memcmp(magic, kMagic, sizeof kMagic) != 0) {
        return engine::Status::ioError(path.string() + " is not a Sluice snapshot");
    }
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size != kHeadBytes + length) {
        return engine::Status::ioError(path.string() + ": length does not match its header");
    }
    std::string body(length, '\0');
    if (!in.read(body.data(), static_cast<std::streamsize>(length))) {
        return engine::Status::ioError(path.string() + ": cut short");
    }
    if (checksum(body) != crc) {
        return engine::Status::ioError(path.string() + ": checksum does not match (damaged)");
    }
    return body;
}

} // namespace sluice::journal
