// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "timeline_model.h"

#include <QWidget>

class QComboBox;
class QSortFilterProxyModel;
class QTableView;

namespace sluice::ui {

// The timeline as the operator reads it: the model in a table, newest at the bottom (kept in
// view while the view is at the bottom), a "Show" filter by kind (Alt+S), and the selected
// row's moment told through momentSelected so the charts can mark it. Does not own the model.
class TimelinePanel : public QWidget {
    Q_OBJECT
public:
    explicit TimelinePanel(TimelineModel* model, QWidget* parent = nullptr);

    // Shows only one group of kinds (TimelineModel::groupOf: "actions", "alerts", "nodes",
    // "what-ifs", "console"); "" shows every row. The combo box follows.
    void setGroup(const QString& group);
    QString group() const;
    TimelineModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QComboBox* filterBox() const { return m_filter; }
    QSortFilterProxyModel* shown() const { return m_proxy; }

signals:
    // The selected row's moment (UTC ms); none for a row without one.
    void momentSelected(qint64 utcMs);

private:
    void onCurrentChanged(const QModelIndex& current);
    void fitColumns(int first, int last);

    TimelineModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QComboBox* m_filter;
    QTableView* m_view;
    bool m_atBottom = true;
};

} // namespace sluice::ui
