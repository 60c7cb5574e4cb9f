// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/event_config.h"
#include "engine/status.h"
#include "join_body.h"
#include "pow/difficulty_policy.h"
#include "pow/pow_challenges.h"
#include "pow/pow_controls.h"

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sluice::api {

// The mode and the operator's controls live in core (pow/pow_controls.h): a cluster's log
// replicates them.
using PowMode = pow::PowMode;
using PowControls = pow::PowControls;
using pow::nameOf;

// The join's proof of work as sluiced serves it: challenges handed out, solutions checked,
// the difficulty from the join rate the room sees (a minute's average of the engine's join
// count, so a cluster node sees every node's joins) and the operator's controls. Loop thread
// only. A change of the controls is kept here with an audit entry (GET /api/v1/admin/audit
// shows them with the engine's), and saved through the saver when one is set (standalone).
// A cluster node does not change them here: the change goes through the cluster's log and
// every node puts what the log applied in place (restore).
class JoinProof {
public:
    // Saves the controls a change is about to apply; an error refuses the change.
    using Saver = std::function<engine::Status(const PowControls&)>;

    JoinProof(pow::PowChallenges challenges, PowMode mode, pow::DifficultySettings settings)
        : m_challenges(std::move(challenges)), m_mode(mode), m_settings(std::move(settings)) {}

    bool enabled() const { return m_mode != PowMode::Off; }
    PowMode mode() const { return m_mode; }
    const pow::DifficultySettings& settings() const { return m_settings; }
    // The bits a challenge issued now asks for.
    int currentBits() const;
    // The smallest difficulty a solution may have been issued at: the floor (auto) or the
    // fixed bits, so hoarded easy challenges are worthless once the operator raises it.
    int minimumBits() const;
    // {"challenge":…, "difficulty":…, "expiresAt":…}: a fresh challenge (counted).
    std::string challengeJson(engine::TimeMs now);

    // Checks the join body's "pow" member (null when absent). With `spend` the challenge is
    // recorded as spent here (standalone); without, only checked, and its id returned for
    // the log to spend (a cluster). On refusal `why` says which check failed (counted).
    engine::Status check(engine::TimeMs now, const nlohmann::json* pow, bool spend,
                         pow::PowRefusal& why, std::optional<pow::PowChallenges::ChallengeId>& id);
    // The same for a solution already read from the body (readPlainJoinBody).
    engine::Status check(engine::TimeMs now, const PowAnswer& answer, bool spend,
                         pow::PowRefusal& why, std::optional<pow::PowChallenges::ChallengeId>& id);
    void countRefusal(pow::PowRefusal why) { ++m_refused[static_cast<std::size_t>(why)]; }

    // Once a second: the engine's join count so far.
    void noteJoins(engine::TimeMs now, std::uint64_t joinsTotal);
    double joinsPerMinute() const { return m_joinsPerMinute; }

    // GET /api/v1/admin/difficulty.
    std::string settingsJson() const;
    // POST /api/v1/admin/difficulty on a standalone server: `change` by `who`, validated
    // whole (pow::applyPowChange), saved first when a saver is set; one audit entry per field
    // that changed. Returns the entries made.
    engine::Result<std::vector<engine::AuditEntry>>
    change(engine::TimeMs now, const std::string& who, const pow::PowChange& asked);
    const std::vector<engine::AuditEntry>& audit() const { return m_audit; }

    // The controls now, and ones to put in force: those a previous process saved (they
    // replace the flags'), or those a cluster's log holds.
    PowControls controls() const { return {m_mode, m_settings, m_audit}; }
    void restore(PowControls controls);
    // From now on every change is saved first (durably) and applied only if that worked.
    void saveChangesWith(Saver saver) { m_save = std::move(saver); }

    // Prometheus lines (docs/metrics.md): difficulty, join rate, challenges, refusals.
    std::string prometheusLines() const;

private:
    pow::PowChallenges m_challenges;
    PowMode m_mode;
    pow::DifficultySettings m_settings;
    std::deque<std::pair<engine::TimeMs, std::uint64_t>> m_joinSamples; // the last minute
    double m_joinsPerMinute = 0;
    std::uint64_t m_issued = 0;
    std::uint64_t m_accepted = 0;
    std::array<std::uint64_t, pow::kPowRefusalCount> m_refused{};
    std::vector<engine::AuditEntry> m_audit;
    Saver m_save;
};

// The body of POST /api/v1/admin/difficulty, {"operator", "mode", "bits", "floor",
// "ceiling", "quietJoinsPerMinute"} (any of the last five): who asks, and the change as
// asked. InvalidArgument naming the field when a value has the wrong type or, for bits,
// lies outside 0..32; whether the change makes sense with the controls in force is
// pow::applyPowChange's to say.
struct AskedPowChange {
    std::string operatorName;
    pow::PowChange change;
};
engine::Result<AskedPowChange> readPowChange(const nlohmann::json& body);

// "off", "auto" or a number of bits 0..32 (--proof-of-work).
std::optional<std::pair<PowMode, int>> parsePowMode(std::string_view text);

} // namespace sluice::api
