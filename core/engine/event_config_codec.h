// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "byte_io.h"
#include "event_config.h"

namespace sluice::engine {

// Binary forms of an event's configuration (in snapshots) and of an operator's change (in
// the journal). Readers check what they read only for shape; the engine validates values.
// Configurations written before the time zone (snapshot versions 1 to 3) are read with
// `withTimeZone` false and get "UTC".
void writeConfig(ByteWriter& out, const EventConfig& c);
EventConfig readConfig(ByteReader& in, bool withTimeZone = true);
void writeChange(ByteWriter& out, const ConfigChange& c);
ConfigChange readChange(ByteReader& in);
void writeAudit(ByteWriter& out, const AuditEntry& e);
AuditEntry readAudit(ByteReader& in);

} // namespace sluice::engine
