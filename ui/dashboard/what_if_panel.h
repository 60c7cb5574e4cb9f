// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "feed/what_if.h"
#include "series/sample.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace sluice::ui {

class FollowingSpinBox;

// "What if we changed this now?": rate, capacity, queue nodes and (fair-join scenarios) the
// proof of work for a projection from the
// run's current moment (fields follow the run until edited), how far ahead, a progress
// bar with Cancel, and the projected peak and end. The projection itself is drawn on the
// charts; this panel only asks for it and reports it.
class WhatIfPanel : public QWidget {
    Q_OBJECT
public:
    explicit WhatIfPanel(QWidget* parent = nullptr);

    void follow(const series::Sample& latest);
    void restart(); // another scenario
    // The run's proof of work on join (a simulation with fairJoins), offered as a what-if
    // control; nullopt (live, or a scenario without fairJoins) disables it and says why.
    void setProofOfWorkRun(const std::optional<sim::FairJoins>& fairJoins);
    WhatIfRequest request() const;

    // What the feed reports back.
    void showProgress(double fraction);
    void showResult(const WhatIfResult& result);
    void showFailure(const QString& message);
    void showCancelled();

    FollowingSpinBox* rateBox() const { return m_rate; }
    QComboBox* powBox() const { return m_pow; }
    QSpinBox* powBitsBox() const { return m_powBits; }
    QPushButton* projectButton() const { return m_project; }
    QString resultText() const;
    // What the last projection asked for, in words: "admission rate 300 → 600 /min, to the
    // scenario's end" ("the run as it is" when nothing was changed).
    QString projectedText() const { return m_projected; }
    // The same, short, for the comparison's table and the charts' legend: "rate 4,000/min",
    // "+8 queue nodes", "capacity 30,000, 1 hour"; "as it is" when nothing was changed.
    QString projectedLabel() const { return m_projectedLabel; }
    QString label(const WhatIfRequest& request) const;
    // Clear what-ifs (the button, Ctrl+Shift+J): every kept what-if goes (clearRequested).
    void clearWhatIfs();
    // How many what-ifs are kept: Clear what-ifs is offered while there are any.
    void setWhatIfCount(int count);
    QPushButton* clearButton() const { return m_clear; }
    // Ctrl+J: the rate field, focused and selected, ready to type into; Enter projects.
    void focusRate();
    // The event's time zone: results say their times in it ("peak … at 20:31 KST").
    void setEventTime(const EventTime& time) { m_time = time; }

signals:
    void projectRequested(const sluice::ui::WhatIfRequest& request);
    void cancelRequested();
    void clearRequested();

private:
    void setBusy(bool busy);
    QString describe(const WhatIfRequest& request) const;

    FollowingSpinBox* m_rate;
    FollowingSpinBox* m_capacity;
    FollowingSpinBox* m_nodes;
    QComboBox* m_pow;
    QSpinBox* m_powBits;
    QComboBox* m_horizon;
    QPushButton* m_project;
    QPushButton* m_cancel;
    QPushButton* m_clear;
    QProgressBar* m_progress;
    QLabel* m_result;
    int m_runRate = 0, m_runCapacity = 0, m_runNodes = 0;
    QString m_projected;
    QString m_projectedLabel;
    QString m_runPow; // "auto 18–22 bits", "off", "22 bits"; empty: not modelled
    EventTime m_time;
};

} // namespace sluice::ui
