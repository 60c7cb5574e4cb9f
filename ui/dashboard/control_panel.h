// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/sim_results.h"

#include <QWidget>

class QCheckBox;
class QDateTimeEdit;
class QLineEdit;
class QPushButton;

namespace sluice::ui {

class FollowingSpinBox;
class SimulationFeed;

// The operator's levers, each one action: throttle (admission rate), extend capacity,
// pause/resume, move the opening, message the waiting, and (simulation) scale out the
// queue servers. Changes go through the feed; what the engine applied comes back in the
// audit timeline, and a refusal comes back with its reason.
class ControlPanel : public QWidget {
    Q_OBJECT
public:
    ControlPanel(SimulationFeed& feed, engine::TimeMs opensAt, QWidget* parent = nullptr);
    // After another scenario was opened.
    void setFeed(SimulationFeed& feed, engine::TimeMs opensAt);
    // Follows the run's current values until the operator edits a field.
    void follow(const sim::SimSample& latest);

    FollowingSpinBox* rateBox() const { return m_rate; }
    FollowingSpinBox* capacityBox() const { return m_capacity; }
    QPushButton* throttleButton() const { return m_throttle; }
    QPushButton* capacityButton() const { return m_extend; }
    QPushButton* pauseButton() const { return m_pause; }

private:
    QString operatorName() const;

    SimulationFeed* m_feed; // the window's current feed (a new one per opened scenario)
    QLineEdit* m_operator;
    FollowingSpinBox* m_rate;
    QPushButton* m_throttle;
    FollowingSpinBox* m_capacity;
    QPushButton* m_extend;
    QPushButton* m_pause;
    QDateTimeEdit* m_opening;
    QPushButton* m_move;
    QLineEdit* m_message;
    QPushButton* m_send;
    FollowingSpinBox* m_nodes;
    QPushButton* m_scale;
    bool m_paused = false;
};

} // namespace sluice::ui
