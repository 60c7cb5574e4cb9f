// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "live/live_feed.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace sluice::ui {

// Controls > Proof of work… (live only): the proof of work each node asks of a join now,
// and the operator's change of it — off, auto (the difficulty follows the join rate) or a
// fixed number of bits — sent to every standalone node and once to each cluster (its log
// takes it to all its nodes; docs/server.md), and audited there. The dialog is its own confirmation: it quotes what is in force on each
// node and what the change would make of it, and nothing is sent until Apply.
class DifficultyDialog : public QDialog {
    Q_OBJECT
public:
    DifficultyDialog(const QList<NodeHealth>& nodes, QWidget* parent = nullptr);

    QString mode() const; // "off", "auto" or "fixed"
    int bits() const;     // fixed mode's bits
    // "node-a: proof of work auto, 18 bits now (16–24) → fixed 22 bits"; one line a node.
    QString summary() const;

    QComboBox* modeBox() const { return m_mode; }
    QSpinBox* bitsBox() const { return m_bits; }
    QPushButton* applyButton() const { return m_apply; }

private:
    void update();

    QList<NodeHealth> m_nodes;
    QComboBox* m_mode;
    QSpinBox* m_bits;
    QLabel* m_summary;
    QLabel* m_cost;
    QPushButton* m_apply;
};

} // namespace sluice::ui
