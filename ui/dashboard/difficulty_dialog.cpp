// SPDX-License-Identifier: Apache-2.0
#include "difficulty_dialog.h"

#include "node_health_panel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace sluice::ui {
namespace {

// What one browser pays for a join at `bits`: 2^bits SHA-256 tries on average. The rate is
// the waiting page's own: 18 bits solved in a median 570 ms in headless Chromium on a
// 2-core machine (docs/benchmarks.md), about 460,000 tries a second; a phone is slower.
QString costOf(int bits) {
    const double seconds = std::ldexp(1.0, bits) / 460'000.0;
    return seconds < 1 ? DifficultyDialog::tr("under a second")
                       : DifficultyDialog::tr("about %1 s").arg(seconds, 0, 'f', 0);
}

} // namespace

DifficultyDialog::DifficultyDialog(const QList<NodeHealth>& nodes, QWidget* parent)
    : QDialog(parent), m_nodes(nodes), m_mode(new QComboBox(this)), m_bits(new QSpinBox(this)),
      m_summary(new QLabel(this)), m_cost(new QLabel(this)) {
    setWindowTitle(tr("Proof of work on join"));
    m_mode->addItem(tr("Off: joins need no work"), "off");
    m_mode->addItem(tr("Auto: follows the join rate"), "auto");
    m_mode->addItem(tr("Fixed number of bits"), "fixed");
    m_bits->setRange(0, 32);
    m_bits->setSuffix(tr(" bits"));
    // Start from what the first live node has in force, so Apply without a choice changes
    // nothing.
    for (const NodeHealth& n : nodes) {
        if (n.fairJoins && n.state == NodeClient::State::Live) {
            m_mode->setCurrentIndex(m_mode->findData(n.fairJoins->powMode));
            m_bits->setValue(n.fairJoins->powBits);
            break;
        }
    }
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("&Mode:"), m_mode);
    form->addRow(tr("&Bits:"), m_bits);
    form->addRow(tr("Per join:"), m_cost);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_apply = buttons->addButton(tr("&Apply to every node"), QDialogButtonBox::AcceptRole);
    // Cancel is the default: Enter in a field never sends a change by accident.
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &DifficultyDialog::update);
    connect(m_bits, &QSpinBox::valueChanged, this, &DifficultyDialog::update);
    update();
}

QString DifficultyDialog::mode() const {
    return m_mode->currentData().toString();
}

int DifficultyDialog::bits() const {
    return m_bits->value();
}

QString DifficultyDialog::summary(bool translated) const {
    const auto say = [translated](const char* english) {
        return translated ? tr(english) : QString(english);
    };
    const QString after = mode() == "off"     ? say(QT_TR_NOOP("off"))
                          : mode() == "fixed" ? say(QT_TR_NOOP("fixed %1 bits")).arg(bits())
                                              : say(QT_TR_NOOP("auto"));
    QStringList lines;
    for (const NodeHealth& n : m_nodes) {
        if (n.state == NodeClient::State::Refused) {
            continue; // nothing is sent there
        }
        const QString now = n.state == NodeClient::State::Live
                                ? fairJoinsText(n.fairJoins, translated).section(" · ", 0, 0)
                                : say(QT_TR_NOOP("not live (%1)")).arg(n.stateText);
        lines << QString("%1: %2 → %3").arg(n.name, now, after);
    }
    return lines.isEmpty() ? say(QT_TR_NOOP("No node to send the change to.")) : lines.join("\n");
}

void DifficultyDialog::update() {
    const bool fixed = mode() == "fixed";
    m_bits->setEnabled(fixed);
    m_cost->setText(mode() == "off" ? tr("nothing")
                    : fixed         ? tr("%1 in a browser").arg(costOf(bits()))
                                    : tr("set by the join rate, between the floor and "
                                                 "the ceiling shown"));
    m_summary->setText(summary(true));
    m_apply->setEnabled(std::any_of(m_nodes.begin(), m_nodes.end(), [](const NodeHealth& n) {
        return n.state != NodeClient::State::Refused;
    }));
}

} // namespace sluice::ui
