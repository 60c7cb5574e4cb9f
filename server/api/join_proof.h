// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/event_config.h"
#include "engine/status.h"
#include "pow/difficulty_policy.h"
#include "pow/pow_challenges.h"

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

// How sluiced asks for proof of work on join (--proof-of-work).
enum class PowMode : std::uint8_t {
    Off,   // no challenge: joins as before (GET /api/v1/join/challenge answers 204)
    Auto,  // the difficulty follows the room's join rate (pow::difficultyFor)
    Fixed, // always the operator's bits (the settings' override)
};

// The operator's proof-of-work controls and their audit entries: what a standalone sluiced
// saves in DATA_DIR/state/proof-of-work.json (pow_controls_file.h) so a restart keeps them.
struct PowControls {
    PowMode mode = PowMode::Off;
    pow::DifficultySettings settings;
    std::vector<engine::AuditEntry> audit;
};

// The join's proof of work as sluiced serves it: challenges handed out, solutions checked,
// the difficulty from the join rate the room sees (a minute's average of the engine's join
// count, so a cluster node sees every node's joins) and the operator's controls. Loop thread
// only. A change of the controls is kept here with an audit entry (GET /api/v1/admin/audit
// shows them with the engine's), and saved through the saver when one is set (standalone);
// a cluster node's are its own, not replicated.
class JoinProof {
public:
    // Saves the controls a change is about to apply; an error refuses the change.
    using Saver = std::function<engine::Status(const PowControls&)>;

    JoinProof(pow::PowChallenges challenges, PowMode mode, pow::DifficultySettings settings)
        : m_challenges(std::move(challenges)), m_mode(mode), m_settings(std::move(settings)) {}

    bool enabled() const { return m_mode != PowMode::Off; }
    PowMode mode() const { return m_mode; }
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
    void countRefusal(pow::PowRefusal why) { ++m_refused[static_cast<std::size_t>(why)]; }

    // Once a second: the engine's join count so far.
    void noteJoins(engine::TimeMs now, std::uint64_t joinsTotal);
    double joinsPerMinute() const { return m_joinsPerMinute; }

    // GET /api/v1/admin/difficulty.
    std::string settingsJson() const;
    // POST /api/v1/admin/difficulty: {"operator", "mode", "bits", "floor", "ceiling",
    // "quietJoinsPerMinute"} (any of the last five). Validated whole; one audit entry per
    // field that changed. Returns the entries made.
    engine::Result<std::vector<engine::AuditEntry>> change(engine::TimeMs now,
                                                           const nlohmann::json& body);
    const std::vector<engine::AuditEntry>& audit() const { return m_audit; }

    // The controls now, and the ones a previous process saved (they replace the flags').
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

const char* nameOf(PowMode mode);
// "off", "auto" or a number of bits 0..32 (--proof-of-work).
std::optional<std::pair<PowMode, int>> parsePowMode(std::string_view text);

} // namespace sluice::api
