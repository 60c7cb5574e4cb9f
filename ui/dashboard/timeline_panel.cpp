// SPDX-License-Identifier: Apache-2.0
#include "timeline_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace sluice::ui {
namespace {

constexpr int kCellPadding = 14; // a cell's margins and the grid line

} // namespace

TimelinePanel::TimelinePanel(TimelineModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_proxy(new QSortFilterProxyModel(this)),
      m_filter(new QComboBox(this)), m_view(new QTableView(this)) {
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(TimelineModel::kGroupRole);
    m_proxy->setFilterKeyColumn(TimelineModel::Kind);

    m_filter->setObjectName("timelineFilter");
    m_filter->addItem(tr("All"), QString());
    m_filter->addItem(tr("Operator actions"), TimelineModel::groupOf(TimelineKind::Action));
    m_filter->addItem(tr("Alerts"), TimelineModel::groupOf(TimelineKind::AlertRaised));
    m_filter->addItem(tr("Node events"), TimelineModel::groupOf(TimelineKind::Node));
    m_filter->addItem(tr("What-ifs"), TimelineModel::groupOf(TimelineKind::WhatIf));
    m_filter->addItem(tr("Console"), TimelineModel::groupOf(TimelineKind::Console));
    m_filter->setToolTip(tr("Show only one kind of line."));
    connect(m_filter, &QComboBox::currentIndexChanged, this,
            [this] { setGroup(m_filter->currentData().toString()); });
    auto* label = new QLabel(tr("&Show:"), this);
    label->setBuddy(m_filter);

    m_view->setObjectName("timelineTable");
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    QHeaderView* header = m_view->horizontalHeader();
    for (const int column : {TimelineModel::Time, TimelineModel::Kind, TimelineModel::Who}) {
        m_view->setColumnWidth(column, header->sectionSizeHint(column));
    }
    header->setStretchLastSection(true); // what changed: the rest of the width
    m_view->setToolTip(tr("The timeline: every change with time, operator and old → new; alerts "
                          "raised and cleared; what-if projections; live nodes lost and back, and "
                          "gaps in the data. Select a line to mark its moment on the charts."));
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { onCurrentChanged(current); });

    // New lines stay in view while the operator is reading the latest ones, not while they
    // have scrolled back to read an earlier one.
    QScrollBar* scroll = m_view->verticalScrollBar();
    connect(m_proxy, &QAbstractItemModel::rowsAboutToBeInserted, this,
            [this, scroll] { m_atBottom = scroll->value() >= scroll->maximum(); });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex&, int first, int last) {
                fitColumns(first, last);
                if (m_atBottom) {
                    m_view->scrollToBottom();
                }
            });

    auto* top = new QHBoxLayout;
    top->addWidget(label);
    top->addWidget(m_filter);
    top->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
}

void TimelinePanel::fitColumns(int first, int last) {
    // Time, kind and who grow to their widest text, never shrink (a header's resize-to-
    // contents mode does not look at rows added later, and would cut "alert raised").
    const QFontMetrics metrics(m_view->font());
    for (const int column : {TimelineModel::Time, TimelineModel::Kind, TimelineModel::Who}) {
        int wide = m_view->columnWidth(column);
        for (int row = first; row <= last; ++row) {
            const QString text = m_proxy->index(row, column).data().toString();
            wide = std::max(wide, metrics.horizontalAdvance(text) + kCellPadding);
        }
        m_view->setColumnWidth(column, wide);
    }
}

void TimelinePanel::setGroup(const QString& group) {
    const int index = m_filter->findData(group);
    if (index >= 0 && index != m_filter->currentIndex()) {
        m_filter->setCurrentIndex(index); // comes back here through the signal
        return;
    }
    m_proxy->setFilterFixedString(group);
}

QString TimelinePanel::group() const {
    return m_filter->currentData().toString();
}

void TimelinePanel::onCurrentChanged(const QModelIndex& current) {
    if (!current.isValid()) {
        return;
    }
    const qint64 at = m_proxy->data(current, TimelineModel::kAtRole).toLongLong();
    if (at != 0) {
        emit momentSelected(at);
    }
}

} // namespace sluice::ui
