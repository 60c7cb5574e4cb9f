// SPDX-License-Identifier: Apache-2.0
#include "quick_start.h"

#include "config/event_config_json.h"
#include "engine/utc_format.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

namespace sluice::app {
namespace {

using engine::Status;
using nlohmann::json;

bool wholeNumber(const std::string& text, long long& out) {
    char* end = nullptr;
    out = std::strtoll(text.c_str(), &end, 10);
    return !text.empty() && *end == '\0';
}

// The event the options describe: as the event file holds it, and as sluiced reads it.
struct DescribedEvent {
    json file;
    engine::EventConfig config;
};

engine::Result<DescribedEvent> describedEvent(const QuickStartOptions& o, engine::TimeMs now) {
    if (o.eventId.empty() || o.ratePerMinute.empty() || o.capacity.empty()) {
        return Status::invalidArgument("the quick start needs --event-id, --rate and --capacity "
                                       "together (--opens-at is optional; see --help)");
    }
    long long rate = 0, capacity = 0;
    if (!wholeNumber(o.ratePerMinute, rate)) {
        return Status::invalidArgument("--rate: admissions a minute, a whole number");
    }
    if (!wholeNumber(o.capacity, capacity)) {
        return Status::invalidArgument("--capacity: concurrent sessions, a whole number");
    }
    // Whole seconds: the file is for people to read and edit.
    const std::string opensAt = o.opensAt.empty() ? engine::formatUtc(now - now % 1000) : o.opensAt;
    json event = {{"eventId", o.eventId},
                  {"opensAt", opensAt},
                  {"admissionRatePerMinute", rate},
                  {"capacity", capacity}};
    auto parsed = config::parseEventConfig(event);
    if (!parsed.isOk()) {
        return Status::invalidArgument("the quick start's event (--event-id, --rate, --capacity, "
                                       "--opens-at):\n" +
                                       parsed.status().message());
    }
    return DescribedEvent{std::move(event), std::move(parsed).value()};
}

// Where the file already there and the quick start disagree, in words; empty if nowhere.
std::string differences(const engine::EventConfig& there, const engine::EventConfig& given,
                        bool openingGiven) {
    std::vector<std::string> found;
    const auto differ = [&found](const char* option, const std::string& a, const std::string& b) {
        if (a != b) {
            found.push_back(std::string(option) + " " + b + " (the file says " + a + ")");
        }
    };
    differ("--event-id", there.eventId, given.eventId);
    differ("--rate", std::to_string(there.admissionRatePerMinute),
           std::to_string(given.admissionRatePerMinute));
    differ("--capacity", std::to_string(there.capacity), std::to_string(given.capacity));
    if (openingGiven) {
        differ("--opens-at", engine::formatUtc(there.opensAt), engine::formatUtc(given.opensAt));
    }
    std::string text;
    for (const std::string& f : found) {
        text += (text.empty() ? "" : ", ") + f;
    }
    return text;
}

Status writeNew(const std::filesystem::path& path, const json& event) {
    // Written beside and renamed: a crash leaves the old state (no file), never half a file.
    const std::filesystem::path temporary = path.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << event.dump(2) << '\n';
        if (!out.flush()) {
            return Status::ioError("cannot write " + temporary.string());
        }
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        return Status::ioError("cannot write " + path.string() + ": " + ec.message());
    }
    return Status::ok();
}

} // namespace

Status ensureEventFile(const QuickStartOptions& options, const std::filesystem::path& eventFile,
                       engine::TimeMs now) {
    auto described = describedEvent(options, now);
    if (!described.isOk()) {
        return described.status();
    }
    std::error_code ec;
    if (!std::filesystem::exists(eventFile, ec)) {
        return writeNew(eventFile, described.value().file);
    }
    std::ifstream in(eventFile, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const json there = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    auto thereEvent =
        there.is_discarded()
            ? engine::Result<engine::EventConfig>(Status::invalidArgument("not valid JSON"))
            : config::parseEventConfig(there);
    if (!thereEvent.isOk()) {
        return Status::invalidArgument(
            eventFile.string() + " is there already but is not an event file (" +
            thereEvent.status().message() + "): mend or remove it, or leave out the quick start");
    }
    const std::string differ =
        differences(thereEvent.value(), described.value().config, !options.opensAt.empty());
    if (!differ.empty()) {
        return Status::invalidArgument(
            eventFile.string() + " is there already and differs from the quick start: " + differ +
            ". Start without the quick-start options to use the file as it is, edit it, or use "
            "another --data-dir for another event");
    }
    return Status::ok();
}

std::string missingEventFileHelp(const std::string& eventFile, const std::string& dataDir) {
    return "cannot read the event file " + eventFile +
           " (--event). Put the event there, for example:\n"
           "  {\"eventId\": \"demo\", \"opensAt\": \"2026-07-19T20:00:00+09:00\",\n"
           "   \"admissionRatePerMinute\": 600, \"capacity\": 100}\n"
           "(every field: docs/scenario-format.md, the \"event\" object), or have sluiced write "
           "it:\n"
           "  sluiced --data-dir " +
           dataDir + " --event-id demo --rate 600 --capacity 100 [--opens-at TIME]";
}

} // namespace sluice::app
