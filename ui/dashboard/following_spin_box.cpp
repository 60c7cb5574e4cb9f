// SPDX-License-Identifier: Apache-2.0
#include "following_spin_box.h"

namespace sluice::ui {

void FollowingSpinBox::follow(int runValue) {
    if (!m_seeded || (value() == m_shown && !hasFocus())) {
        setValue(runValue);
    }
    m_seeded = true;
    m_shown = runValue;
}

} // namespace sluice::ui
