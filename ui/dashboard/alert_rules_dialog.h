// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "feed/alert_monitor.h"

#include <QDialog>

class QSpinBox;

namespace sluice::ui {

// Edits the alert thresholds; "Restore defaults" puts back AlertRules{}. 0 = rule off.
class AlertRulesDialog : public QDialog {
    Q_OBJECT
public:
    AlertRulesDialog(const AlertRules& rules, QWidget* parent = nullptr);
    AlertRules rules() const;
    void setRules(const AlertRules& rules);

private:
    QSpinBox* m_estimate;
    QSpinBox* m_backendErrors;
    QSpinBox* m_saturated;
};

} // namespace sluice::ui
