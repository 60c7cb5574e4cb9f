// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/sim_results.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;

#include "engine/event_config.h"
#include "feed/event_time.h"
#include "feed/feed.h"
#include "feed/in_force.h"
#include "series/sample.h"

#include <functional>
#include <optional>

class QMessageBox;

namespace sluice::ui {

class FollowingSpinBox;

// Scale the queue servers out (simulation only): operator, nodes, provisioning seconds.
using ScaleOut = std::function<void(const QString&, int, int)>;

// The operator's levers, each one action: throttle (admission rate), extend capacity,
// pause/resume, move the opening (of one cohort window, when the event has them), message the
// waiting, and (simulation) scale out the queue servers. Changes go through the feed's Controls;
// what the engine applied comes back in the audit timeline, and a refusal comes back with its
// reason, shown in the panel.
//
// The fields show the values in force (showInForce) from the moment a scenario or node is
// loaded, until the operator edits one; after a change is sent, refused, cancelled or undone
// they show what the feed reports again. Before a live node has reported, the fields read
// "—" and the levers are disabled: there is no value to change from.
//
// A large change — the rate or the capacity halved or more than doubled (or to zero), a
// pause, the opening moved by more than 10 minutes — is applied only after a confirmation
// that quotes the value in force. Undo (one step) asks to set the fields of the last change
// back to exactly the values they had before it, through the same confirmation, and warns
// when someone else has changed one of them since.
class ControlPanel : public QWidget {
    Q_OBJECT
public:
    ControlPanel(Controls& controls, ScaleOut scaleOut, QWidget* parent = nullptr);
    // After another scenario was opened, or when connecting to live nodes: forgets what was
    // in force (see showInForce) and the undo step.
    void setControls(Controls& controls, ScaleOut scaleOut);
    // The values in force now; fields not being edited follow them.
    void showInForce(const InForce& inForce);
    // The event's time zone: the opening is shown and entered in it ("2021-07-19 20:00:00 KST").
    void setEventTime(const EventTime& time);
    // Changes applied by the engine (anyone's): for undo's warning.
    void noteApplied(const QList<engine::AuditEntry>& entries);
    // A change the feed refused: shown in the panel, the fields back to what is in force.
    void showRefusal(const QString& reason);
    QString refusalText() const;
    // Who is at the console (the panel's operator field; "operator" when empty).
    QString operatorName() const;

    // Applies `change` (asking first when it is large); records what it replaces for undo.
    void request(const engine::ConfigChange& change);
    void undo();
    bool canUndo() const { return m_undo.has_value(); }
    // "rate 5,000 → 1,000 /min" when `change` needs a confirmation, else empty.
    // In English for the timeline, or `translated` for the question asked.
    QString largeChange(const engine::ConfigChange& change, bool translated = false) const;
    // The confirmation being asked (null when none): tests answer it.
    QMessageBox* pendingConfirmation() const { return m_confirm; }

    FollowingSpinBox* rateBox() const { return m_rate; }
    FollowingSpinBox* capacityBox() const { return m_capacity; }
    QPushButton* throttleButton() const { return m_throttle; }
    QPushButton* capacityButton() const { return m_extend; }
    QPushButton* pauseButton() const { return m_pause; }
    QPushButton* undoButton() const { return m_undoButton; }
    QDateTimeEdit* openingEdit() const { return m_opening; }
    // Which cohort window the opening field shows and Move opening moves (hidden for an
    // event with one opening).
    QComboBox* windowBox() const { return m_window; }
    QPushButton* moveButton() const { return m_move; }
    QLineEdit* messageEdit() const { return m_message; }
    QPushButton* messageButton() const { return m_send; }

signals:
    // For the timeline: an action asked for, confirmed, or undone.
    void noted(const QString& text);

private:
    void apply(const engine::ConfigChange& change, bool isUndo);
    void ask(const engine::ConfigChange& change, const QString& question, const QString& what,
             bool isUndo);
    // Every field not being edited shows the value in force again.
    void revertFields();
    void setLeversEnabled(bool on);
    // The cohort window chosen in windowBox (none for an event with one opening).
    std::optional<std::string> chosenWindow() const;
    // The choice follows the event's windows; the tooltips say what Move opening moves.
    void showWindows(const InForce& f);
    QDateTime openingShown(engine::TimeMs opensAt) const; // the field's value for it

    Controls* m_controls; // the window's current feed (a new one per opened scenario)
    ScaleOut m_scaleOut;
    InForce m_inForce; // what the feed reports is in force
    std::optional<engine::ConfigChange> m_undo;
    QStringList m_changedSinceByOthers; // fields of m_undo someone else changed since
    QMessageBox* m_confirm = nullptr;
    QLabel* m_refusal;
    QPushButton* m_undoButton;
    QLineEdit* m_operator;
    FollowingSpinBox* m_rate;
    QPushButton* m_throttle;
    FollowingSpinBox* m_capacity;
    QPushButton* m_extend;
    QPushButton* m_pause;
    QComboBox* m_window;
    QDateTimeEdit* m_opening;
    QPushButton* m_move;
    QLineEdit* m_message;
    QPushButton* m_send;
    FollowingSpinBox* m_nodes;
    QPushButton* m_scale;
    EventTime m_time;
};

} // namespace sluice::ui
