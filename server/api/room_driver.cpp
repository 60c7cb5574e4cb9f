// SPDX-License-Identifier: Apache-2.0
#include "room_driver.h"

#include <algorithm>

namespace sluice::api {

engine::Result<cluster::LogEntry> changeOf(cluster::EntryKind kind, const Call& call) {
    cluster::LogEntry change;
    change.kind = kind;
    change.now = call.now;
    if (const auto key = call.request.header("idempotency-key")) {
        const bool visible =
            std::all_of(key->begin(), key->end(), [](char c) { return c > 0x20 && c < 0x7f; });
        if (key->empty() || key->size() > cluster::kMaxKeyBytes || !visible) {
            return engine::Status::invalidArgument(
                "Idempotency-Key: 1 to 128 visible ASCII characters");
        }
        change.idempotencyKey.assign(*key);
    }
    return change;
}

} // namespace sluice::api
