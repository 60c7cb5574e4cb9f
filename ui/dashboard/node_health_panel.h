// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "live/live_feed.h"

#include <QWidget>

class QTableWidget;

namespace sluice::ui {

// The live nodes at a glance: name, address, state (live, stale for how long, reconnecting
// in how long and why, refused and what to fix), people waiting there, age of the last
// snapshot, its fair-join defences (proof of work now, tokens used from several addresses).
// A row that is not live is tinted, so stale numbers never pass for current ones.
// "proof of work auto, 18 bits now (16–24) · 3 tokens shared, 1 revoked (over 2 addresses)";
// in English for the record (the timeline's notes), or `translated` for the screen.
QString fairJoinsText(const std::optional<FairJoins>& fairJoins, bool translated = false);

class NodeHealthPanel : public QWidget {
    Q_OBJECT
public:
    explicit NodeHealthPanel(QWidget* parent = nullptr);
    void show(const QList<NodeHealth>& nodes);
    QString text(int row, int column) const; // for tests
    int rows() const;

private:
    QTableWidget* m_table;
};

} // namespace sluice::ui
