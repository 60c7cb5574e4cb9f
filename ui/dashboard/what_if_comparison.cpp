// SPDX-License-Identifier: Apache-2.0
#include "what_if_comparison.h"

#include "what_if_outcomes_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <array>

namespace sluice::ui {
namespace {

constexpr int kFollowMs = 2000;

} // namespace

std::uint32_t WhatIfComparison::colour(int index) {
    // Apart from the run lines' blue, green, orange and purple, and from one another.
    static constexpr std::array<std::uint32_t, 8> kColours{0xd62728, 0x17becf, 0x8c564b, 0xe377c2,
                                                           0x7f7f00, 0x1f3a93, 0x2e7d32, 0x555555};
    return kColours[static_cast<std::size_t>(index) % kColours.size()];
}

WhatIfComparison::WhatIfComparison(const SampleStore& store, ChartGrid& charts, QWidget* parent)
    : QWidget(parent), m_store(store), m_charts(charts), m_model(new WhatIfOutcomesModel(this)),
      m_table(new QTableView(this)), m_clear(new QPushButton(tr("C&lear what-ifs"), this)) {
    m_table->setObjectName("whatIfOutcomes");
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_clear->setToolTip(tr("Remove every what-if from the charts and this table (Ctrl+Shift+J)"));
    m_clear->setEnabled(false);
    // What the rows mean, where the eye goes first (the dock stays a few rows high).
    m_table->setToolTip(tr("Each what-if: the night had its change been made at its fork, dashed "
                           "on the charts in the colour beside its label. First, the run itself "
                           "so far."));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_table, 1);
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(m_clear);
    layout->addLayout(row);
    connect(m_clear, &QPushButton::clicked, this, &WhatIfComparison::clear);
    m_follow.setInterval(kFollowMs);
    connect(&m_follow, &QTimer::timeout, this, &WhatIfComparison::refreshRun);
}

QSize WhatIfComparison::sizeHint() const {
    // The header and up to four rows; more scroll.
    const int row = m_table->verticalHeader()->defaultSectionSize();
    const int rows = std::clamp(m_model->rowCount(), 2, 4);
    return {QWidget::sizeHint().width(), m_table->horizontalHeader()->sizeHint().height() +
                                             row * rows + m_clear->sizeHint().height() + 16};
}

int WhatIfComparison::count() const {
    return m_model->whatIfCount();
}

void WhatIfComparison::add(const QString& label, const WhatIfResult& result) {
    QString unique = label;
    for (int n = 2; std::any_of(m_charts.projections().begin(), m_charts.projections().end(),
                                [&unique](const ChartProjection& p) { return p.label == unique; });
         ++n) {
        unique = QString("%1 (%2)").arg(label).arg(n);
    }
    const std::uint32_t rgb = colour(m_added++);
    // The night as a whole under this what-if: one pass over the run's samples, once.
    m_model->addWhatIf(projectionOutcome(unique, rgb, result, m_store.samples()));
    QList<ChartProjection> drawn = m_charts.projections();
    drawn.append({unique, rgb, result});
    m_charts.setProjections(std::move(drawn));
    m_runAt = -1;
    // The run's row on the next turn of the event loop: a pass over the whole run (18 ms on
    // a 41-hour night) is not added to this one.
    QTimer::singleShot(0, this, &WhatIfComparison::refreshRun);
    m_follow.start();
    m_clear->setEnabled(true);
    emit countChanged(count());
}

void WhatIfComparison::clear() {
    const bool had = count() > 0 || !m_charts.projections().isEmpty();
    m_model->clear();
    m_charts.setProjections({});
    m_follow.stop();
    m_added = 0;
    m_runAt = -1;
    m_clear->setEnabled(false);
    if (had) {
        emit countChanged(0);
    }
}

void WhatIfComparison::setEventTime(const EventTime& time) {
    m_model->setEventTime(time);
}

void WhatIfComparison::refreshRun() {
    const engine::TimeMs at = m_store.empty() ? 0 : m_store.last().at;
    if (count() == 0 || at == m_runAt) {
        return; // nothing new since the last pass
    }
    m_runAt = at;
    m_model->setRun(runOutcome(m_store.samples()));
}

std::vector<WhatIfOutcome> WhatIfComparison::outcomes() {
    refreshRun();
    return m_model->outcomes();
}

} // namespace sluice::ui
