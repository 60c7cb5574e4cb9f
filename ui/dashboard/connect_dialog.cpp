// SPDX-License-Identifier: Apache-2.0
#include "connect_dialog.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sluice::ui {
namespace {
enum Column { Name, Address, Key, CaFile, Columns };
}

ConnectDialog::ConnectDialog(QWidget* parent)
    : QDialog(parent), m_table(new QTableWidget(0, Columns, this)) {
    setWindowTitle(tr("Connect to live servers"));
    m_table->setHorizontalHeaderLabels(
        {tr("Name"), tr("Address"), tr("Admin key"), tr("CA file (https)")});
    m_table->horizontalHeader()->setSectionResizeMode(Address, QHeaderView::Stretch);
    auto* add = new QPushButton(tr("&Add node"), this);
    auto* remove = new QPushButton(tr("&Remove node"), this);
    connect(add, &QPushButton::clicked, this, [this] {
        addRow({QString("node-%1").arg(m_table->rowCount() + 1),
                QUrl("http://127.0.0.1:8080"),
                {},
                {}});
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0) {
            m_table->removeRow(m_table->currentRow());
        }
    });
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    m_connect = buttons->button(QDialogButtonBox::Ok);
    buttons->button(QDialogButtonBox::Cancel)->setAutoDefault(false);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        const QString wrong = problems();
        if (!wrong.isEmpty()) {
            QMessageBox::warning(this, tr("Connect"), wrong);
            return;
        }
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* rowButtons = new QHBoxLayout;
    rowButtons->addWidget(add);
    rowButtons->addWidget(remove);
    rowButtons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Each sluiced node's admin address and key. The keys are "
                                    "kept in this computer's settings for the console, never in "
                                    "exports or logs."),
                                 this));
    layout->addWidget(m_table);
    layout->addLayout(rowButtons);
    layout->addWidget(buttons);
    connect(m_table, &QTableWidget::itemChanged, this, &ConnectDialog::updateDefault);
    resize(760, 320);
    setNodes(saved());
    if (m_table->rowCount() == 0) {
        add->click();
    }
}

void ConnectDialog::addRow(const NodeAddress& node) {
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, Name, new QTableWidgetItem(node.name));
    m_table->setItem(row, Address, new QTableWidgetItem(node.url.toString()));
    auto* key = new QLineEdit(node.key, m_table);
    key->setEchoMode(QLineEdit::Password);
    key->setPlaceholderText(tr("admin key"));
    connect(key, &QLineEdit::textChanged, this, &ConnectDialog::updateDefault);
    m_table->setCellWidget(row, Key, key);
    m_table->setItem(row, CaFile, new QTableWidgetItem(node.caFile));
    updateDefault();
}

void ConnectDialog::setNodes(const QList<NodeAddress>& nodes) {
    m_table->setRowCount(0);
    for (const NodeAddress& n : nodes) {
        addRow(n);
    }
    updateDefault();
}

void ConnectDialog::updateDefault() {
    if (m_connect != nullptr) {
        const bool usable = problems().isEmpty();
        m_connect->setDefault(usable);
        m_connect->setAutoDefault(usable);
    }
}

QList<NodeAddress> ConnectDialog::nodes() const {
    QList<NodeAddress> out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const auto text = [&](int column) {
            const QTableWidgetItem* item = m_table->item(row, column);
            return item == nullptr ? QString() : item->text().trimmed();
        };
        const auto* key = qobject_cast<const QLineEdit*>(m_table->cellWidget(row, Key));
        out.append({text(Name), QUrl(text(Address)), key == nullptr ? QString() : key->text(),
                    text(CaFile)});
    }
    return out;
}

QString ConnectDialog::problems() const {
    QStringList out;
    const QList<NodeAddress> list = nodes();
    if (list.isEmpty()) {
        return tr("Add at least one node.");
    }
    for (int i = 0; i < list.size(); ++i) {
        const NodeAddress& n = list[i];
        const QString row = tr("Row %1: ").arg(i + 1);
        if (n.name.isEmpty()) {
            out << row + tr("a name is needed");
        }
        if (!n.url.isValid() || (n.url.scheme() != "http" && n.url.scheme() != "https") ||
            n.url.host().isEmpty()) {
            out << row + tr("the address must be http://HOST:PORT or https://HOST:PORT");
        }
        if (n.key.size() < 16) {
            out << row + tr("the admin key has at least 16 characters");
        }
    }
    return out.join('\n');
}

QList<NodeAddress> ConnectDialog::saved() {
    QSettings s;
    QList<NodeAddress> out;
    const int n = s.beginReadArray("live/nodes");
    for (int i = 0; i < n; ++i) {
        s.setArrayIndex(i);
        out.append({s.value("name").toString(), QUrl(s.value("url").toString()),
                    s.value("key").toString(), s.value("caFile").toString()});
    }
    s.endArray();
    return out;
}

void ConnectDialog::save(const QList<NodeAddress>& nodes) {
    QSettings s;
    s.beginWriteArray("live/nodes", static_cast<int>(nodes.size()));
    for (int i = 0; i < nodes.size(); ++i) {
        s.setArrayIndex(i);
        s.setValue("name", nodes[i].name);
        s.setValue("url", nodes[i].url.toString());
        s.setValue("key", nodes[i].key);
        s.setValue("caFile", nodes[i].caFile);
    }
    s.endArray();
    s.sync();
    // The keys are in this file: readable by the user alone.
    QFile::setPermissions(s.fileName(), QFile::ReadOwner | QFile::WriteOwner);
}

} // namespace sluice::ui
