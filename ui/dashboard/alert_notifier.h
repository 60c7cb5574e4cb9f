// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "timeline_item.h"

#include <QObject>
#include <QString>
#include <functional>
#include <optional>

class QSystemTrayIcon;
class QWidget;

namespace sluice::ui {

// What the system tray tells the operator.
struct AlertNotice {
    QString title;   // "Sluice alert — <run>"
    QString message; // "<time>  <what the alert says>"
};

// Alerts reach an operator whose window is not in front: an alert raised while the window is
// not the active one (another application in front, or the window minimised) becomes a
// system tray notification; clicking it brings the window back. An alert cleared, an alert
// while the operator is looking, or any other line of the timeline is not notified. Where
// the desktop has no tray (the offscreen platform, some window managers) nothing is shown,
// but the decision is the same (noticeFor, lastNotice). GUI thread; a child of the window.
class AlertNotifier : public QObject {
    Q_OBJECT
public:
    using Clock = std::function<QString(engine::TimeMs)>;

    // `clock`: the window's time format, the one the timeline uses.
    AlertNotifier(QWidget* window, Clock clock);

    // The notice for `item` seen by an operator whose window is (not) `windowActive`;
    // nothing when there is nothing to tell.
    static std::optional<AlertNotice> noticeFor(const TimelineItem& item, bool windowActive,
                                                const QString& runName, const Clock& clock);
    // Whether the window is in front now (active and not minimised).
    bool windowActive() const;
    // Decides for `item` with the window as it is now, and shows the notice if the system
    // has a tray. Returns the notice decided on (shown or not).
    std::optional<AlertNotice> observe(const TimelineItem& item, const QString& runName);
    // How many notices were decided on, and the latest.
    int noticeCount() const { return m_count; }
    const std::optional<AlertNotice>& lastNotice() const { return m_last; }

private:
    void show(const AlertNotice& notice);

    QWidget* m_window;
    Clock m_clock;
    QSystemTrayIcon* m_tray = nullptr; // made on the first notice, where there is a tray
    int m_count = 0;
    std::optional<AlertNotice> m_last;
};

} // namespace sluice::ui
