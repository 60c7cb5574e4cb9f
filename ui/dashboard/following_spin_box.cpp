// SPDX-License-Identifier: Apache-2.0
#include "following_spin_box.h"

namespace sluice::ui {

FollowingSpinBox::FollowingSpinBox(QWidget* parent) : QSpinBox(parent) {
    restart();
}

void FollowingSpinBox::setAllowedRange(int minimum, int maximum) {
    m_floor = minimum;
    setRange(m_seeded ? minimum : minimum - 1, maximum);
}

void FollowingSpinBox::follow(int runValue) {
    if (!m_seeded) {
        setSpecialValueText(QString()); // the floor is a real value now (a rate of 0)
        setMinimum(m_floor);
        setValue(runValue);
    } else if (value() == m_shown && !hasFocus()) {
        setValue(runValue);
    }
    m_seeded = true;
    m_shown = runValue;
}

void FollowingSpinBox::revert() {
    if (m_seeded) {
        setValue(m_shown);
    }
}

void FollowingSpinBox::restart() {
    m_seeded = false;
    setSpecialValueText("—");
    setMinimum(m_floor - 1);
    setValue(m_floor - 1); // the special value: "—"
}

} // namespace sluice::ui
