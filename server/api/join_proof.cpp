// SPDX-License-Identifier: Apache-2.0
#include "join_proof.h"

#include "engine/utc_format.h"
#include "prometheus_metrics.h"

#include <algorithm>
#include <charconv>

namespace sluice::api {

using engine::Status;
using json = nlohmann::json;

std::optional<std::pair<PowMode, int>> parsePowMode(std::string_view text) {
    if (text == "off") {
        return std::pair{PowMode::Off, 0};
    }
    if (text == "auto") {
        return std::pair{PowMode::Auto, 0};
    }
    int bits = -1;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), bits);
    if (ec != std::errc{} || end != text.data() + text.size() || bits < 0 ||
        bits > pow::PowChallenges::kMaxDifficultyBits) {
        return std::nullopt;
    }
    return std::pair{PowMode::Fixed, bits};
}

int JoinProof::currentBits() const {
    if (m_mode == PowMode::Fixed && m_settings.overrideBits) {
        return *m_settings.overrideBits;
    }
    return pow::difficultyFor(m_joinsPerMinute, m_settings);
}

int JoinProof::minimumBits() const {
    return m_mode == PowMode::Fixed && m_settings.overrideBits ? *m_settings.overrideBits
                                                               : m_settings.floorBits;
}

std::string JoinProof::challengeJson(engine::TimeMs now) {
    ++m_issued;
    const int bits = currentBits();
    const std::string challenge = m_challenges.issue(now, bits);
    return json{{"challenge", challenge},
                {"difficulty", bits},
                {"expiresAt", engine::formatUtc(now + m_challenges.settings().lifetimeMs)}}
        .dump();
}

Status JoinProof::check(engine::TimeMs now, const json* powField, bool spend, pow::PowRefusal& why,
                        std::optional<pow::PowChallenges::ChallengeId>& id) {
    const auto refuse = [this, &why](pow::PowRefusal reason, Status s) {
        why = reason;
        countRefusal(reason);
        return s;
    };
    if (powField == nullptr || powField->is_null()) {
        return refuse(pow::PowRefusal::NoSolution,
                      Status::invalidArgument("proof of work: a solved challenge is required "
                                              "(GET /api/v1/join/challenge)"));
    }
    const auto challenge = powField->is_object() ? powField->find("challenge") : powField->end();
    const auto counter = powField->is_object() ? powField->find("counter") : powField->end();
    if (!powField->is_object() || powField->size() != 2 || challenge == powField->end() ||
        !challenge->is_string() || counter == powField->end() || !counter->is_number_unsigned()) {
        return refuse(pow::PowRefusal::Malformed,
                      Status::invalidArgument("body.pow: expected {\"challenge\": \"…\", "
                                              "\"counter\": a whole number below 2^53}"));
    }
    return check(now,
                 PowAnswer{challenge->get_ref<const std::string&>(), counter->get<std::uint64_t>()},
                 spend, why, id);
}

Status JoinProof::check(engine::TimeMs now, const PowAnswer& answer, bool spend,
                        pow::PowRefusal& why, std::optional<pow::PowChallenges::ChallengeId>& id) {
    pow::PowChallenges::ChallengeId checked;
    Status s = spend
                   ? m_challenges.verify(now, answer.challenge, answer.counter, minimumBits(), why)
                   : m_challenges.check(now, answer.challenge, answer.counter, minimumBits(), why,
                                        checked);
    if (!s.isOk()) {
        countRefusal(why);
        return s;
    }
    ++m_accepted;
    if (!spend) {
        id = checked;
    }
    return Status::ok();
}

void JoinProof::noteJoins(engine::TimeMs now, std::uint64_t joinsTotal) {
    m_joinSamples.emplace_back(now, joinsTotal);
    while (m_joinSamples.size() > 2 && m_joinSamples.front().first < now - 60'000) {
        m_joinSamples.pop_front();
    }
    const auto& [then, before] = m_joinSamples.front();
    const double minutes = static_cast<double>(now - then) / 60'000.0;
    m_joinsPerMinute = minutes > 0 && joinsTotal >= before
                           ? static_cast<double>(joinsTotal - before) / minutes
                           : 0;
}

