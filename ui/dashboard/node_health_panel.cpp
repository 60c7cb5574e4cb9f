// SPDX-License-Identifier: Apache-2.0
#include "node_health_panel.h"

#include <QHeaderView>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sluice::ui {

QString fairJoinsText(const std::optional<FairJoins>& f) {
    if (!f) {
        return "—"; // a node from before the field
    }
    QString pow = f->powMode == "off"     ? QString("no proof of work")
                  : f->powMode == "fixed" ? QString("proof of work %1 bits").arg(f->powBits)
                                          : QString("proof of work auto, %1 bits now (%2–%3)")
                                                .arg(f->powBits)
                                                .arg(f->powFloor)
                                                .arg(f->powCeiling);
    QString tokens = QString("%1 tokens shared").arg(QLocale().toString(f->tokensShared));
    if (f->revokeSharedAbove > 0) {
        tokens += QString(", %1 revoked (over %2 addresses)")
                      .arg(QLocale().toString(f->tokensRevoked))
                      .arg(f->revokeSharedAbove);
    }
    return pow + " · " + tokens;
}

NodeHealthPanel::NodeHealthPanel(QWidget* parent)
    : QWidget(parent), m_table(new QTableWidget(0, 6, this)) {
    m_table->setHorizontalHeaderLabels(
        {"Node", "Address", "State", "Waiting", "Last snapshot", "Fair joins"});
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setToolTip("Each live sluiced node. Stale: no snapshot for 3 s (left out of the "
                        "totals). Reconnecting: retried with backoff. Refused: fix and "
                        "reconnect (File > Connect).");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
}

void NodeHealthPanel::show(const QList<NodeHealth>& nodes) {
    m_table->setRowCount(static_cast<int>(nodes.size()));
    for (int row = 0; row < nodes.size(); ++row) {
        const NodeHealth& n = nodes[row];
        const bool live = n.state == NodeClient::State::Live;
        const QString age = n.msSinceSnapshot < 0
                                ? QString("never")
                                : QString("%1 s ago").arg(n.msSinceSnapshot / 1000);
        const QStringList cells{n.name,
                                n.url,
                                n.stateText,
                                live ? QLocale().toString(n.waiting) : QString("—"),
                                age,
                                live ? fairJoinsText(n.fairJoins) : QString("—")};
        for (int column = 0; column < cells.size(); ++column) {
            auto* item = m_table->item(row, column);
            if (item == nullptr) {
                item = new QTableWidgetItem;
                m_table->setItem(row, column, item);
            }
            item->setText(cells[column]);
            item->setBackground(live ? QBrush()
                                     : QBrush(n.state == NodeClient::State::Refused
                                                  ? QColor(255, 205, 205)
                                                  : QColor(255, 236, 190)));
        }
    }
}

QString NodeHealthPanel::text(int row, int column) const {
    const auto* item = m_table->item(row, column);
    return item == nullptr ? QString() : item->text();
}

int NodeHealthPanel::rows() const {
    return m_table->rowCount();
}

} // namespace sluice::ui
