// SPDX-License-Identifier: Apache-2.0
#include "alert_rules_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QPushButton>
#include <QSpinBox>

namespace sluice::ui {
namespace {
QSpinBox* box(QWidget* parent, int max, const char* suffix, const char* tip) {
    auto* b = new QSpinBox(parent);
    b->setRange(0, max);
    b->setSuffix(AlertRulesDialog::tr(suffix));
    b->setSpecialValueText(AlertRulesDialog::tr("off"));
    b->setToolTip(AlertRulesDialog::tr(tip));
    return b;
}
} // namespace

AlertRulesDialog::AlertRulesDialog(const AlertRules& rules, QWidget* parent)
    : QDialog(parent),
      m_estimate(
          box(this, 100'000, QT_TR_NOOP(" min"),
              QT_TR_NOOP("Alert when someone joining now is told a longer wait than this."))),
      m_backendErrors(
          box(this, 10'000'000, QT_TR_NOOP(" /s"),
              QT_TR_NOOP("Alert when the protected site refuses more requests a second than "
                         "this (blank pages)."))),
      m_saturated(box(
          this, 86'400, QT_TR_NOOP(" s"),
          QT_TR_NOOP("Alert when the site has been at capacity for this long without a break."))) {
    setWindowTitle(tr("Alert rules"));
    auto* form = new QFormLayout(this);
    form->addRow(tr("Estimated wait above"), m_estimate);
    form->addRow(tr("Backend errors above"), m_backendErrors);
    form->addRow(tr("Capacity saturated for"), m_saturated);
    auto* buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] { setRules(AlertRules{}); });
    form->addRow(buttons);
    setRules(rules);
}

AlertRules AlertRulesDialog::rules() const {
    return AlertRules{m_estimate->value(), m_backendErrors->value(), m_saturated->value()};
}

void AlertRulesDialog::setRules(const AlertRules& rules) {
    m_estimate->setValue(rules.estimateAboveMinutes);
    m_backendErrors->setValue(rules.backendErrorsAbovePerSecond);
    m_saturated->setValue(rules.saturatedForSeconds);
}

} // namespace sluice::ui
