// SPDX-License-Identifier: Apache-2.0
#include "alert_notifier.h"

#include <QApplication>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QWidget>

namespace sluice::ui {

AlertNotifier::AlertNotifier(QWidget* window, Clock clock)
    : QObject(window), m_window(window), m_clock(std::move(clock)) {}

std::optional<AlertNotice> AlertNotifier::noticeFor(const TimelineItem& item, bool windowActive,
                                                    const QString& runName, const Clock& clock) {
    // The operator in front of the window sees the red tile, the line and the marker; a
    // cleared alert can wait until they look again.
    if (windowActive || item.kind != TimelineKind::AlertRaised) {
        return std::nullopt;
    }
    AlertNotice notice;
    notice.title = runName.isEmpty() ? tr("Sluice alert") : tr("Sluice alert — %1").arg(runName);
    notice.message = (item.at == 0 ? QString() : clock(item.at) + "  ") + shownText(item);
    return notice;
}

bool AlertNotifier::windowActive() const {
    return m_window->isActiveWindow() && !m_window->isMinimized();
}

std::optional<AlertNotice> AlertNotifier::observe(const TimelineItem& item,
                                                  const QString& runName) {
    std::optional<AlertNotice> notice = noticeFor(item, windowActive(), runName, m_clock);
    if (notice) {
        ++m_count;
        m_last = notice;
        show(*notice);
    }
    return notice;
}

void AlertNotifier::show(const AlertNotice& notice) {
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        return;
    }
    if (m_tray == nullptr) {
        QIcon icon = m_window->windowIcon();
        if (icon.isNull()) {
            icon = m_window->style()->standardIcon(QStyle::SP_MessageBoxWarning);
        }
        m_tray = new QSystemTrayIcon(icon, this);
        m_tray->setToolTip("Sluice");
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            m_window->showNormal();
            m_window->raise();
            m_window->activateWindow();
        });
        m_tray->show();
    }
    m_tray->showMessage(notice.title, notice.message, QSystemTrayIcon::Warning, 15'000);
}

} // namespace sluice::ui
