// SPDX-License-Identifier: Apache-2.0
// The window's reports and exports: what they are made of, and what the operator is told
// when one is written or fails.
#include "dashboard_window.h"
#include "feed/simulation_feed.h"
#include "live/live_feed.h"
#include "report/pdf_report.h"
#include "what_if_comparison.h"

#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>

namespace sluice::ui {
namespace {
constexpr int kStatusShownMs = 8000; // "The report written to …"
} // namespace

// What a report or an export is made of: everything the window has received so far.
ReportData DashboardWindow::reportData() const {
    ReportData report = m_record.reportData(
        m_runName, isLive() ? "live nodes " + m_runName + ", as the console received them"
                            : "simulation of " + m_runName + " in the console");
    report.whatIfs = m_comparison->outcomes(); // the run first; none without what-ifs
    if (const LiveFeed* live = m_session.live()) {
        for (auto [reason, n] : live->tokenRejectionsByReason().asKeyValueRange()) {
            n -= std::min(n, m_rejectionsBefore.value(reason));
            if (n > 0) {
                report.tokenRejectionsByReason.insert(reason, n);
            }
        }
    } else if (const SimulationFeed* simulation = m_session.simulation()) {
        // The engine's count from the run's start, as of the last samples received.
        report.tokenRejectionsByReason = simulation->tokenRejectionsByReason();
    }
    return report;
}

bool DashboardWindow::exportData(const QString& dir, QString* error) const {
    const QString failed = writeReportData(reportData(), dir);
    if (!failed.isEmpty() && error != nullptr) {
        *error = failed;
    }
    return failed.isEmpty();
}

void DashboardWindow::exportReport(const QString& dir, bool withPdf) {
    if (!m_reports.start(reportData(), dir, withPdf)) {
        emit reportFinished(dir, "a report is already being written");
    }
}

void DashboardWindow::onReportWritten(const QString& dir, const QString& error, bool withPdf) {
    if (error.isEmpty()) {
        const QString what = withPdf ? "report" : "data";
        statusBar()->showMessage(
            (withPdf ? tr("The report written to %1") : tr("The data written to %1")).arg(dir),
            kStatusShownMs);
        noteNow(TimelineKind::Console, what + " written to " + dir);
    } else if (error != "cancelled") {
        QMessageBox::critical(this, withPdf ? tr("Incident report") : tr("Export"), error);
    }
    emit reportFinished(dir, error);
}

bool DashboardWindow::comparisonShown() const {
    return m_lowerTabs->currentWidget() == m_comparison && m_comparison->isVisible();
}

} // namespace sluice::ui
