// SPDX-License-Identifier: Apache-2.0
#include "timeline_model.h"

#include <QBrush>
#include <QColor>
#include <QCoreApplication>
#include <QStringList>

namespace sluice::ui {

// The table shows the kind in the console's language.
QString kindName(TimelineKind kind) {
    switch (kind) {
    case TimelineKind::Action:
        return QCoreApplication::translate("sluice::ui::TimelineModel", "operator action");
    case TimelineKind::AlertRaised:
        return QCoreApplication::translate("sluice::ui::TimelineModel", "alert raised");
    case TimelineKind::AlertCleared:
        return QCoreApplication::translate("sluice::ui::TimelineModel", "alert cleared");
    case TimelineKind::Node:
        return QCoreApplication::translate("sluice::ui::TimelineModel", "node event");
    case TimelineKind::WhatIf:
        return QCoreApplication::translate("sluice::ui::TimelineModel", "what-if");
    case TimelineKind::Console:
        break;
    }
    return QCoreApplication::translate("sluice::ui::TimelineModel", "console");
}

QString timelineLine(const TimelineItem& item) {
    // As the plain-text timeline said it (tests, and people, read these words).
    if (item.kind == TimelineKind::AlertRaised) {
        return "ALERT " + item.what;
    }
    if (item.kind == TimelineKind::AlertCleared) {
        return "cleared: " + item.what;
    }
    return item.who.isEmpty() ? item.what : item.who + ": " + item.what;
}

TimelineModel::TimelineModel(Clock clock, QObject* parent)
    : QAbstractTableModel(parent), m_clock(std::move(clock)) {}

QString TimelineModel::groupOf(TimelineKind kind) {
    switch (kind) {
    case TimelineKind::Action:
        return "actions";
    case TimelineKind::AlertRaised:
    case TimelineKind::AlertCleared:
        return "alerts";
    case TimelineKind::Node:
        return "nodes";
    case TimelineKind::WhatIf:
        return "what-ifs";
    case TimelineKind::Console:
        break;
    }
    return "console";
}

void TimelineModel::append(const TimelineItem& item) {
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_items.push_back(item);
    endInsertRows();
}

void TimelineModel::clear() {
    if (m_items.empty()) {
        return;
    }
    beginResetModel();
    m_items.clear();
    endResetModel();
}

QString TimelineModel::plainText() const {
    QStringList lines;
    for (const TimelineItem& item : m_items) {
        lines << (item.at == 0 ? timelineLine(item) : m_clock(item.at) + "  " + timelineLine(item));
    }
    return lines.join('\n');
}

int TimelineModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_items.size());
}

int TimelineModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : kColumns;
}

QString TimelineModel::cellText(const TimelineItem& item, int column) const {
    switch (column) {
    case Time:
        return item.at == 0 ? QString() : m_clock(item.at);
    case Kind:
        return kindName(item.kind);
    case Who:
        return item.who;
    case What:
        return shownText(item);
    default:
        return {};
    }
}

QVariant TimelineModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.parent().isValid() || index.row() >= rowCount() ||
        index.column() >= kColumns) {
        return {};
    }
    const TimelineItem& item = m_items[static_cast<std::size_t>(index.row())];
    switch (role) {
    case kAtRole:
        return QVariant::fromValue(static_cast<qint64>(item.at));
    case kGroupRole:
        return groupOf(item.kind);
    case Qt::DisplayRole:
    case Qt::ToolTipRole: // what a narrow column cuts short, whole
        return cellText(item, index.column());
    case Qt::BackgroundRole:
        // An alert raised stands out as its tile does (the same red).
        return item.kind == TimelineKind::AlertRaised ? QVariant(QBrush(QColor(0xf8, 0xd7, 0xda)))
                                                      : QVariant();
    default:
        return {};
    }
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case Time:
        return tr("Time");
    case Kind:
        return tr("Kind");
    case Who:
        return tr("Who");
    case What:
        return tr("What changed");
    default:
        return {};
    }
}

} // namespace sluice::ui
