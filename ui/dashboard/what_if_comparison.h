// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "chart_grid.h"
#include "feed/what_if.h"
#include "report/what_if_outcome.h"
#include "sample_store.h"

#include <QTimer>
#include <QWidget>
#include <vector>

class QPushButton;
class QTableView;

namespace sluice::ui {

class WhatIfOutcomesModel;

// Several what-ifs side by side: every finished what-if is kept, with a short label of what
// was projected ("rate 4,000/min", "+8 queue nodes"), until the operator clears them (Clear
// what-ifs, Ctrl+Shift+J) or another run starts. Each is drawn dashed on the charts in a
// colour of its own, named by its label in the legend, and is a row of the outcome table
// (WhatIfOutcomesModel) under the run itself, the reference: peak waiting, when the line
// empties, admitted, booked, gave up, p90 wait. The reference row follows the run every two
// seconds while there are what-ifs (one pass over the run's samples). The widget is the
// table with its Clear button; the window docks it. GUI thread.
class WhatIfComparison : public QWidget {
    Q_OBJECT
public:
    WhatIfComparison(const SampleStore& store, ChartGrid& charts, QWidget* parent = nullptr);

    // A finished what-if: a row, and its dashed lines on the charts. A label already in the
    // table gets a number ("rate 4,000/min (2)").
    void add(const QString& label, const WhatIfResult& result);
    // Every what-if gone: the rows, the dashed lines.
    void clear();
    void setEventTime(const EventTime& time);

    int count() const;
    WhatIfOutcomesModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QPushButton* clearButton() const { return m_clear; }
    // For a report: the run as it stands now first, then each what-if; empty when none.
    std::vector<WhatIfOutcome> outcomes();

    // A few rows high: docked under the charts, it must not squeeze them.
    QSize sizeHint() const override;

    // The colours what-ifs take in turn (0xRRGGBB), none of them a run line's.
    static std::uint32_t colour(int index);

signals:
    void countChanged(int count);

private:
    void refreshRun();

    const SampleStore& m_store;
    ChartGrid& m_charts;
    WhatIfOutcomesModel* m_model;
    QTableView* m_table;
    QPushButton* m_clear;
    QTimer m_follow;
    engine::TimeMs m_runAt = -1; // the last second the reference row was computed to
    int m_added = 0;             // what-ifs since the last clear: the next colour
};

} // namespace sluice::ui
