// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "byte_io.h"
#include "event_config.h"

namespace sluice::engine {

// Binary forms of an event's configuration (in snapshots) and of an operator's change (in
// the journal). Readers check what they read only for shape; the engine validates values.
void writeConfig(ByteWriter& out, const EventConfig& c);
EventConfig readConfig(ByteReader& in);
void writeChange(ByteWriter& out, const ConfigChange& c);
ConfigChange readChange(ByteReader& in);
void writeAudit(ByteWriter& out, const AuditEntry& e);
AuditEntry readAudit(ByteReader& in);

} // namespace sluice::engine
