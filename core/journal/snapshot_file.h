// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"
#include "file_system.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace sluice::journal {

// A snapshot file: "SLUICESN", u64 length, u32 CRC-32C of the body, the body (byte by byte
// in docs/formats.md). Written to a temporary name, synced, renamed into place and the
// directory synced, so a crash leaves either the old set of files or the new one, never half
// a snapshot under the real name.
engine::Status writeSnapshotFile(const std::filesystem::path& path, std::string_view body,
                                 FileSystem& fs = posixFileSystem());
// The body, or why the file cannot be trusted (unreadable, short, wrong checksum, not a
// snapshot), naming the file.
engine::Result<std::string> readSnapshotFile(const std::filesystem::path& path,
                                             FileSystem& fs = posixFileSystem());

} // namespace sluice::journal
