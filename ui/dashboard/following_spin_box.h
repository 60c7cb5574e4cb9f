// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QSpinBox>

namespace sluice::ui {

// A number field that shows the value in force until the operator edits it: while it still
// shows what the feed reported last and does not have focus, it follows the feed; once
// edited it is left alone (so a change being typed is never overwritten) until revert().
// Before the feed has reported anything it shows "—", never a made-up 0.
class FollowingSpinBox : public QSpinBox {
    Q_OBJECT
public:
    explicit FollowingSpinBox(QWidget* parent = nullptr);
    // The values an operator may enter (the field also holds one below, for "—").
    void setAllowedRange(int minimum, int maximum);
    void follow(int runValue);
    // Back to the value in force (after a change was refused, cancelled or undone).
    void revert();
    // Nothing known any more (another scenario, other nodes): "—" until the next follow().
    void restart();
    bool known() const { return m_seeded; }

private:
    int m_floor = 0;
    bool m_seeded = false;
    int m_shown = 0; // the feed's, as last shown
};

} // namespace sluice::ui