std::string JoinProof::settingsJson() const {
    json j{{"mode", nameOf(m_mode)},
           {"bits", m_mode == PowMode::Off ? 0 : currentBits()},
           {"floor", m_settings.floorBits},
           {"ceiling", m_settings.ceilingBits},
           {"quietJoinsPerMinute", m_settings.quietJoinsPerMinute},
           {"joinsPerMinute", m_joinsPerMinute},
           {"minimumAccepted", minimumBits()},
           {"lifetimeSeconds", m_challenges.settings().lifetimeMs / 1000}};
    if (m_mode == PowMode::Fixed && m_settings.overrideBits) {
        j["fixedBits"] = *m_settings.overrideBits;
    }
    return j.dump();
}

engine::Result<AskedPowChange> readPowChange(const json& body) {
    const auto op = body.find("operator");
    if (op == body.end() || !op->is_string() || op->get_ref<const std::string&>().empty() ||
        op->get_ref<const std::string&>().size() > engine::kMaxOperatorNameBytes) {
        return Status::invalidArgument("body.operator: who makes the change (1 to 100 bytes)");
    }
    AskedPowChange asked;
    asked.operatorName = op->get<std::string>();
    pow::PowChange& c = asked.change;
    const auto bitsOf = [&body](const char* name, std::optional<int>& out) {
        const auto it = body.find(name);
        if (it == body.end()) {
            return true;
        }
        if (!it->is_number_integer() || it->get<std::int64_t>() < 0 ||
            it->get<std::int64_t>() > pow::PowChallenges::kMaxDifficultyBits) {
            return false;
        }
        out = it->get<int>();
        return true;
    };
    if (!bitsOf("floor", c.floorBits) || !bitsOf("ceiling", c.ceilingBits) ||
        !bitsOf("bits", c.bits)) {
        return Status::invalidArgument("body: floor, ceiling and bits are whole numbers 0..32");
    }
    if (const auto it = body.find("mode"); it != body.end()) {
        const std::string m = it->is_string() ? it->get<std::string>() : std::string();
        if (m != "off" && m != "auto" && m != "fixed") {
            return Status::invalidArgument("body.mode: \"off\", \"auto\" or \"fixed\"");
        }
        c.mode = m == "off" ? PowMode::Off : m == "auto" ? PowMode::Auto : PowMode::Fixed;
    }
    if (const auto it = body.find("quietJoinsPerMinute"); it != body.end()) {
        if (!it->is_number()) {
            return Status::invalidArgument("body.quietJoinsPerMinute: a positive number");
        }
        c.quietJoinsPerMinute = it->get<double>();
    }
    return asked;
}

engine::Result<std::vector<engine::AuditEntry>>
JoinProof::change(engine::TimeMs now, const std::string& who, const pow::PowChange& asked) {
    PowControls next = controls();
    auto made = pow::applyPowChange(next, now, who, asked);
    if (!made.isOk()) {
        return made.status();
    }
    if (m_save) {
        // Durable before it is answered: an operator who raised the difficulty against a bot
        // farm must not find it back at the flags' value after a crash and restart.
        if (Status s = m_save(next); !s.isOk()) {
            return Status::ioError("the difficulty change could not be saved, so it was not "
                                   "made: " +
                                   s.message());
        }
    }
    restore(std::move(next));
    return made;
}

void JoinProof::restore(PowControls controls) {
    m_mode = controls.mode;
    m_settings = std::move(controls.settings);
    m_audit = std::move(controls.audit);
}

std::string JoinProof::prometheusLines() const {
    std::string out = prometheusMetric(
        "sluice_pow_difficulty", "gauge",
        "Leading zero bits a join's proof of work asks for now (0 when switched off).",
        m_mode == PowMode::Off ? 0 : currentBits());
    out += prometheusMetric("sluice_pow_join_rate_per_minute", "gauge",
                            "The join rate the difficulty follows (a minute's average).",
                            m_joinsPerMinute);
    out += prometheusMetric("sluice_pow_challenges_issued_total", "counter",
                            "Proof-of-work challenges handed out.", static_cast<double>(m_issued));
    out += prometheusMetric("sluice_pow_solutions_accepted_total", "counter",
                            "Joins whose proof of work passed the checks.",
                            static_cast<double>(m_accepted));
    out += "# HELP sluice_pow_refusals_total Joins refused for their proof of work, by the "
           "check that failed.\n# TYPE sluice_pow_refusals_total counter\n";
    for (std::size_t i = 0; i < m_refused.size(); ++i) {
        out += "sluice_pow_refusals_total{reason=\"" +
               std::string(pow::nameOf(static_cast<pow::PowRefusal>(i))) + "\"} " +
               std::to_string(m_refused[i]) + "\n";
    }
    return out;
}

} // namespace sluice::api
