// SPDX-License-Identifier: Apache-2.0
// The window's times in the event's zone: told to every part that shows a time.
#include "accuracy_chart.h"
#include "console_actions.h"
#include "control_panel.h"
#include "dashboard_window.h"
#include "timeline_model.h"
#include "what_if_comparison.h"
#include "what_if_panel.h"

#include <QDateTime>

namespace sluice::ui {

void DashboardWindow::setEventTime(const QString& zone, engine::TimeMs opensAt, bool announce) {
    const EventTime time(zone);
    // The charts' one shift for the night is the offset at the opening (or, not known yet,
    // at the run's current moment): see EventTimeAxis.
    const engine::TimeMs reference = opensAt > 0 ? opensAt : nowOfRun();
    m_record.setEventTime(time);
    const EventTimeAxis axis(time, reference);
    m_charts->setEventTime(axis);
    m_accuracy->setEventTime(axis);
    m_controls->setEventTime(time);
    m_whatIf->setEventTime(time);
    m_comparison->setEventTime(time);
    if (announce) {
        m_timeline->append(
            {nowOfRun(),
             TimelineKind::Console,
             {},
             "times in " + time.zoneTitle(reference) + " (UTC on hover and in exported data)"});
    }
    showClock();
}

QString DashboardWindow::clockOf(engine::TimeMs at) const {
    return eventTime().dateTime(at);
}

QString DashboardWindow::clockHover(engine::TimeMs at) const {
    return tr("Time zone: %1; in UTC: %2 UTC")
        .arg(eventTime().zoneTitle(at),
             QDateTime::fromMSecsSinceEpoch(at, Qt::UTC).toString("yyyy-MM-dd HH:mm:ss"));
}

} // namespace sluice::ui
