// SPDX-License-Identifier: Apache-2.0
#include "control_panel.h"

#include "following_spin_box.h"
#include "series/sample.h"

#include <QDateTimeEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>

namespace sluice::ui {
namespace {
QWidget* row(QWidget* parent, QWidget* field, QPushButton* button) {
    auto* w = new QWidget(parent);
    auto* l = new QHBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(field, 1);
    l->addWidget(button);
    return w;
}
} // namespace

ControlPanel::ControlPanel(Controls& controls, ScaleOut scaleOut, engine::TimeMs opensAt,
                           QWidget* parent)
    : QWidget(parent), m_controls(&controls), m_scaleOut(std::move(scaleOut)),
      m_currentOpensAt(opensAt), m_undoButton(new QPushButton("&Undo last change", this)),
      m_operator(new QLineEdit(this)), m_rate(new FollowingSpinBox(this)),
      m_throttle(new QPushButton("Set &rate", this)), m_capacity(new FollowingSpinBox(this)),
      m_extend(new QPushButton("Set &capacity", this)),
      m_pause(new QPushButton("&Pause admissions", this)), m_opening(new QDateTimeEdit(this)),
      m_move(new QPushButton("&Move opening", this)), m_message(new QLineEdit(this)),
      m_send(new QPushButton("&Send", this)), m_nodes(new FollowingSpinBox(this)),
      m_scale(new QPushButton("Scale &out", this)) {
    const QString user = qEnvironmentVariable("USER", "operator");
    m_operator->setText(user);
    m_operator->setToolTip("Recorded with every change in the audit timeline.");
    m_rate->setRange(0, 10'000'000);
    m_rate->setSuffix(" /min");
    m_rate->setToolTip("Admissions per minute: lower it to throttle, raise it to speed up.");
    m_capacity->setRange(0, 100'000'000);
    m_capacity->setToolTip("Concurrent sessions the protected site can hold.");
    m_opening->setTimeSpec(Qt::UTC);
    m_opening->setDisplayFormat("yyyy-MM-dd HH:mm:ss 'UTC'");
    m_opening->setToolTip("Opening time, judged by the server's UTC clock only.");
    m_opening->setDateTime(QDateTime::fromMSecsSinceEpoch(opensAt, Qt::UTC));
    m_message->setPlaceholderText("Shown to everyone waiting");
    m_message->setMaxLength(1000);
    m_nodes->setRange(1, 1000);
    m_nodes->setToolTip("Queue-server nodes after the scale-out (ready after 10 minutes).");

    auto* form = new QFormLayout(this);
    form->addRow("Operator", m_operator);
    form->addRow("Admission rate", row(this, m_rate, m_throttle));
    form->addRow("Capacity", row(this, m_capacity, m_extend));
    form->addRow("", m_pause);
    form->addRow("Opening", row(this, m_opening, m_move));
    form->addRow("Message", row(this, m_message, m_send));
    form->addRow("Queue nodes", row(this, m_nodes, m_scale));
    form->addRow("", m_undoButton);
    m_undoButton->setEnabled(false);
    m_undoButton->setToolTip("Set the fields of the last change back to what they were.");
    connect(m_undoButton, &QPushButton::clicked, this, &ControlPanel::undo);
    m_nodes->setEnabled(static_cast<bool>(m_scaleOut));
    m_scale->setEnabled(static_cast<bool>(m_scaleOut));

    connect(m_throttle, &QPushButton::clicked, this, [this] {
        engine::ConfigChange c;
        c.admissionRatePerMinute = m_rate->value();
        request(c);
    });
    connect(m_extend, &QPushButton::clicked, this, [this] {
        engine::ConfigChange c;
        c.capacity = m_capacity->value();
        request(c);
    });
    connect(m_pause, &QPushButton::clicked, this, [this] {
        engine::ConfigChange c;
        c.paused = !m_paused;
        request(c);
    });
    connect(m_move, &QPushButton::clicked, this, [this] {
        engine::ConfigChange c;
        c.opensAt = m_opening->dateTime().toMSecsSinceEpoch();
        request(c);
    });
    connect(m_send, &QPushButton::clicked, this, [this] {
        engine::ConfigChange c;
        c.message = m_message->text().toStdString();
        request(c);
    });
    connect(m_scale, &QPushButton::clicked, this, [this] {
        if (m_scaleOut) {
            m_scaleOut(operatorName(), m_nodes->value(), 600);
        }
    });
}

void ControlPanel::setControls(Controls& controls, ScaleOut scaleOut, engine::TimeMs opensAt) {
    m_controls = &controls;
    m_scaleOut = std::move(scaleOut);
    m_nodes->setEnabled(static_cast<bool>(m_scaleOut));
    m_scale->setEnabled(static_cast<bool>(m_scaleOut));
    for (FollowingSpinBox* box : {m_rate, m_capacity, m_nodes}) {
        box->restart();
    }
    m_currentOpensAt = opensAt;
    m_currentMessage.clear();
    m_opening->setDateTime(QDateTime::fromMSecsSinceEpoch(opensAt, Qt::UTC));
    m_undo.reset();
    m_undoButton->setEnabled(false);
    if (m_confirm != nullptr) {
        m_confirm->reject();
    }
}

void ControlPanel::followEvent(engine::TimeMs opensAt, const QString& message) {
    m_currentOpensAt = opensAt;
    m_currentMessage = message.toStdString();
    m_opening->setDateTime(QDateTime::fromMSecsSinceEpoch(opensAt, Qt::UTC));
    if (m_message->text().isEmpty()) {
        m_message->setText(message);
    }
}

QString ControlPanel::largeChange(const engine::ConfigChange& c) const {
    const QLocale locale;
    const auto big = [](int from, int to) {
        return to == 0 || (from > 0 && (to * 2 <= from || to > from * 2));
    };
    QStringList what;
    if (c.admissionRatePerMinute && big(m_currentRate, *c.admissionRatePerMinute)) {
        what << QString("admission rate %1 → %2 /min")
                    .arg(locale.toString(m_currentRate))
                    .arg(locale.toString(*c.admissionRatePerMinute));
    }
    if (c.capacity && big(m_currentCapacity, *c.capacity)) {
        what << QString("capacity %1 → %2")
                    .arg(locale.toString(m_currentCapacity))
                    .arg(locale.toString(*c.capacity));
    }
    if (c.paused && *c.paused && !m_paused) {
        what << "pause all admissions";
    }
    if (c.opensAt && std::llabs(*c.opensAt - m_currentOpensAt) > 10 * 60'000) {
        what << QString("opening moved by %1 min").arg((*c.opensAt - m_currentOpensAt) / 60'000);
    }
    return what.join(", ");
}

void ControlPanel::request(const engine::ConfigChange& change) {
    const QString large = largeChange(change);
    if (large.isEmpty()) {
        apply(change);
        return;
    }
    if (m_confirm != nullptr) {
        m_confirm->reject(); // one question at a time: the newer request replaces it
    }
    // Asked without blocking: samples keep arriving behind the question.
    m_confirm = new QMessageBox(QMessageBox::Warning, "Confirm a large change",
                                "This is a large change: " + large + ".\n\nApply it?",
                                QMessageBox::Apply | QMessageBox::Cancel, this);
    m_confirm->setObjectName("confirmChange");
    m_confirm->setDefaultButton(QMessageBox::Cancel);
    m_confirm->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_confirm, &QMessageBox::finished, this, [this, change, large](int result) {
        m_confirm = nullptr;
        if (result == QMessageBox::Apply) {
            emit noted("confirmed: " + large);
            apply(change);
        } else {
            emit noted("not applied: " + large);
        }
    });
    m_confirm->open();
}

void ControlPanel::apply(const engine::ConfigChange& change) {
    // What this change replaces, for one step of undo.
    engine::ConfigChange before;
    if (change.admissionRatePerMinute) {
        before.admissionRatePerMinute = m_currentRate;
    }
    if (change.capacity) {
        before.capacity = m_currentCapacity;
    }
    if (change.paused) {
        before.paused = m_paused;
    }
    if (change.opensAt) {
        before.opensAt = m_currentOpensAt;
        m_currentOpensAt = *change.opensAt;
    }
    if (change.message) {
        before.message = m_currentMessage;
        m_currentMessage = *change.message;
    }
    m_undo = before;
    m_undoButton->setEnabled(true);
    m_controls->applyControl(operatorName(), change);
}

void ControlPanel::undo() {
    if (!m_undo) {
        return;
    }
    const engine::ConfigChange back = *m_undo;
    m_undo.reset();
    m_undoButton->setEnabled(false);
    emit noted("undo: back to the values before the last change");
    // Straight back, without a question: these are the values that were in force.
    if (back.opensAt) {
        m_currentOpensAt = *back.opensAt;
        m_opening->setDateTime(QDateTime::fromMSecsSinceEpoch(*back.opensAt, Qt::UTC));
    }
    if (back.message) {
        m_currentMessage = *back.message;
        m_message->setText(QString::fromStdString(*back.message));
    }
    for (FollowingSpinBox* box : {m_rate, m_capacity}) {
        box->restart(); // follow the values the undo brings back
    }
    m_controls->applyControl(operatorName(), back);
}

QString ControlPanel::operatorName() const {
    const QString name = m_operator->text().trimmed();
    return name.isEmpty() ? QString("operator") : name;
}

void ControlPanel::follow(const series::Sample& latest) {
    m_currentRate = latest.admissionRatePerMinute;
    m_currentCapacity = latest.capacity;
    m_paused = latest.paused;
    m_pause->setText(m_paused ? "&Resume admissions" : "&Pause admissions");
    m_rate->follow(latest.admissionRatePerMinute);
    m_capacity->follow(latest.capacity);
    m_nodes->follow(latest.nodes);
}

} // namespace sluice::ui
