// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/event_config.h"
#include "engine/status.h"

#include <string>
#include <string_view>
#include <vector>

namespace sluice::series {

// The audit log as JSON, [{"at", "operator", "field", "old", "new"}] (at in UTC, the rest
// strings): a run's audit.json, what sluiced's /api/v1/admin/audit answers and what the
// console exports — and back. The reader refuses anything but an array of such entries,
// naming the entry.
std::string auditJson(const std::vector<engine::AuditEntry>& audit);
engine::Result<std::vector<engine::AuditEntry>> readAuditJson(std::string_view text);

} // namespace sluice::series
