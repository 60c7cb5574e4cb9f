// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "what_if_outcome.h"

#include <QRectF>
#include <vector>

class QPainter;

namespace sluice::ui {

// The what-if comparison as a table on paper, at the top of `box` (its width; as tall as
// its rows): a header, then one row per outcome (the run first), each what-if led by a short
// dashed line in its colour, as its lines are drawn on the charts. Returns the height used.
// QPainter only: any thread.
double drawOutcomesTable(QPainter& p, const QRectF& box, const std::vector<WhatIfOutcome>& outcomes,
                         const EventTime& time);

} // namespace sluice::ui
