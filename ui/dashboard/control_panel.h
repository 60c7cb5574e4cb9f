// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/sim_results.h"

#include <QWidget>

class QCheckBox;
class QDateTimeEdit;
class QLineEdit;
class QPushButton;

#include "engine/event_config.h"
#include "feed/feed.h"
#include "series/sample.h"

#include <functional>
#include <optional>

class QMessageBox;

namespace sluice::ui {

class FollowingSpinBox;

// Scale the queue servers out (simulation only): operator, nodes, provisioning seconds.
using ScaleOut = std::function<void(const QString&, int, int)>;

// The operator's levers, each one action: throttle (admission rate), extend capacity,
// pause/resume, move the opening, message the waiting, and (simulation) scale out the
// queue servers. Changes go through the feed's Controls; what the engine applied comes back
// in the audit timeline, and a refusal comes back with its reason.
//
// A large change — the rate or the capacity halved or more than doubled (or to zero), a
// pause, the opening moved by more than 10 minutes — is applied only after a confirmation.
// Undo (one step) sets the fields of the last change back to the values they had before it.
class ControlPanel : public QWidget {
    Q_OBJECT
public:
    ControlPanel(Controls& controls, ScaleOut scaleOut, engine::TimeMs opensAt,
                 QWidget* parent = nullptr);
    // After another scenario was opened, or when connecting to live nodes.
    void setControls(Controls& controls, ScaleOut scaleOut, engine::TimeMs opensAt);
    // Follows the run's current values until the operator edits a field.
    void follow(const series::Sample& latest);
    // The event's opening and message as the server has them (live).
    void followEvent(engine::TimeMs opensAt, const QString& message);

    // Applies `change` (asking first when it is large); records what it replaces for undo.
    void request(const engine::ConfigChange& change);
    void undo();
    bool canUndo() const { return m_undo.has_value(); }
    // "rate 5,000 → 1,000 /min" when `change` needs a confirmation, else empty.
    QString largeChange(const engine::ConfigChange& change) const;
    // The confirmation being asked (null when none): tests answer it.
    QMessageBox* pendingConfirmation() const { return m_confirm; }

    FollowingSpinBox* rateBox() const { return m_rate; }
    FollowingSpinBox* capacityBox() const { return m_capacity; }
    QPushButton* throttleButton() const { return m_throttle; }
    QPushButton* capacityButton() const { return m_extend; }
    QPushButton* pauseButton() const { return m_pause; }
    QPushButton* undoButton() const { return m_undoButton; }

signals:
    // For the timeline: an action asked for, confirmed, or undone.
    void noted(const QString& text);

private:
    QString operatorName() const;
    void apply(const engine::ConfigChange& change);

    Controls* m_controls; // the window's current feed (a new one per opened scenario)
    ScaleOut m_scaleOut;
    // What the panel knows of the current values (the latest sample, the event's config).
    int m_currentRate = 0;
    int m_currentCapacity = 0;
    engine::TimeMs m_currentOpensAt = 0;
    std::string m_currentMessage;
    std::optional<engine::ConfigChange> m_undo;
    QMessageBox* m_confirm = nullptr;
    QPushButton* m_undoButton;
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
