// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "feed/event_time.h"
#include "report/what_if_outcome.h"

#include <QAbstractTableModel>
#include <vector>

namespace sluice::ui {

// The what-if comparison as a table: the run itself first (the reference), then one row per
// what-if kept, oldest first; columns as OutcomeColumn (what-if, from, peak waiting, line
// empty, admitted, booked, gave up, p90 wait). DisplayRole is the text a person reads (times
// in the event's zone); Qt::UserRole the figure itself (a count, seconds, or UTC ms; an
// invalid QVariant for a line not empty); DecorationRole a what-if's colour on the charts.
// GUI thread.
class WhatIfOutcomesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // A what-if's row, after the others (the reference row is there from the first one on).
    void addWhatIf(WhatIfOutcome outcome);
    // The reference row's figures: the run as it stands now.
    void setRun(WhatIfOutcome run);
    // No rows at all.
    void clear();
    void setEventTime(const EventTime& time);

    int whatIfCount() const { return static_cast<int>(m_whatIfs.size()); }
    // The rows, the run first; empty when there is no what-if.
    std::vector<WhatIfOutcome> outcomes() const;

private:
    const WhatIfOutcome& row(int r) const;

    WhatIfOutcome m_run;
    std::vector<WhatIfOutcome> m_whatIfs;
    EventTime m_time;
};

} // namespace sluice::ui
