// SPDX-License-Identifier: Apache-2.0
#include "scenario.h"

#include "config/event_config_json.h"
#include "config/json_fields.h"
#include "series/operator_change_json.h"

#include <fstream>
#include <limits>
#include <sstream>

namespace sluice::sim {
namespace {

using json = nlohmann::json;
using config::JsonFields;
using config::readEvent;
using engine::Status;
constexpr long long kWeek = engine::kMaxDurationSeconds;
constexpr double kMaxSeconds = 30.0 * 24 * 3600;

// "a.b[2].c" -> "/a/b/2/c"
std::string toPointer(const std::string& path) {
    std::string out = "/";
    for (char c : path) {
        if (c == '.' || c == '[') {
            out += '/';
        } else if (c != ']') {
            out += c == '/' ? std::string("~1") : c == '~' ? std::string("~0") : std::string(1, c);
        }
    }
    return out;
}

Status applyOverrides(json& doc, const std::vector<std::string>& overrides) {
    for (const std::string& o : overrides) {
        const std::size_t eq = o.find('=');
        if (eq == std::string::npos || eq == 0) {
            return Status::invalidArgument("--set " + o +
                                           ": expected path=value, e.g. event.capacity=8000");
        }
        const std::string path = o.substr(0, eq);
        json value = json::parse(o.substr(eq + 1), nullptr, false);
        if (value.is_discarded()) {
            value = o.substr(eq + 1); // not JSON: a plain string
        }
        try {
            doc[json::json_pointer(toPointer(path))] = value;
        } catch (const json::exception&) {
            return Status::invalidArgument("--set " + path + ": no such place in the scenario");
        }
    }
    return Status::ok();
}

void readWaves(JsonFields& f, const json& j, Population& pop) {
    auto waves = j.find("waves");
    if (waves == j.end()) {
        return;
    }
    if (!waves->is_array()) {
        f.fail("population.waves", "expected an array of {at, share, spikeSeconds}");
        return;
    }
    double total = pop.preQueueShare;
    const auto& values = waves->get_ref<const json::array_t&>();
    for (std::size_t i = 0; i < values.size(); ++i) {
        const std::string p = "population.waves[" + std::to_string(i) + "]";
        ArrivalWave w;
        if (!f.object(values[i], p, {"at", "share", "spikeSeconds"})) {
            continue;
        }
        f.instant(values[i], p, "at", w.at, true);
        f.number(values[i], p, "share", w.share, 0, 1, true);
        f.integer(values[i], p, "spikeSeconds", w.spikeSeconds, 1, kWeek);
        total += w.share;
        pop.waves.push_back(w);
    }
    if (total > 1.0 + 1e-9) {
        f.fail("population.waves", "the waves' shares and preQueueShare add up to more than 1");
    }
}

void readPopulation(JsonFields& f, const json& j, Population& pop) {
    const std::string p = "population";
    if (!f.object(j, p,
                  {"arrivals", "ratePerSecond", "people", "preQueueShare", "preQueueSeconds",
                   "spikeSeconds", "tailSeconds", "cohortShares", "initialWaiting", "waves"})) {
        return;
    }
    const int shape = f.choice(j, p, "arrivals", {"launch", "poisson"});
    if (shape >= 0) {
        pop.arrivals = shape == 0 ? ArrivalShape::Launch : ArrivalShape::Poisson;
    }
    f.number(j, p, "ratePerSecond", pop.ratePerSecond, 1e-6, 1e6);
    int people = static_cast<int>(pop.people);
    f.integer(j, p, "people", people, 1, 50'000'000, true);
    pop.people = static_cast<std::uint32_t>(people);
    f.number(j, p, "preQueueShare", pop.preQueueShare, 0, 1);
    f.integer(j, p, "preQueueSeconds", pop.preQueueSeconds, 1, kWeek);
    f.integer(j, p, "spikeSeconds", pop.spikeSeconds, 1, kWeek);
    f.integer(j, p, "tailSeconds", pop.tailSeconds, 1, kWeek);
    int initial = static_cast<int>(pop.initialWaiting);
    f.integer(j, p, "initialWaiting", initial, 0, 50'000'000);
    pop.initialWaiting = static_cast<std::uint32_t>(initial);
    if (pop.initialWaiting > pop.people) {
        f.fail(p + ".initialWaiting", "at most population.people");
    }
    readWaves(f, j, pop);
    auto shares = j.find("cohortShares");
    if (shares != j.end()) {
        if (!shares->is_array()) {
            f.fail(p + ".cohortShares", "expected an array of numbers from 0 to 1");
            return;
        }
        // An array's own vector: nlohmann's size() on a json value makes GCC 12 see a null
        // dereference that cannot happen (-Wnull-dereference) once this is inlined.
        const auto& values = shares->get_ref<const json::array_t&>();
        for (std::size_t i = 0; i < values.size(); ++i) {
            const json& s = values[i];
            if (!s.is_number() || s.get<double>() < 0 || s.get<double>() > 1) {
                f.fail(p + ".cohortShares[" + std::to_string(i) + "]",
                       "expected a number from 0 to 1");
            } else {
                pop.cohortShares.push_back(s.get<double>());
            }
        }
    }
}

void readClients(JsonFields& f, const json& j, Clients& c) {
    const std::string p = "clients";
    if (!f.object(j, p,
                  {"pollPolicy", "fixedPollSeconds", "patienceMedianSeconds", "patienceSpread",
                   "hugeEstimateSeconds", "refreshShareOnHugeEstimate", "backoff", "retrySeconds",
                   "cheaterShare", "cheats", "notifyOnAdmission", "failOpenAfterErrors",
                   "pageLoadSeconds", "comeBackShare"})) {
        return;
    }
    const int policy = f.choice(j, p, "pollPolicy", {"advice", "fixed"});
    if (policy >= 0) {
        c.pollPolicy = policy == 0 ? PollPolicy::Advice : PollPolicy::Fixed;
    }
    f.integer(j, p, "fixedPollSeconds", c.fixedPollSeconds, 1, 3600);
    f.number(j, p, "patienceMedianSeconds", c.patienceMedianSeconds, 0, kMaxSeconds);
    f.boolean(j, p, "notifyOnAdmission", c.notifyOnAdmission);
    f.integer(j, p, "failOpenAfterErrors", c.failOpenAfterErrors, 0, 100);
    f.number(j, p, "pageLoadSeconds", c.pageLoadSeconds, 0, 60);
    f.number(j, p, "patienceSpread", c.patienceSpread, 0, 5);
    f.number(j, p, "hugeEstimateSeconds", c.hugeEstimateSeconds, 1, kMaxSeconds * 100);
    f.number(j, p, "refreshShareOnHugeEstimate", c.refreshShareOnHugeEstimate, 0, 1);
    f.boolean(j, p, "backoff", c.backoff);
    f.number(j, p, "retrySeconds", c.retrySeconds, 0.1, 3600);
    f.number(j, p, "cheaterShare", c.cheaterShare, 0, 1);
    f.number(j, p, "comeBackShare", c.comeBackShare, 0, 1);
    auto cheats = j.find("cheats");
    if (cheats != j.end() &&
        f.object(*cheats, p + ".cheats",
                 {"airplaneMode", "devConsole", "directLink", "forgedToken", "sharedToken"})) {
        const std::string cp = p + ".cheats";
        f.number(*cheats, cp, "airplaneMode", c.cheats.airplaneMode, 0, 1e6);
        f.number(*cheats, cp, "devConsole", c.cheats.devConsole, 0, 1e6);
        f.number(*cheats, cp, "directLink", c.cheats.directLink, 0, 1e6);
        f.number(*cheats, cp, "forgedToken", c.cheats.forgedToken, 0, 1e6);
        f.number(*cheats, cp, "sharedToken", c.cheats.sharedToken, 0, 1e6);
    }
}

void readPlan(JsonFields& f, const json& j, std::vector<PlanStep>& plan) {
    if (!j.is_array()) {
        f.fail("operatorPlan", "expected an array of timed steps");
        return;
    }
    for (std::size_t i = 0; i < j.size(); ++i) {
        const std::string p = "operatorPlan[" + std::to_string(i) + "]";
        const json& s = j[i];
        PlanStep step;
        if (!f.object(s, p,
                      {"at", "operator", "admissionRatePerMinute", "capacity", "paused", "opensAt",
                       "message", "cohort", "scaleOutToNodes", "provisioningSeconds", "backendCapacity"})) {
            continue;
        }
        f.instant(s, p, "at", step.at, true);
        series::OperatorChange change{step.operatorName, {}}; // "plan" unless it names one
        series::readOperatorChange(f, s, p, change, series::OperatorName::Optional);
        step.operatorName = std::move(change.operatorName);
        step.change = std::move(change.change);
        int v = 0;
        if (s.contains("scaleOutToNodes")) {
            f.integer(s, p, "scaleOutToNodes", v, 1, 1000);
            step.scaleOutToNodes = v;
        }
        f.integer(s, p, "provisioningSeconds", step.provisioningSeconds, 0, kWeek);
        if (s.contains("backendCapacity")) {
            f.integer(s, p, "backendCapacity", v, 0, engine::kMaxCapacity);
            step.backendCapacity = v;
        }
        if (step.change.empty() && !step.scaleOutToNodes && !step.backendCapacity) {
            f.fail(p, "a step must change a control, scale out or change backendCapacity");
        }
        plan.push_back(step);
    }
}

void readUnsigned32(JsonFields& f, const json& j, const std::string& p, const char* key,
                    std::uint32_t& out, long long min, long long max) {
    int v = static_cast<int>(out);
    f.integer(j, p, key, v, min, max);
    out = static_cast<std::uint32_t>(v);
}

void readBotFarm(JsonFields& f, const json& j, BotFarm& farm) {
    const std::string p = "fairJoins.botFarm";
    if (!f.object(
            j, p,
            {"bots", "addresses", "attemptsPerSecondPerAddress", "startAt", "durationSeconds"})) {
        return;
    }
    readUnsigned32(f, j, p, "bots", farm.bots, 0, 10'000'000);
    readUnsigned32(f, j, p, "addresses", farm.addresses, 1, 10'000'000);
    f.number(j, p, "attemptsPerSecondPerAddress", farm.attemptsPerSecondPerAddress, 1e-6, 1000);
    if (j.contains("startAt")) {
        engine::TimeMs at = 0;
        const std::size_t before = f.errors().size();
        f.instant(j, p, "startAt", at);
        if (f.errors().size() == before) {
            farm.startAt = at;
        }
    }
    f.integer(j, p, "durationSeconds", farm.durationSeconds, 1, kWeek);
    if (farm.bots > 0 && !farm.startAt) {
        f.fail(p + ".startAt", "required when bots > 0 (when the farm starts joining)");
    }
}

// "off" or {perMinute, burst}.
void readJoinLimit(JsonFields& f, const json& j, FairJoins& fj) {
    const std::string p = "fairJoins.joinLimit";
    if (j.is_string() && j.get<std::string>() == "off") {
        fj.joinLimitPerMinute = 0;
        return;
    }
    if (!j.is_object()) {
        f.fail(p, "expected \"off\" or {\"perMinute\": N, \"burst\": N}");
        return;
    }
    if (!f.object(j, p, {"perMinute", "burst"})) {
        return;
    }
    f.integer(j, p, "perMinute", fj.joinLimitPerMinute, 1, 1'000'000, true);
    f.integer(j, p, "burst", fj.joinLimitBurst, 1, 1'000'000);
}

// "off", "auto" or a whole number of bits (fixed).
void readProofOfWork(JsonFields& f, const json& j, FairJoins& fj) {
    const std::string p = "fairJoins.proofOfWork";
    if (j.is_string() && (j.get<std::string>() == "off" || j.get<std::string>() == "auto")) {
        fj.proofOfWork = j.get<std::string>() == "off" ? PowMode::Off : PowMode::Auto;
        return;
    }
    if (j.is_number_integer() && j.get<long long>() >= 0 && j.get<long long>() <= 32) {
        fj.proofOfWork = PowMode::Fixed;
        fj.proofOfWorkBits = static_cast<int>(j.get<long long>());
        return;
    }
    f.fail(p,
           "expected \"off\", \"auto\" or a whole number of bits from 0 to 32, found " + j.dump());
}

void readFairJoins(JsonFields& f, const json& j, FairJoins& fj) {
    const std::string p = "fairJoins";
    if (!f.object(j, p,
                  {"sharedAddressShare", "peoplePerSharedAddress", "botFarm", "joinLimit",
                   "proofOfWork", "proofOfWorkAuto", "phoneHashesPerSecond",
                   "botHashesPerSecond"})) {
        return;
    }
    f.number(j, p, "sharedAddressShare", fj.sharedAddressShare, 0, 1);
    readUnsigned32(f, j, p, "peoplePerSharedAddress", fj.peoplePerSharedAddress, 1, 50'000'000);
    if (auto it = j.find("botFarm"); it != j.end()) {
        readBotFarm(f, *it, fj.botFarm);
    }
    if (auto it = j.find("joinLimit"); it != j.end()) {
        readJoinLimit(f, *it, fj);
    }
    if (auto it = j.find("proofOfWork"); it != j.end()) {
        readProofOfWork(f, *it, fj);
    }
    if (auto it = j.find("proofOfWorkAuto"); it != j.end()) {
        const std::string ap = p + ".proofOfWorkAuto";
        if (f.object(*it, ap, {"floorBits", "ceilingBits", "quietJoinsPerMinute"})) {
            f.integer(*it, ap, "floorBits", fj.powFloorBits, 0, 32);
            f.integer(*it, ap, "ceilingBits", fj.powCeilingBits, 0, 32);
            f.number(*it, ap, "quietJoinsPerMinute", fj.powQuietJoinsPerMinute, 1e-3, 1e9);
            if (fj.powFloorBits > fj.powCeilingBits) {
                f.fail(ap, "floorBits must not be above ceilingBits");
            }
        }
    }
    f.number(j, p, "phoneHashesPerSecond", fj.phoneHashesPerSecond, 1, 1e15);
    f.number(j, p, "botHashesPerSecond", fj.botHashesPerSecond, 1, 1e15);
}

} // namespace

engine::Result<Scenario> parseScenario(std::string_view text,
                                       const std::vector<std::string>& overrides) {
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) { // caught here: core never throws across layers
        return Status::invalidArgument(std::string("not valid JSON: ") + e.what());
    }
    if (Status s = applyOverrides(doc, overrides); !s.isOk()) {
        return s;
    }
    JsonFields f;
    Scenario sc;
    if (!f.object(doc, "",
                  {"format", "name", "description", "seed", "start", "durationSeconds",
                   "clientSideEnforcement", "event", "population", "clients", "queueServers",
                   "backend", "operatorPlan", "fairJoins"})) {
        return Status::invalidArgument(f.errors().front());
    }
    std::string format;
    f.text(doc, "", "format", format, 64, true);
    if (!format.empty() && format != "sluice-scenario/1") {
        f.fail("format", "expected \"sluice-scenario/1\" (this build reads version " +
                             std::to_string(kScenarioFormatVersion) + "), found \"" + format +
                             "\"");
    }
    f.text(doc, "", "name", sc.name, 200, true);
    f.text(doc, "", "description", sc.description, 4000);
    f.unsignedInt(doc, "", "seed", sc.seed, std::numeric_limits<std::uint64_t>::max());
    f.instant(doc, "", "start", sc.start, true);
    f.integer(doc, "", "durationSeconds", sc.durationSeconds, 1, kWeek, true);
    f.boolean(doc, "", "clientSideEnforcement", sc.clientSideEnforcement);
    if (auto it = doc.find("event"); it != doc.end()) {
        readEvent(f, *it, sc.event);
    } else {
        f.fail("event", "required");
    }
    if (auto it = doc.find("population"); it != doc.end()) {
        readPopulation(f, *it, sc.population);
    } else {
        f.fail("population", "required");
    }
    if (auto it = doc.find("clients"); it != doc.end()) {
        readClients(f, *it, sc.clients);
    }
    if (auto it = doc.find("queueServers");
        it != doc.end() && f.object(*it, "queueServers", {"nodes", "requestsPerSecondPerNode"})) {
        f.integer(*it, "queueServers", "nodes", sc.queueServers.nodes, 1, 1000);
        f.integer(*it, "queueServers", "requestsPerSecondPerNode",
                  sc.queueServers.requestsPerSecondPerNode, 0, 100'000'000);
    }
    if (auto it = doc.find("backend");
        it != doc.end() && f.object(*it, "backend",
                                    {"capacity", "serviceDistribution", "serviceSecondsMean",
                                     "serviceSecondsSigma"})) {
        const int dist =
            f.choice(*it, "backend", "serviceDistribution", {"lognormal", "exponential"});
        if (dist >= 0) {
            sc.backend.distribution =
                dist == 0 ? ServiceDistribution::LogNormal : ServiceDistribution::Exponential;
        }
        f.integer(*it, "backend", "capacity", sc.backend.capacity, 1, engine::kMaxCapacity);
        f.number(*it, "backend", "serviceSecondsMean", sc.backend.serviceSecondsMean, 0.1,
                 kMaxSeconds);
        f.number(*it, "backend", "serviceSecondsSigma", sc.backend.serviceSecondsSigma, 0, 5);
    }
    if (auto it = doc.find("operatorPlan"); it != doc.end()) {
        readPlan(f, *it, sc.plan);
    }
    if (auto it = doc.find("fairJoins"); it != doc.end()) {
        readFairJoins(f, *it, sc.fairJoins.emplace());
    }
    // Cross-field checks once every field read cleanly.
    if (f.errors().empty()) {
        if (Status s = sc.event.validate(); !s.isOk()) {
            f.fail("event", s.message());
        }
        if (!sc.population.cohortShares.empty() &&
            sc.population.cohortShares.size() != sc.event.cohorts.size()) {
            f.fail("population.cohortShares", "expected one share per event.cohorts window (" +
                                                  std::to_string(sc.event.cohorts.size()) + ")");
        }
        const engine::TimeMs end = sc.start + sc.durationSeconds * engine::kMsPerSecond;
        if (sc.fairJoins && sc.fairJoins->botFarm.startAt &&
            (*sc.fairJoins->botFarm.startAt < sc.start || *sc.fairJoins->botFarm.startAt >= end)) {
            f.fail("fairJoins.botFarm.startAt",
                   "must fall within start .. start + durationSeconds");
        }
        for (std::size_t i = 0; i < sc.plan.size(); ++i) {
            if (sc.plan[i].at < sc.start || sc.plan[i].at > end) {
                f.fail("operatorPlan[" + std::to_string(i) + "].at",
                       "must fall within start .. start + durationSeconds");
            }
            if (i > 0 && sc.plan[i].at < sc.plan[i - 1].at) {
                f.fail("operatorPlan[" + std::to_string(i) + "].at", "steps must be in time order");
            }
        }
    }
    if (Status s = f.status(); !s.isOk()) {
        return s;
    }
    return sc;
}

engine::Result<Scenario> loadScenario(const std::string& path,
                                      const std::vector<std::string>& overrides) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Status::ioError(path + ": cannot open");
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto sc = parseScenario(text.str(), overrides);
    if (!sc.isOk()) {
        return Status::invalidArgument(path + ":\n" + sc.status().message());
    }
    return sc;
}

} // namespace sluice::sim
