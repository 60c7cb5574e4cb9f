// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "report/report_data.h"

#include <QObject>
#include <QString>

class QThread;
class QWidget;

namespace sluice::ui {

// Writes an incident report (report.pdf and its data) or the data alone into a directory on
// a thread of its own (QPainter on a PDF needs no GUI thread; a day of four nodes is tens of
// megabytes), with a window-modal progress dialog over `dialogParent` that can cancel it.
// One at a time. Lives on the GUI thread, owned by the window (a member, not a child: the
// destructor waits for a report being written, seconds at most, before the window goes).
class ReportExport : public QObject {
    Q_OBJECT
public:
    explicit ReportExport(QWidget* dialogParent);
    ~ReportExport() override;

    // Starts writing `report` into `dir`: with the PDF, or the data alone. False (and nothing
    // starts) while another is being written.
    bool start(ReportData report, const QString& dir, bool withPdf);
    bool inProgress() const { return m_thread != nullptr; }

signals:
    // "" when written, "cancelled", or the error.
    void finished(const QString& dir, const QString& error, bool withPdf);

private:
    QWidget* m_dialogParent;
    QThread* m_thread = nullptr;
};

} // namespace sluice::ui
