// SPDX-License-Identifier: Apache-2.0
#include "what_if_panel.h"

#include "following_spin_box.h"
#include "series/sample.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <cstdlib>

namespace sluice::ui {

WhatIfPanel::WhatIfPanel(QWidget* parent)
    : QWidget(parent), m_rate(new FollowingSpinBox(this)), m_capacity(new FollowingSpinBox(this)),
      m_nodes(new FollowingSpinBox(this)), m_pow(new QComboBox(this)),
      m_powBits(new QSpinBox(this)), m_horizon(new QComboBox(this)),
      m_project(new QPushButton(tr("Pro&ject from now"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this)),
      m_clear(new QPushButton(tr("Clear what-ifs"), this)), m_progress(new QProgressBar(this)),
      m_result(new QLabel(this)) {
    m_rate->setRange(0, 10'000'000);
    m_rate->setSuffix(tr(" /min"));
    m_rate->setToolTip(tr("The admission rate the projection runs with from now on."));
    m_capacity->setRange(0, 100'000'000);
    m_capacity->setToolTip(tr("The site's capacity the projection runs with from now on."));
    m_nodes->setRange(1, 1000);
    m_nodes->setToolTip(
        tr("Queue-server nodes in the projection (new ones serve after 2 minutes)."));
    m_pow->addItem(tr("as the run"), -1);
    m_pow->addItem(tr("off"), static_cast<int>(sim::PowMode::Off));
    m_pow->addItem(tr("auto"), static_cast<int>(sim::PowMode::Auto));
    // The items name the run's mode: they must not widen the dock (and squeeze the tiles).
    m_pow->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_pow->setMinimumContentsLength(10);
    m_pow->addItem(tr("fixed bits"), static_cast<int>(sim::PowMode::Fixed));
    m_powBits->setRange(0, 32);
    m_powBits->setValue(22);
    m_powBits->setSuffix(tr(" bits"));
    m_powBits->setToolTip(tr("Each join costs 2^bits SHA-256 tries: 18 about a second on a phone, "
                             "22 about 16 s."));
    connect(m_pow, &QComboBox::currentIndexChanged, this, [this] {
        m_powBits->setEnabled(m_pow->isEnabled() && m_pow->currentData().toInt() ==
                                                        static_cast<int>(sim::PowMode::Fixed));
    });
    setProofOfWorkRun(std::nullopt);
    for (const auto& [label, seconds] : std::initializer_list<std::pair<const char*, int>>{
             {QT_TR_NOOP("to the scenario's end"), 0},
             {QT_TR_NOOP("1 hour"), 3600},
             {QT_TR_NOOP("2 hours"), 7200},
             {QT_TR_NOOP("6 hours"), 21600}}) {
        m_horizon->addItem(tr(label), seconds);
    }
    m_horizon->setToolTip(tr("How far ahead to project."));
    m_project->setToolTip(
        tr("Copy the run as it stands, apply these values, and run the copy "
           "forward; drawn dashed beside the real curves. The run is not touched."));
    m_cancel->setEnabled(false);
    m_clear->setEnabled(false);
    m_clear->setToolTip(tr("Remove every what-if kept from the charts and the comparison "
                           "(Ctrl+Shift+J)."));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setVisible(false);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setText(tr("No projection yet."));

    auto* buttons = new QWidget(this);
    auto* row = new QHBoxLayout(buttons);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_project, 1);
    row->addWidget(m_cancel);
    row->addWidget(m_clear);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Admission rate"), m_rate);
    form->addRow(tr("Capacity"), m_capacity);
    form->addRow(tr("Queue nodes"), m_nodes);
    auto* pow = new QWidget(this);
    auto* powRow = new QHBoxLayout(pow);
    powRow->setContentsMargins(0, 0, 0, 0);
    powRow->addWidget(m_pow, 1);
    powRow->addWidget(m_powBits);
    form->addRow(tr("Proof of work"), pow);
    form->addRow(tr("Project"), m_horizon);
    form->addRow(buttons);
    form->addRow(m_progress);
    form->addRow(m_result);

    connect(m_project, &QPushButton::clicked, this, [this] {
        const WhatIfRequest r = request();
        m_projected = describe(r);
        m_projectedLabel = label(r);
        setBusy(true);
        m_result->setText(tr("Projecting %1…").arg(m_projected));
        emit projectRequested(r);
    });
    // Enter in a field projects, as the button does.
    for (FollowingSpinBox* box : {m_rate, m_capacity, m_nodes}) {
        connect(box, &QSpinBox::editingFinished, this, [this, box] {
            if (box->hasFocus() && m_project->isEnabled()) {
                m_project->click();
            }
        });
    }
    connect(m_cancel, &QPushButton::clicked, this, &WhatIfPanel::cancelRequested);
    connect(m_clear, &QPushButton::clicked, this, &WhatIfPanel::clearWhatIfs);
}

void WhatIfPanel::follow(const series::Sample& latest) {
    m_rate->follow(latest.admissionRatePerMinute);
    m_capacity->follow(latest.capacity);
    m_nodes->follow(latest.nodes);
    m_runRate = latest.admissionRatePerMinute;
    m_runCapacity = latest.capacity;
    m_runNodes = latest.nodes;
}

void WhatIfPanel::restart() {
    for (FollowingSpinBox* box : {m_rate, m_capacity, m_nodes}) {
        box->restart();
    }
    setBusy(false);
    m_clear->setEnabled(false);
    m_result->setText(tr("No projection yet."));
    m_pow->setCurrentIndex(0);
}

void WhatIfPanel::setProofOfWorkRun(const std::optional<sim::FairJoins>& fairJoins) {
    m_pow->setCurrentIndex(0);
    if (!fairJoins) {
        m_runPow.clear();
        m_pow->setEnabled(false);
        m_powBits->setEnabled(false);
        m_pow->setToolTip(tr("Only a simulation of a scenario with fair joins (fairJoins, e.g. the "
                             "sluice-night-2021-bot-farm preset) models proof of work."));
        return;
    }
    switch (fairJoins->proofOfWork) {
    case sim::PowMode::Off:
        m_runPow = "off";
        break;
    case sim::PowMode::Fixed:
        m_runPow = QString("%1 bits").arg(fairJoins->proofOfWorkBits);
        break;
    case sim::PowMode::Auto:
        m_runPow =
            QString("auto %1–%2 bits").arg(fairJoins->powFloorBits).arg(fairJoins->powCeilingBits);
        break;
    }
    m_pow->setItemText(0, tr("as the run (%1)").arg(m_runPow));
    m_pow->setEnabled(true);
    m_powBits->setEnabled(false);
    m_pow->setToolTip(tr("The proof of work each join pays in the projection, from now on."));
}

// Only what differs from the run goes into the request: the rest carries on as it is.
WhatIfRequest WhatIfPanel::request() const {
    WhatIfRequest r;
    if (m_rate->value() != m_runRate) {
        r.change.admissionRatePerMinute = m_rate->value();
    }
    if (m_capacity->value() != m_runCapacity) {
        r.change.capacity = m_capacity->value();
    }
    if (m_nodes->value() != m_runNodes) {
        r.queueNodes = m_nodes->value();
    }
    if (const int mode = m_pow->currentData().toInt(); m_pow->isEnabled() && mode >= 0) {
        r.powMode = static_cast<sim::PowMode>(mode);
        r.powBits = m_powBits->value();
    }
    r.horizonSeconds = m_horizon->currentData().toInt();
    return r;
}

QString WhatIfPanel::describe(const WhatIfRequest& r) const {
    const QLocale locale;
    QStringList what;
    if (r.change.admissionRatePerMinute) {
        what << QString("admission rate %1 → %2 /min")
                    .arg(locale.toString(m_runRate),
                         locale.toString(*r.change.admissionRatePerMinute));
    }
    if (r.change.capacity) {
        what << QString("capacity %1 → %2")
                    .arg(locale.toString(m_runCapacity), locale.toString(*r.change.capacity));
    }
    if (r.queueNodes) {
        what << QString("queue nodes %1 → %2").arg(m_runNodes).arg(*r.queueNodes);
    }
    if (r.powMode) {
        what << QString("proof of work %1 → %2")
                    .arg(m_runPow, *r.powMode == sim::PowMode::Fixed
                                       ? QString("%1 bits").arg(r.powBits)
                                       : m_pow->currentText());
    }
    if (what.isEmpty()) {
        what << "the run as it is";
    }
    // The record's words (the timeline and the report stay English), whatever the console's.
    const int horizon = m_horizon->currentData().toInt();
    return what.join(", ") + ", " +
           (horizon == 0      ? QString("to the scenario's end")
            : horizon == 3600 ? QString("1 hour")
                              : QString("%1 hours").arg(horizon / 3600));
}

// Short, for a legend and a table row: only what was changed, in the fewest words.
QString WhatIfPanel::label(const WhatIfRequest& r) const {
    const QLocale english(QLocale::English); // "4,000", as the report writes numbers
    QStringList what;
    if (r.change.admissionRatePerMinute) {
        what << QString("rate %1/min").arg(english.toString(*r.change.admissionRatePerMinute));
    }
    if (r.change.capacity) {
        what << QString("capacity %1").arg(english.toString(*r.change.capacity));
    }
    if (r.queueNodes) {
        const int more = *r.queueNodes - m_runNodes;
        what << QString("%1%2 queue nodes").arg(more >= 0 ? "+" : "−").arg(std::abs(more));
    }
    if (r.powMode) {
        what << (*r.powMode == sim::PowMode::Fixed ? QString("PoW %1 bits").arg(r.powBits)
                 : *r.powMode == sim::PowMode::Off ? QString("PoW off")
                                                   : QString("PoW auto"));
    }
    if (what.isEmpty()) {
        what << "as it is";
    }
    if (r.horizonSeconds > 0) {
        what << m_horizon->currentText();
    }
    return what.join(", ");
}

void WhatIfPanel::clearWhatIfs() {
    m_clear->setEnabled(false);
    m_result->setText(tr("No projection."));
    emit clearRequested();
}

void WhatIfPanel::setWhatIfCount(int count) {
    m_clear->setEnabled(count > 0);
}

void WhatIfPanel::focusRate() {
    m_rate->setFocus(Qt::ShortcutFocusReason);
    m_rate->selectAll();
}

void WhatIfPanel::setBusy(bool busy) {
    m_project->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    m_progress->setVisible(busy);
    m_progress->setValue(0);
}

void WhatIfPanel::showProgress(double fraction) {
    m_progress->setValue(static_cast<int>(fraction * 1000));
}

void WhatIfPanel::showResult(const WhatIfResult& result) {
    setBusy(false);
    m_clear->setEnabled(true);
    m_result->setText(
        tr("Projected (%1): %2.").arg(m_projected, describeProjection(result, m_time)));
}

void WhatIfPanel::showFailure(const QString& message) {
    setBusy(false);
    m_result->setText(tr("The projection failed: %1").arg(message));
}

void WhatIfPanel::showCancelled() {
    setBusy(false);
    m_result->setText(tr("Projection cancelled."));
}

QString WhatIfPanel::resultText() const {
    return m_result->text();
}

} // namespace sluice::ui
