// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdio>
#include <string>

namespace sluice::app {

// A one-line progress bar on stderr, redrawn in place; silent when disabled.
class ProgressBar {
public:
    ProgressBar(bool enabled, std::string label) : m_enabled(enabled), m_label(std::move(label)) {}
    ~ProgressBar() { finish(); }
    void update(double fraction, const std::string& detail) {
        if (!m_enabled) {
            return;
        }
        const int width = 30;
        const int filled = static_cast<int>(fraction * width + 0.5);
        std::fprintf(stderr, "\r%s [%.*s%*s] %3d%%  %s", m_label.c_str(), filled,
                     "##############################", width - filled, "",
                     static_cast<int>(fraction * 100 + 0.5), detail.c_str());
        std::fflush(stderr);
        m_drawn = true;
    }
    void finish() {
        if (m_drawn) {
            std::fputc('\n', stderr);
            m_drawn = false;
        }
    }

private:
    bool m_enabled;
    std::string m_label;
    bool m_drawn = false;
};

} // namespace sluice::app
