// SPDX-License-Identifier: Apache-2.0
#include "what_if_outcomes_model.h"

#include <QColor>
#include <QCoreApplication>

namespace sluice::ui {

int WhatIfOutcomesModel::rowCount(const QModelIndex& parent) const {
    // The reference row only beside what-ifs: alone it compares nothing.
    return parent.isValid() || m_whatIfs.empty() ? 0 : static_cast<int>(m_whatIfs.size()) + 1;
}

int WhatIfOutcomesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : kOutcomeColumns;
}

const WhatIfOutcome& WhatIfOutcomesModel::row(int r) const {
    return r == 0 ? m_run : m_whatIfs[static_cast<std::size_t>(r - 1)];
}

QVariant WhatIfOutcomesModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const WhatIfOutcome& o = row(index.row());
    const auto column = static_cast<OutcomeColumn>(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return outcomeText(o, column, m_time);
    case Qt::TextAlignmentRole:
        return column == OutcomeColumn::Label ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                              : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::DecorationRole:
        if (column == OutcomeColumn::Label && !o.reference) {
            return QColor::fromRgb(o.rgb);
        }
        return {};
    case Qt::ToolTipRole:
        if (column == OutcomeColumn::Label) {
            return o.reference ? QString("The run itself, as received so far: the reference")
                               : QString("The night had this been done at %1 (drawn dashed on "
                                         "the charts)")
                                     .arg(m_time.clock(o.from));
        }
        if (column == OutcomeColumn::P90Wait) {
            return o.waitBasis == "each person"
                       ? QString("Nine in ten admitted waited at most this (each person's wait)")
                       : QString("Nine in ten admitted waited at most this (each second's mean "
                                 "wait, weighted by its admissions)");
        }
        return {};
    case Qt::UserRole:
        switch (column) {
        case OutcomeColumn::Label:
            return o.label;
        case OutcomeColumn::From:
            return QVariant::fromValue<qint64>(o.reference ? o.until : o.from);
        case OutcomeColumn::PeakWaiting:
            return QVariant::fromValue<qulonglong>(o.peakWaiting);
        case OutcomeColumn::EmptyAt:
            return o.emptyAt ? QVariant::fromValue<qint64>(*o.emptyAt) : QVariant();
        case OutcomeColumn::Admitted:
            return QVariant::fromValue<qulonglong>(o.admitted);
        case OutcomeColumn::Booked:
            return QVariant::fromValue<qulonglong>(o.booked);
        case OutcomeColumn::GaveUp:
            return QVariant::fromValue<qulonglong>(o.gaveUp);
        case OutcomeColumn::P90Wait:
            return o.p90WaitSeconds;
        }
        return {};
    default:
        return {};
    }
}

// The headers report::outcomeHeader gives, for lupdate: translated in headerData.
[[maybe_unused]] constexpr const char* kHeaderWords[] = {
    QT_TRANSLATE_NOOP("sluice::ui::WhatIfOutcomesModel", "What-if"),
    QT_TRANSLATE_NOOP("sluice::ui::WhatIfOutcomesModel", "From"),
    QT_TRANSLATE_NOOP("sluice::ui::WhatIfOutcomesModel", "Peak waiting"),
    QT_TRANSLATE_NOOP("sluice::ui::WhatIfOutcomesModel", "Line empty"),
    QT_TRANSLATE_NOOP("sluice::ui::WhatIfOutcomesModel", "Admitted"),
    QT_TRANSLATE_NOOP("sluice::ui::WhatIfOutcomesModel", "Booked"),
    QT_TRANSLATE_NOOP("sluice::ui::WhatIfOutcomesModel", "Gave up"),
    QT_TRANSLATE_NOOP("sluice::ui::WhatIfOutcomesModel", "p90 wait")};

QVariant WhatIfOutcomesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= kOutcomeColumns) {
        return {};
    }
    if (role == Qt::DisplayRole) {
        // The report's English header (report::outcomeHeader), in the console's language.
        return QCoreApplication::translate(
            "sluice::ui::WhatIfOutcomesModel",
            qPrintable(outcomeHeader(static_cast<OutcomeColumn>(section))));
    }
    if (role == Qt::ToolTipRole && section == static_cast<int>(OutcomeColumn::EmptyAt)) {
        return tr("When the line is empty for good, no one left to join");
    }
    return {};
}

void WhatIfOutcomesModel::addWhatIf(WhatIfOutcome outcome) {
    const int first = m_whatIfs.empty() ? 0 : rowCount();
    const int last = rowCount() == 0 ? 1 : first; // the first what-if brings the run's row
    beginInsertRows({}, first, last);
    m_whatIfs.push_back(std::move(outcome));
    endInsertRows();
}

void WhatIfOutcomesModel::setRun(WhatIfOutcome run) {
    m_run = std::move(run);
    if (rowCount() > 0) {
        emit dataChanged(index(0, 0), index(0, kOutcomeColumns - 1));
    }
}

void WhatIfOutcomesModel::clear() {
    if (m_whatIfs.empty()) {
        return;
    }
    beginResetModel();
    m_whatIfs.clear();
    endResetModel();
}

void WhatIfOutcomesModel::setEventTime(const EventTime& time) {
    if (time == m_time) {
        return;
    }
    m_time = time;
    if (rowCount() > 0) {
        emit dataChanged(index(0, 0), index(rowCount() - 1, kOutcomeColumns - 1),
                         {Qt::DisplayRole, Qt::ToolTipRole});
    }
}

std::vector<WhatIfOutcome> WhatIfOutcomesModel::outcomes() const {
    std::vector<WhatIfOutcome> out;
    if (m_whatIfs.empty()) {
        return out;
    }
    out.push_back(m_run);
    out.insert(out.end(), m_whatIfs.begin(), m_whatIfs.end());
    return out;
}

} // namespace sluice::ui
