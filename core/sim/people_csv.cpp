// SPDX-License-Identifier: Apache-2.0
#include "people_csv.h"

#include "series/decimal_text.h"

namespace sluice::sim {
namespace {

void field(std::string& row, const std::optional<double>& v, int decimals) {
    row += ',';
    if (v) {
        row += series::fixedDecimals(*v, decimals);
    }
}

void estimate(std::string& row, const std::optional<ShownEstimate>& e, bool withPosition) {
    field(row, e ? std::optional<double>(e->atSeconds) : std::nullopt, 3);
    field(row, e ? e->seconds : std::nullopt, 0);
    field(row, e ? e->lowSeconds : std::nullopt, 0);
    field(row, e ? e->highSeconds : std::nullopt, 0);
    if (withPosition) {
        row += ',';
        if (e) {
            row += std::to_string(e->position);
        }
    }
}

} // namespace

std::string peopleCsvHeader() {
    return "id,arrival_s,since_opening_s,cheat,bypassed,outcome,admitted_s,left_queue_s,"
           "waited_s,first_at_s,first_estimate_s,first_low_s,first_high_s,first_position,"
           "scored_at_s,scored_estimate_s,scored_low_s,scored_high_s,last_at_s,last_estimate_s,"
           "last_low_s,last_high_s,last_position\n";
}

std::string peopleCsvRow(const PersonRecord& p) {
    std::string row = std::to_string(p.id);
    field(row, p.arrivalSeconds, 3);
    field(row, p.sinceOpeningSeconds, 3);
    row += ',';
    row += nameOf(p.cheat);
    row += p.bypassed ? ",1," : ",0,";
    row += nameOf(p.outcome);
    field(row, p.admittedSeconds, 3);
    field(row, p.leftQueueSeconds, 3);
    field(row, p.waitedSeconds, 3);
    estimate(row, p.first, true);
    estimate(row, p.scored, false);
    estimate(row, p.last, true);
    row += '\n';
    return row;
}

} // namespace sluice::sim
