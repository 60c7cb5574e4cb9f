// SPDX-License-Identifier: Apache-2.0
#include "control_panel.h"

#include "feed/simulation_feed.h"
#include "following_spin_box.h"

#include <QDateTimeEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
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

ControlPanel::ControlPanel(SimulationFeed& feed, engine::TimeMs opensAt, QWidget* parent)
    : QWidget(parent), m_feed(&feed), m_operator(new QLineEdit(this)),
      m_rate(new FollowingSpinBox(this)), m_throttle(new QPushButton("Set &rate", this)),
      m_capacity(new FollowingSpinBox(this)), m_extend(new QPushButton("Set &capacity", this)),
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

    connect(m_throttle, &QPushButton::clicked, this, [this] {
        engine::ConfigChange c;
        c.admissionRatePerMinute = m_rate->value();
        m_feed->applyControl(operatorName(), c);
    });
    connect(m_extend, &QPushButton::clicked, this, [this] {
        engine::ConfigChange c;
        c.capacity = m_capacity->value();
        m_feed->applyControl(operatorName(), c);
    });
    connect(m_pause, &QPushButton::clicked, this, [this] {
        engine::ConfigChange c;
        c.paused = !m_paused;
        m_feed->applyControl(operatorName(), c);
    });
    connect(m_move, &QPushButton::clicked, this, [this] {
        engine::ConfigChange c;
        c.opensAt = m_opening->dateTime().toMSecsSinceEpoch();
        m_feed->applyControl(operatorName(), c);
    });
    connect(m_send, &QPushButton::clicked, this, [this] {
        engine::ConfigChange c;
        c.message = m_message->text().toStdString();
        m_feed->applyControl(operatorName(), c);
    });
    connect(m_scale, &QPushButton::clicked, this,
            [this] { m_feed->scaleOut(operatorName(), m_nodes->value(), 600); });
}

void ControlPanel::setFeed(SimulationFeed& feed, engine::TimeMs opensAt) {
    m_feed = &feed;
    for (FollowingSpinBox* box : {m_rate, m_capacity, m_nodes}) {
        box->restart();
    }
    m_opening->setDateTime(QDateTime::fromMSecsSinceEpoch(opensAt, Qt::UTC));
}

QString ControlPanel::operatorName() const {
    const QString name = m_operator->text().trimmed();
    return name.isEmpty() ? QString("operator") : name;
}

void ControlPanel::follow(const sim::SimSample& latest) {
    m_paused = latest.paused;
    m_pause->setText(m_paused ? "&Resume admissions" : "&Pause admissions");
    m_rate->follow(latest.admissionRatePerMinute);
    m_capacity->follow(latest.capacity);
    m_nodes->follow(latest.nodes);
}

} // namespace sluice::ui
