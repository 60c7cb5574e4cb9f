// SPDX-License-Identifier: Apache-2.0
#include "node_health_panel.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sluice::ui {

QString fairJoinsText(const std::optional<FairJoins>& f, bool translated) {
    if (!f) {
        return "—"; // a node from before the field
    }
    const auto say = [translated](const char* english) {
        return translated ? QCoreApplication::translate("sluice::ui::NodeHealthPanel", english)
                          : QString(english);
    };
    QString pow =
        f->powMode == "off"
            ? say(QT_TRANSLATE_NOOP("sluice::ui::NodeHealthPanel", "no proof of work"))
        : f->powMode == "fixed"
            ? say(QT_TRANSLATE_NOOP("sluice::ui::NodeHealthPanel", "proof of work %1 bits"))
                  .arg(f->powBits)
            : say(QT_TRANSLATE_NOOP("sluice::ui::NodeHealthPanel",
                                    "proof of work auto, %1 bits now (%2–%3)"))
                  .arg(f->powBits)
                  .arg(f->powFloor)
                  .arg(f->powCeiling);
    QString tokens = say(QT_TRANSLATE_NOOP("sluice::ui::NodeHealthPanel", "%1 tokens shared"))
                         .arg(QLocale().toString(f->tokensShared));
    if (f->revokeSharedAbove > 0) {
        tokens += say(QT_TRANSLATE_NOOP("sluice::ui::NodeHealthPanel",
                                        ", %1 revoked (over %2 addresses)"))
                      .arg(QLocale().toString(f->tokensRevoked))
                      .arg(f->revokeSharedAbove);
    }
    return pow + " · " + tokens;
}

namespace {
// The state's words in the console's language (what the cluster adds after them too); a
// reconnection's or refusal's reason stays as the node or the network said it.
QString stateShown(const NodeHealth& n) {
    const auto swap = [&n](const QString& english, const QString& shown) {
        return n.stateText.startsWith(english) ? shown + n.stateText.mid(english.size())
                                               : n.stateText;
    };
    const qint64 seconds = n.msSinceSnapshot / 1000;
    switch (n.state) {
    case NodeClient::State::Connecting:
        return swap("connecting",
                    QCoreApplication::translate("sluice::ui::NodeHealthPanel", "connecting"));
    case NodeClient::State::Live:
        return swap("live", QCoreApplication::translate("sluice::ui::NodeHealthPanel", "live"));
    case NodeClient::State::Stale:
        return swap(
            QString("stale %1 s").arg(seconds),
            QCoreApplication::translate("sluice::ui::NodeHealthPanel", "stale %1 s").arg(seconds));
    case NodeClient::State::Reconnecting:
    case NodeClient::State::Refused:
        break;
    }
    return n.stateText;
}
} // namespace

NodeHealthPanel::NodeHealthPanel(QWidget* parent)
    : QWidget(parent), m_table(new QTableWidget(0, 6, this)) {
    m_table->setHorizontalHeaderLabels({tr("Node"), tr("Address"), tr("State"), tr("Waiting"),
                                        tr("Last snapshot"), tr("Fair joins")});
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setToolTip(tr("Each live sluiced node. Stale: no snapshot for 3 s (left out of the "
                           "totals). Reconnecting: retried with backoff. Refused: fix and "
                           "reconnect (File > Connect)."));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
}

void NodeHealthPanel::show(const QList<NodeHealth>& nodes) {
    m_table->setRowCount(static_cast<int>(nodes.size()));
    for (int row = 0; row < nodes.size(); ++row) {
        const NodeHealth& n = nodes[row];
        const bool live = n.state == NodeClient::State::Live;
        const QString age =
            n.msSinceSnapshot < 0 ? tr("never") : tr("%1 s ago").arg(n.msSinceSnapshot / 1000);
        const QStringList cells{
            n.name,        n.url,
            stateShown(n), live ? QLocale().toString(n.waiting) : QString("—"),
            age,           live ? fairJoinsText(n.fairJoins, true) : QString("—")};
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
