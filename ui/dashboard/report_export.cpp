// SPDX-License-Identifier: Apache-2.0
#include "report_export.h"

#include "report/pdf_report.h"

#include <QPointer>
#include <QProgressDialog>
#include <QThread>
#include <atomic>
#include <memory>

namespace sluice::ui {

ReportExport::ReportExport(QWidget* dialogParent) : m_dialogParent(dialogParent) {}

ReportExport::~ReportExport() {
    if (m_thread != nullptr) {
        m_thread->wait(); // a report being written finishes first
    }
}

bool ReportExport::start(ReportData report, const QString& dir, bool withPdf) {
    if (m_thread != nullptr) {
        return false;
    }
    auto* progress =
        new QProgressDialog(withPdf ? tr("Writing the incident report…") : tr("Writing the data…"),
                            tr("Cancel"), 0, 100, m_dialogParent);
    progress->setObjectName("reportProgress");
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(300);
    progress->setAutoClose(false);
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    connect(progress, &QProgressDialog::canceled, this, [cancelled] { *cancelled = true; });
    QPointer<QProgressDialog> bar(progress);
    m_thread = QThread::create([this, report = std::move(report), dir, cancelled, bar, withPdf] {
        const ReportProgress tell = [cancelled, bar](double x) {
            QMetaObject::invokeMethod(
                bar.data(),
                [bar, x] {
                    if (bar) {
                        bar->setValue(static_cast<int>(x * 100));
                    }
                },
                Qt::QueuedConnection);
            return !cancelled->load();
        };
        const QString error =
            withPdf ? writeReportBundle(report, dir, tell) : writeReportData(report, dir, tell);
        // Back on the GUI thread: the thread is done, the dialog goes, and the outcome is told.
        QMetaObject::invokeMethod(
            this,
            [this, dir, error, bar, withPdf] {
                m_thread->wait();
                m_thread->deleteLater();
                m_thread = nullptr;
                if (bar) {
                    bar->deleteLater();
                }
                emit finished(dir, error, withPdf);
            },
            Qt::QueuedConnection);
    });
    m_thread->setObjectName("report");
    m_thread->start();
    return true;
}

} // namespace sluice::ui
