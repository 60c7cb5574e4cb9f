// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QSpinBox>

namespace sluice::ui {

// A number field that shows the run's current value until the operator edits it: while it
// still shows what the run showed last and does not have focus, it follows the run; once
// edited it is left alone (so a change being typed is never overwritten).
class FollowingSpinBox : public QSpinBox {
    Q_OBJECT
public:
    using QSpinBox::QSpinBox;
    void follow(int runValue);
    // Forget the run (another scenario): the next follow() sets the value outright.
    void restart() { m_seeded = false; }

private:
    bool m_seeded = false;
    int m_shown = 0; // the run's, as last shown
};

} // namespace sluice::ui
