// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "timeline_item.h"

#include <QAbstractTableModel>
#include <functional>
#include <vector>

namespace sluice::ui {

// The run's timeline as a table: time, kind, who, what changed — one row per operator
// action, alert raised or cleared, node event, what-if and console line, in the order they
// were told. Rows are only appended (or all cleared for another run). The time column is
// written by the clock given at construction: the window's one time format, so the
// timeline always says times as the rest of the console does. GUI thread.
class TimelineModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time = 0, Kind, Who, What, kColumns };
    // The row's moment (qint64 UTC ms, 0 when it has none) and its kind's filter group
    // ("actions", "alerts", "nodes", "what-ifs", "console").
    static constexpr int kAtRole = Qt::UserRole;
    static constexpr int kGroupRole = Qt::UserRole + 1;
    using Clock = std::function<QString(engine::TimeMs)>;

    explicit TimelineModel(Clock clock, QObject* parent = nullptr);

    void append(const TimelineItem& item);
    void clear();
    const TimelineItem& item(int row) const { return m_items.at(static_cast<std::size_t>(row)); }
    // Every row as a line, "time  who: what" (no time for a row without a moment).
    QString plainText() const;
    // The filter group of `kind` (kGroupRole).
    static QString groupOf(TimelineKind kind);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString cellText(const TimelineItem& item, int column) const;

    Clock m_clock;
    std::vector<TimelineItem> m_items;
};

} // namespace sluice::ui
