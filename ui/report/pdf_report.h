// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "report_data.h"

#include <QString>
#include <functional>

namespace sluice::ui {

// Told how far the work is (0 … 1); returns false to cancel it.
using ReportProgress = std::function<bool(double fraction)>;

// The incident report as a PDF (A4). Page 1 is the headline (drawFirstPage): the event, the
// window in event time, the key figures, the waiting and wait-estimate charts with operator
// actions and alerts marked (and kept what-ifs dashed), and the what-if comparison when
// there is one. Page 2: every summary figure and the admission and error charts. The
// timeline of actions and alerts after that. Written to a temporary file and renamed into
// place, so a cancelled or failed report leaves nothing behind. Returns the error, or an
// empty string. Safe on any thread (no widgets).
QString writePdfReport(const ReportData& data, const ReportFigures& figures, const QString& path,
                       const ReportProgress& progress = {});

// The data alone in `dir` (the same files as below, without the PDF).
QString writeReportData(const ReportData& data, const QString& dir,
                        const ReportProgress& progress = {});

// The report and its data in `dir`: report.pdf, series.csv and series.json (the samples, as
// sluice-sim writes them), audit.json, alerts.json and figures.json; with a what-if
// comparison, what-ifs.csv and what-ifs.json (WhatIfOutcome, the run first).
QString writeReportBundle(const ReportData& data, const QString& dir,
                          const ReportProgress& progress = {});

} // namespace sluice::ui
