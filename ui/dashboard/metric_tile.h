// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFrame>

class QLabel;

namespace sluice::ui {

// One figure on the dashboard: a caption, a value, a tooltip saying what it means, and a
// colour when an alert rule is breached.
class MetricTile : public QFrame {
    Q_OBJECT
public:
    MetricTile(const QString& caption, const QString& explanation, QWidget* parent = nullptr);
    void setValue(const QString& text);
    void setAlert(bool breached);
    QString value() const;
    bool alert() const { return m_alert; }

private:
    QLabel* m_caption;
    QLabel* m_value;
    bool m_alert = false;
};

} // namespace sluice::ui
