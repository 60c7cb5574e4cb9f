// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "live/node_client.h"

#include <QDialog>

class QPushButton;
class QTableWidget;

namespace sluice::ui {

// "Connect to live servers": one row per sluiced node — a name, its address (http://… or
// https://… for a TLS admin port), the admin key (typed hidden, never shown again) and,
// for https with a certificate of its own, the CA file to trust. The list, keys included,
// is kept in the platform's settings store (QSettings), never in exports or logs. Connect
// is the default button (Enter) only while every row is usable: Enter on a half-filled list
// never drops the nodes being watched.
class ConnectDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConnectDialog(QWidget* parent = nullptr);
    QList<NodeAddress> nodes() const;
    void setNodes(const QList<NodeAddress>& nodes);
    // Empty when every row is usable; else what to fix, row by row.
    QString problems() const;

    static QList<NodeAddress> saved();
    static void save(const QList<NodeAddress>& nodes);

private:
    void addRow(const NodeAddress& node);
    void updateDefault();
    QTableWidget* m_table;
    QPushButton* m_connect = nullptr;
};

} // namespace sluice::ui
