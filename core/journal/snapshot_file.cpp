// SPDX-License-Identifier: Apache-2.0
#include "snapshot_file.h"

#include "crc32c.h"
#include "engine/byte_io.h"

#include <cstring>
#include <span>

namespace sluice::journal {
namespace {

constexpr char kMagic[8] = {'S', 'L', 'U', 'I', 'C', 'E', 'S', 'N'};
constexpr std::size_t kHeadBytes = sizeof kMagic + 8 + 4;

std::uint32_t checksum(std::string_view body) {
    return crc32c(std::span(reinterpret_cast<const std::uint8_t*>(body.data()), body.size()));
}

} // namespace

engine::Status writeSnapshotFile(const std::filesystem::path& path, std::string_view body,
                                 FileSystem& fs) {
    engine::ByteWriter head;
    head.raw(kMagic, sizeof kMagic);
    head.u64(body.size());
    head.u32(checksum(body));
    std::filesystem::path temporary = path;
    temporary += ".tmp";
    engine::Status written;
    {
        auto file = fs.openWritable(temporary, 0);
        if (!file.isOk()) {
            return file.status();
        }
        written = file.value()->append(head.buffer());
        if (written.isOk()) {
            written = file.value()->append(body);
        }
        if (written.isOk()) {
            written = file.value()->sync();
        }
    } // closed before the rename
    if (!written.isOk()) {
        // Best effort: a leftover temporary is removed at the next start anyway.
        (void)fs.remove(temporary);
        return written;
    }
    if (engine::Status s = fs.rename(temporary, path); !s.isOk()) {
        return s;
    }
    return fs.syncDirectory(path.parent_path());
}

engine::Result<std::string> readSnapshotFile(const std::filesystem::path& path, FileSystem& fs) {
    auto read = readWholeFile(fs, path);
    if (!read.isOk()) {
        return read.status();
    }
    std::string& bytes = read.value();
    if (bytes.size() < kHeadBytes) {
        return engine::Status::ioError(path.string() + ": cut short");
    }
    engine::ByteReader head(std::string_view(bytes.data(), kHeadBytes));
    char magic[sizeof kMagic];
    head.raw(magic, sizeof magic);
    const std::uint64_t length = head.u64();
    const std::uint32_t crc = head.u32();
    if (std::memcmp(magic, kMagic, sizeof kMagic) != 0) {
        return engine::Status::ioError(path.string() + " is not a Sluice snapshot");
    }
    if (bytes.size() != kHeadBytes + length) {
        return engine::Status::ioError(path.string() + ": length does not match its header");
    }
    bytes.erase(0, kHeadBytes); // in place: a snapshot can be hundreds of MB
    if (checksum(bytes) != crc) {
        return engine::Status::ioError(path.string() + ": checksum does not match (damaged)");
    }
    return std::move(bytes);
}

} // namespace sluice::journal
