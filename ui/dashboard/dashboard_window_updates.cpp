// SPDX-License-Identifier: Apache-2.0
// DashboardWindow as the run goes on: the timeline's notes, samples into the store and the
// tiles, the throttled repaint, the clock and the live nodes' health. (Split from
// dashboard_window.cpp, which builds the window and switches feeds.)
#include "accuracy_chart.h"
#include "alert_notifier.h"
#include "chart_grid.h"
#include "console_actions.h"
#include "control_panel.h"
#include "dashboard_window.h"
#include "feed/simulation_feed.h"
#include "live/live_feed.h"
#include "node_health_panel.h"
#include "series/sample.h"
#include "tile_board.h"
#include "timeline_model.h"
#include "timeline_panel.h"
#include "what_if_panel.h"

#include <QDateTime>
#include <QDockWidget>
#include <QLabel>
#include <QStatusBar>

namespace sluice::ui {

void DashboardWindow::note(const TimelineItem& item) {
    m_timeline->append(item);
    m_notifier->observe(item, m_runName);
}

engine::TimeMs DashboardWindow::nowOfRun() const {
    if (!store().empty()) {
        return m_record.lastAt();
    }
    return m_runStart != 0 ? m_runStart : QDateTime::currentMSecsSinceEpoch();
}

void DashboardWindow::noteNow(TimelineKind kind, const QString& what) {
    const bool operatorDid = kind == TimelineKind::Action; // asked here: by this console's operator
    noteOwn({nowOfRun(), kind, operatorDid ? m_controls->operatorName() : QString(), what});
}

void DashboardWindow::noteOwn(const TimelineItem& item) {
    note(item);
    // The report keeps the words (a node's with its name; "undo…" starts an undo's note).
    m_record.addNote(item.at, item.kind == TimelineKind::Node ? timelineLine(item) : item.what);
}

void DashboardWindow::setInForce(const InForce& inForce) {
    m_inForce = inForce;
    m_controls->showInForce(m_inForce);
    m_dirty = true; // the tiles show it with the next repaint
}

QString DashboardWindow::timelineText() const {
    return m_timeline->plainText();
}

void DashboardWindow::onSamples(const QList<series::Sample>& incoming) {
    // After a reconnection the kept night already has some of these seconds.
    QList<series::Sample> samples = incoming;
    const engine::TimeMs last = m_record.lastAt();
    samples.removeIf([last](const series::Sample& s) { return s.at <= last; });
    // Seconds missed (the console was cut off, the nodes were not): asked of the nodes' own
    // histories, added up per second as the feed adds up live snapshots.
    LiveFeed* live = m_session.live();
    if (live != nullptr) {
        const series::Sample* before = store().empty() ? nullptr : &store().last();
        for (const series::Sample& s : samples) {
            if (before != nullptr && isGap(*before, s)) {
                // Through the first second after the gap too: it can come from the node that
                // reconnected first alone, and every node's history holds it.
                live->fetchHistory(before->at, s.at + 1);
            }
            before = &s;
        }
    }
    if (store().empty() && !samples.isEmpty() && m_session.live() != nullptr) {
        // The report counts refusals from the first second received, by reason as in total.
        m_rejectionsBefore = m_session.live()->tokenRejectionsByReason();
    }
    m_record.addSamples(samples);
    if (!samples.isEmpty()) {
        InForce now = m_inForce;
        now.follow(samples.back());
        setInForce(now);
        m_whatIf->follow(samples.back());
    }
    m_dirty = true;
    emit samplesArrived(static_cast<qsizetype>(store().samples().size()));
}

void DashboardWindow::repaint() {
    if (m_dirty && !store().empty()) {
        m_dirty = false;
        m_tiles->show(store().last(), m_record.alerts(), m_inForce);
        showClock();
        m_chartsStale = ChartGrid::kCharts; // each chart once more, in turn
    }
    if (m_chartsStale > 0) {
        m_charts->setMarkers(m_record.markers());
        m_charts->refreshNext();
        --m_chartsStale;
    }
    // Live, the accuracy chart follows the samples every 2 s while it is open (one pass over
    // them: a day is 86,400 samples, about a millisecond).
    if (isLive() && m_accuracyDock->isVisible() && !store().empty() && ++m_accuracyTicks >= 20) {
        m_accuracyTicks = 0;
        const auto& samples = store().samples();
        m_accuracy->setAccuracy(
            accuracyOfSamples(samples, accuracyBinMs(samples.back().at - samples.front().at)));
    }
}

void DashboardWindow::showClock() {
    m_statusHint->setText(isLive()          ? (m_session.stale() || store().empty()
                                                   ? tr("No live data — File › Reconnect now (Ctrl+Shift+R)")
                                                   : tr("Live"))
                          : store().empty() ? tr("Paused at the start — press F5 to run")
                          : m_runFinished   ? tr("The run is over")
                                            : QString());
    if (store().empty()) {
        m_actions->setClock(isLive() ? tr("—  no live data yet")
                                     : clockOf(m_runStart) + tr("  — press F5 to run"),
                            isLive() ? QString() : clockHover(m_runStart));
        return;
    }
    m_actions->setClock(clockOf(store().last().at) +
                            (m_session.stale() ? tr("  — no live data") : ""),
                        clockHover(store().last().at));
}

void DashboardWindow::updateHealth() {
    LiveFeed* live = m_session.live();
    if (live == nullptr) {
        return;
    }
    const QList<NodeHealth> nodes = live->health();
    m_health->show(nodes);
    // Into the timeline: each change of a node's state, not every tick of its countdown.
    const engine::TimeMs now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < nodes.size(); ++i) {
        if (i < m_nodeStates.size() && m_nodeStates[i] == nodes[i].state) {
            continue;
        }
        const bool first = i >= m_nodeStates.size();
        if (!(first && nodes[i].state == NodeClient::State::Connecting)) {
            noteOwn({now, TimelineKind::Node, nodes[i].name, nodes[i].stateText});
        }
        if (first) {
            m_nodeStates.append(nodes[i].state);
        } else {
            m_nodeStates[i] = nodes[i].state;
        }
    }
}

} // namespace sluice::ui
