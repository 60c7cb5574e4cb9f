// SPDX-License-Identifier: Apache-2.0
#include "chart_definitions.h"

#include "series/sample.h"

#include <QLocale>

namespace sluice::ui {
namespace {

using S = const series::Sample&;

// Titles and names are English here (the report prints them); the console shows them
// translated, in the context "sluice::ui::ChartDefinitions".

// The first colours of Qt Charts' light theme, in the order the console has always shown
// them (a line's what-if takes no colour of its own: it is dashed in the line's).
constexpr std::uint32_t kBlue = 0x209fdf;
constexpr std::uint32_t kGreen = 0x99ca53;
constexpr std::uint32_t kOrange = 0xf6a625;
constexpr std::uint32_t kPurple = 0x6d5fd5;

// A running total's increase since the previous sample (0 when it went back: a restarted
// node starts its totals again).
double perSecond(std::uint64_t now, std::uint64_t before) {
    return now >= before ? static_cast<double>(now - before) : 0.0;
}

ChartLine line(const char* name, Column quantity, std::uint32_t rgb, bool projected = false,
               double scale = 1) {
    Column column = quantity;
    if (scale != 1) {
        column = [quantity, scale](S s, S p) { return quantity(s, p) * scale; };
    }
    return ChartLine{name, scale, std::move(column), rgb, projected};
}

std::vector<ChartDefinition> define() {
    return {
        {QT_TRANSLATE_NOOP("sluice::ui::ChartDefinitions", "Waiting and joins"),
         {line(
              QT_TRANSLATE_NOOP("sluice::ui::ChartDefinitions", "waiting"),
              [](S s, S) { return double(s.waiting + s.preQueued); }, kBlue, true),
          line(
              QT_TRANSLATE_NOOP("sluice::ui::ChartDefinitions", "joins/s"),
              [](S s, S) { return s.joinsPerSecond; }, kOrange, false, 10)}},
        {QT_TRANSLATE_NOOP("sluice::ui::ChartDefinitions", "Wait (min): estimated and realised"),
         {line(
              QT_TRANSLATE_NOOP("sluice::ui::ChartDefinitions", "estimate"),
              [](S s, S) { return s.shownEstimateSeconds / 60; }, kBlue, true),
          line(
              QT_TRANSLATE_NOOP("sluice::ui::ChartDefinitions", "realised"),
              [](S s, S) { return s.realisedWaitSeconds / 60; }, kOrange)}},
        {QT_TRANSLATE_NOOP("sluice::ui::ChartDefinitions", "Admission rate (per min)"),
         {line(
              QT_TRANSLATE_NOOP("sluice::ui::ChartDefinitions", "target"),
              [](S s, S) { return s.paused ? 0.0 : double(s.admissionRatePerMinute); }, kBlue),
          line(
              QT_TRANSLATE_NOOP("sluice::ui::ChartDefinitions", "actual"),
              [](S s, S) { return s.admitsPerSecond * 60; }, kGreen, true),
          line(
              QT_TRANSLATE_NOOP("sluice::ui::ChartDefinitions", "capacity"),
              [](S s, S) { return double(s.capacity); }, kPurple)}},
        {QT_TRANSLATE_NOOP("sluice::ui::ChartDefinitions", "Errors and bypass attempts (per s)"),
         {line(
              QT_TRANSLATE_NOOP("sluice::ui::ChartDefinitions", "queue"),
              [](S s, S) { return double(s.queueErrors); }, kBlue),
          line(
              QT_TRANSLATE_NOOP("sluice::ui::ChartDefinitions", "backend"),
              [](S s, S) { return double(s.backendErrors); }, kGreen),
          line(
              QT_TRANSLATE_NOOP("sluice::ui::ChartDefinitions", "refused"),
              [](S s, S p) {
                  return perSecond(s.cheatAttemptsTotal - s.cheatSuccessesTotal,
                                   p.cheatAttemptsTotal - p.cheatSuccessesTotal);
              },
              kOrange),
          line(
              QT_TRANSLATE_NOOP("sluice::ui::ChartDefinitions", "got through"),
              [](S s, S p) { return perSecond(s.cheatSuccessesTotal, p.cheatSuccessesTotal); },
              kPurple)}},
    };
}

} // namespace

QString ChartLine::label() const {
    return scale == 1 ? name : name + " × " + QLocale(QLocale::C).toString(scale);
}

const std::vector<ChartDefinition>& chartDefinitions() {
    static const std::vector<ChartDefinition> definitions = define();
    return definitions;
}

} // namespace sluice::ui
