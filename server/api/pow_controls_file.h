// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"
#include "join_proof.h"
#include "journal/file_system.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::api {

// The operator's proof-of-work controls on disk, so that a standalone sluiced keeps a
// difficulty changed through the admin API (POST /api/v1/admin/difficulty) across a
// restart, SIGKILL included. One small JSON file (docs/formats.md), replaced whole and
// atomically at each change; a restart reads it back and it takes precedence over the
// --proof-of-work/--pow-* flags, which only give the settings of a room that has none saved.

// The file's name inside the event's state directory (DATA_DIR/state): it lives and goes
// with that event's state, under the same lock.
inline constexpr std::string_view kPowControlsFileName = "proof-of-work.json";

std::string powControlsJson(const PowControls& controls);
// InvalidArgument naming the first field that is missing or out of range.
engine::Result<PowControls> readPowControlsJson(std::string_view text);

// Durable once ok (journal::writeWholeFile).
engine::Status savePowControls(journal::FileSystem& fs, const std::filesystem::path& path,
                               const PowControls& controls);
// The saved controls, nullopt when `path` does not exist (nothing changed yet), an error
// naming the file when it cannot be read or is not a valid controls file.
engine::Result<std::optional<PowControls>> loadPowControls(journal::FileSystem& fs,
                                                           const std::filesystem::path& path);

} // namespace sluice::api
