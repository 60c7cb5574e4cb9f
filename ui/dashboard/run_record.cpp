// SPDX-License-Identifier: Apache-2.0
#include "run_record.h"

#include "report/change_words.h"
#include "series/sample.h"

#include <algorithm>

namespace sluice::ui {

RunRecord::RunRecord(AlertRules rules, QObject* parent) : QObject(parent), m_alerts(rules) {}

void RunRecord::addSamples(const QList<series::Sample>& samples) {
    const series::Sample* previous = m_store.empty() ? nullptr : &m_store.last();
    for (const series::Sample& s : samples) {
        if (previous != nullptr && isGap(*previous, s)) {
            const QString text =
                QString("no live data from %1 to %2 (gap)")
                    .arg(m_time.format(previous->at, "HH:mm:ss"), m_time.clockSeconds(s.at));
            emit noted({s.at, TimelineKind::Node, {}, text});
            m_markers.append(ChartMarker{s.at, text, false});
        }
        previous = &s;
    }
    m_store.append(samples);
    for (const series::Sample& s : samples) {
        for (const AlertEvent& e : m_alerts.observe(s)) {
            const QString text = (e.raised ? "ALERT " : "cleared: ") + e.text;
            emit noted({e.at,
                        e.raised ? TimelineKind::AlertRaised : TimelineKind::AlertCleared,
                        {},
                        e.text,
                        e.shown});
            m_alertLog.push_back({e.at, e.raised, text});
            if (e.raised) {
                m_markers.append(ChartMarker{e.at, e.shown, true}); // on screen only
            }
        }
    }
}

void RunRecord::addAudit(const QList<engine::AuditEntry>& entries) {
    for (const engine::AuditEntry& e : entries) {
        // A node's log is read whole after a reconnection: what is kept is not told twice.
        if (std::find(m_audit.begin(), m_audit.end(), e) != m_audit.end()) {
            continue;
        }
        m_audit.push_back(e);
        const TimelineItem item{e.at, TimelineKind::Action, QString::fromStdString(e.operatorName),
                                (m_undoPending ? "undo — " : "") + describeChange(e, m_time)};
        const QString text = timelineLine(item);
        m_auditText.push_back(text);
        emit noted(item);
        m_markers.append(ChartMarker{e.at, text, false});
    }
    if (!entries.isEmpty()) {
        m_undoPending = false; // the undo's changes came (all in one answer)
    }
}

std::size_t RunRecord::fillGap(const QList<series::Sample>& samples, const QString& from) {
    const std::size_t added = m_store.fill(samples);
    if (added > 0) {
        const QString text = QString("%1 s from %2 to %3 filled from %4's own history")
                                 .arg(added)
                                 .arg(m_time.format(samples.front().at, "HH:mm:ss"),
                                      m_time.clockSeconds(samples.back().at), from);
        emit noted({samples.back().at, TimelineKind::Node, {}, text});
        m_notes.push_back({samples.back().at, false, text});
    }
    return added;
}

void RunRecord::addNote(engine::TimeMs at, const QString& text) {
    m_notes.push_back({at, false, text});
    if (text.startsWith("undo") || text.startsWith("confirmed: undo")) {
        m_undoPending = true;
    } else if (text.startsWith("refused") || text.startsWith("not applied")) {
        m_undoPending = false;
    }
}

void RunRecord::clear() {
    m_store.clear();
    m_alerts.reset();
    m_audit.clear();
    m_alertLog.clear();
    m_notes.clear();
    m_auditText.clear();
    m_undoPending = false;
    m_markers.clear();
}

ReportData RunRecord::reportData(const QString& title, const QString& source) const {
    ReportData report;
    report.title = title;
    report.source = source;
    report.samples = m_store.samples();
    report.audit = m_audit;
    report.alerts = m_alertLog;
    report.notes = m_notes;
    report.auditText = m_auditText;
    report.timeZone = m_time.requestedName();
    return report;
}

} // namespace sluice::ui
