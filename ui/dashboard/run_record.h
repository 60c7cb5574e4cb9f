// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "chart_grid.h"
#include "feed/alert_monitor.h"
#include "feed/event_time.h"
#include "report/report_data.h"
#include "sample_store.h"
#include "series/sample.h"
#include "timeline_item.h"

#include <QList>
#include <QObject>
#include <vector>

namespace sluice::ui {

// Everything the window has received of the current run: every sample, the operator actions
// (audit entries), the alerts raised and cleared against the alert rules, and the markers
// the charts draw for them. What happened worth a line in the timeline — an action, an alert
// raised or cleared, a gap in live data — is told through noted(). A report or an export is
// made from it (reportData). GUI thread only; no widgets.
class RunRecord : public QObject {
    Q_OBJECT
public:
    explicit RunRecord(AlertRules rules, QObject* parent = nullptr);

    void addSamples(const QList<series::Sample>& samples);
    void addAudit(const QList<engine::AuditEntry>& entries);
    // One of the console's own timeline lines (a confirmation, a refusal, an undo, a
    // what-if, a node lost), kept for the report. After an "undo…" note the next changes
    // received are told as the undo they are ("ana: undo — Admission rate …").
    void addNote(engine::TimeMs at, const QString& text);
    // Seconds of a gap from a node's own history (`from`: whose): they take their place in
    // the store, so the charts and the report have them; the alert rules are not run over
    // them again (the alerts of the night are those raised as it happened). Returns the
    // seconds added.
    std::size_t fillGap(const QList<series::Sample>& samples, const QString& from);
    // Another run: everything received so far is dropped (the alert rules stay).
    void clear();

    void setAlertRules(const AlertRules& rules) { m_alerts.setRules(rules); }
    // The event's time zone, for the lines told from now on (and the report's times).
    void setEventTime(const EventTime& time) { m_time = time; }
    const EventTime& eventTime() const { return m_time; }
    const AlertMonitor& alerts() const { return m_alerts; }
    const SampleStore& store() const { return m_store; }
    const QList<ChartMarker>& markers() const { return m_markers; }
    // The latest sample's time; 0 before the first.
    engine::TimeMs lastAt() const { return m_store.empty() ? 0 : m_store.last().at; }

    // What a report or an export is made of: all of the above, under `title` and `source`.
    ReportData reportData(const QString& title, const QString& source) const;

signals:
    void noted(const sluice::ui::TimelineItem& item);

private:
    SampleStore m_store;
    AlertMonitor m_alerts;
    std::vector<engine::AuditEntry> m_audit;
    std::vector<TimelineEntry> m_alertLog; // alerts raised and cleared, for reports
    std::vector<TimelineEntry> m_notes;    // the console's own lines, for reports
    std::vector<QString> m_auditText;      // each audit entry as the timeline told it
    bool m_undoPending = false;            // the next changes received are an undo
    QList<ChartMarker> m_markers;
    EventTime m_time;
};

} // namespace sluice::ui
