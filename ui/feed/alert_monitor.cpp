// SPDX-License-Identifier: Apache-2.0
#include "alert_monitor.h"

#include "series/sample.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>
#include <cmath>

namespace sluice::ui {

QString AlertRules::describe() const {
    QStringList parts;
    parts << (estimateAboveMinutes > 0 ? QString("estimate above %1 min").arg(estimateAboveMinutes)
                                       : QString("estimate rule off"));
    parts << (backendErrorsAbovePerSecond > 0
                  ? QString("backend errors above %1/s").arg(backendErrorsAbovePerSecond)
                  : QString("backend-error rule off"));
    parts << (saturatedForSeconds > 0
                  ? QString("capacity saturated for %1 s").arg(saturatedForSeconds)
                  : QString("saturation rule off"));
    return parts.join(", ");
}

void AlertMonitor::reset() {
    m_active = {};
    m_fineSince.fill(-1);
    m_saturatedSince = -1;
}

QList<AlertEvent> AlertMonitor::observe(const series::Sample& s) {
    // Saturated: 99% of the slots or more taken, by sessions or by admissions not yet claimed
    // (the engine holds their places). Sampled once a second, a full site shows a few free
    // slots between a session's end and the next tick's admission; 99% reads through that.
    const bool saturated = s.capacity > 0 && (s.activeSessions + s.admittedUnclaimed) * 100 >=
                                                 static_cast<std::uint64_t>(s.capacity) * 99;
    if (!saturated) {
        m_saturatedSince = -1;
    } else if (m_saturatedSince < 0) {
        m_saturatedSince = s.at;
    }
    const double estimateMinutes = s.shownEstimateSeconds / 60.0;
    const std::array<bool, kRules> breached{
        m_rules.estimateAboveMinutes > 0 && estimateMinutes > m_rules.estimateAboveMinutes,
        m_rules.backendErrorsAbovePerSecond > 0 &&
            s.backendErrors > static_cast<std::uint64_t>(m_rules.backendErrorsAbovePerSecond),
        m_rules.saturatedForSeconds > 0 && saturated &&
            s.at - m_saturatedSince >= engine::TimeMs{m_rules.saturatedForSeconds} * 1000,
        s.waiting > 0 && s.admitsPerSecond == 0 && (s.admissionRatePerMinute == 0 || s.paused),
    };
    QList<AlertEvent> events;
    for (int r = 0; r < kRules; ++r) {
        const auto i = static_cast<std::size_t>(r);
        bool raised = false;
        if (breached[i]) {
            m_fineSince[i] = -1;
            if (m_active[i]) {
                continue;
            }
            raised = true;
        } else {
            if (!m_active[i]) {
                continue;
            }
            if (m_fineSince[i] < 0) {
                m_fineSince[i] = s.at;
            }
            if (s.at - m_fineSince[i] < kClearAfterMs) {
                continue;
            }
        }
        m_active[i] = raised;
        events.append(AlertEvent{s.at, r, raised, describe(r, raised, s, estimateMinutes, false),
                                 describe(r, raised, s, estimateMinutes, true)});
    }
    return events;
}

// An alert's words: in English for the record, or `translated` for the console to show.
QString AlertMonitor::describe(int rule, bool raised, const series::Sample& s,
                               double estimateMinutes, bool translated) const {
    const auto say = [translated](const char* english) {
        return translated ? QCoreApplication::translate("sluice::ui::AlertMonitor", english)
                          : QString(english);
    };
    switch (rule) {
    case Estimate:
        return raised
                   ? say(QT_TRANSLATE_NOOP("sluice::ui::AlertMonitor",
                                           "estimate for a new arrival %1 min (above %2)"))
                         .arg(std::llround(estimateMinutes))
                         .arg(m_rules.estimateAboveMinutes)
                   : say(QT_TRANSLATE_NOOP("sluice::ui::AlertMonitor", "estimate back to %1 min"))
                         .arg(std::llround(estimateMinutes));
    case BackendErrors:
        return raised ? say(QT_TRANSLATE_NOOP("sluice::ui::AlertMonitor",
                                              "backend errors %1/s (above %2)"))
                            .arg(s.backendErrors)
                            .arg(m_rules.backendErrorsAbovePerSecond)
                      : say(QT_TRANSLATE_NOOP("sluice::ui::AlertMonitor",
                                              "backend errors back to %1/s"))
                            .arg(s.backendErrors);
    case Stopped:
        return raised ? say(QT_TRANSLATE_NOOP("sluice::ui::AlertMonitor",
                                              "admissions stopped: %1 waiting, %2"))
                            .arg(QLocale().toString(static_cast<qulonglong>(s.waiting)),
                                 s.paused
                                     ? say(QT_TRANSLATE_NOOP("sluice::ui::AlertMonitor", "paused"))
                                     : say(QT_TRANSLATE_NOOP("sluice::ui::AlertMonitor",
                                                             "rate 0 /min")))
                      : say(QT_TRANSLATE_NOOP("sluice::ui::AlertMonitor",
                                              "admissions going again (%1 /min)"))
                            .arg(s.admissionRatePerMinute);
    default:
        return raised ? say(QT_TRANSLATE_NOOP("sluice::ui::AlertMonitor",
                                              "capacity saturated (%1 sessions) for %2 s"))
                            .arg(s.activeSessions)
                            .arg(m_rules.saturatedForSeconds)
                      : say(QT_TRANSLATE_NOOP("sluice::ui::AlertMonitor",
                                              "capacity no longer saturated (%1 / %2)"))
                            .arg(s.activeSessions)
                            .arg(s.capacity);
    }
}

} // namespace sluice::ui
