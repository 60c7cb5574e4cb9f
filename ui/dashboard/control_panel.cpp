// SPDX-License-Identifier: Apache-2.0
#include "control_panel.h"

#include "following_spin_box.h"
#include "report/change_words.h"
#include "series/sample.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>

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

// The fields of a change, for undo's check against later changes by others.
QStringList fieldsOf(const engine::ConfigChange& c) {
    QStringList fields;
    if (c.admissionRatePerMinute) {
        fields << "admissionRatePerMinute";
    }
    if (c.capacity) {
        fields << "capacity";
    }
    if (c.paused) {
        fields << "paused";
    }
    if (c.opensAt) {
        fields << (c.cohort ? QString("opensAt[%1]").arg(QString::fromStdString(*c.cohort))
                            : QString("opensAt"));
    }
    if (c.message) {
        fields << "message";
    }
    return fields;
}

// The opening field's "not known" value, shown as "—".
const QDateTime kNoOpening(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC);
} // namespace

ControlPanel::ControlPanel(Controls& controls, ScaleOut scaleOut, QWidget* parent)
    : QWidget(parent), m_controls(&controls), m_scaleOut(std::move(scaleOut)),
      m_refusal(new QLabel(this)), m_undoButton(new QPushButton(tr("&Undo last change"), this)),
      m_operator(new QLineEdit(this)), m_rate(new FollowingSpinBox(this)),
      m_throttle(new QPushButton(tr("Set &rate"), this)), m_capacity(new FollowingSpinBox(this)),
      m_extend(new QPushButton(tr("Set &capacity"), this)),
      m_pause(new QPushButton(tr("&Pause admissions"), this)), m_window(new QComboBox(this)),
      m_opening(new QDateTimeEdit(this)), m_move(new QPushButton(tr("&Move opening"), this)),
      m_message(new QLineEdit(this)), m_send(new QPushButton(tr("&Send"), this)),
      m_nodes(new FollowingSpinBox(this)), m_scale(new QPushButton(tr("Scale &out"), this)) {
    const QString user = qEnvironmentVariable("USER", "operator");
    m_operator->setText(user);
    m_operator->setToolTip(tr("Recorded with every change in the audit timeline."));
    m_rate->setAllowedRange(0, engine::kMaxRatePerMinute);
    m_rate->setSuffix(tr(" /min"));
    m_rate->setToolTip(tr("Admissions per minute: lower it to throttle, raise it to speed up. "
                          "Enter applies it."));
    m_capacity->setAllowedRange(0, engine::kMaxCapacity);
    m_capacity->setToolTip(
        tr("Concurrent sessions the protected site can hold. Enter applies it."));
    m_opening->setTimeSpec(Qt::UTC);
    m_opening->setDisplayFormat("yyyy-MM-dd HH:mm:ss 'UTC'");
    m_opening->setMinimumDateTime(kNoOpening);
    m_opening->setSpecialValueText("—");
    m_message->setPlaceholderText(tr("Shown to everyone waiting"));
    m_message->setMaxLength(1000);
    m_nodes->setAllowedRange(1, 1000);
    m_nodes->setToolTip(tr("Queue-server nodes after the scale-out (ready after 10 minutes)."));
    m_refusal->setObjectName("refusal");
    m_refusal->setWordWrap(true);
    m_refusal->setStyleSheet("QLabel { color: #a00000; font-weight: bold; }");
    m_refusal->hide();

    auto* form = new QFormLayout(this);
    form->addRow(tr("Operator"), m_operator);
    form->addRow(tr("Admission rate"), row(this, m_rate, m_throttle));
    form->addRow(tr("Capacity"), row(this, m_capacity, m_extend));
    form->addRow("", m_pause);
    form->addRow(tr("Cohort window"), m_window); // shown only for an event with cohort windows
    form->addRow(tr("Opening"), row(this, m_opening, m_move));
    form->setRowVisible(m_window, false);
    m_window->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_window->setMinimumContentsLength(6); // a long window name must not widen the dock
    m_window->setAccessibleName(tr("Cohort window"));
    m_window->setToolTip(tr("The cohort window whose opening the field shows and Move opening "
                            "moves: this event opens per window."));
    connect(m_window, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_opening->hasFocus()) {
            revertFields(); // the chosen window's opening in force
        }
    });
    form->addRow(tr("Message"), row(this, m_message, m_send));
    form->addRow(tr("Queue nodes"), row(this, m_nodes, m_scale));
    form->addRow("", m_undoButton);
    form->addRow(m_refusal);
    m_undoButton->setToolTip(tr("Set the fields of the last change back to what they were."));
    connect(m_undoButton, &QPushButton::clicked, this, &ControlPanel::undo);

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
        c.paused = !m_inForce.paused;
        request(c);
    });
    connect(m_move, &QPushButton::clicked, this, [this] {
        engine::ConfigChange c;
        c.opensAt = m_time.fromWallClock(m_opening->dateTime());
        c.cohort = chosenWindow();
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
    // Enter in a field applies it, as its button does.
    connect(m_rate, &QSpinBox::editingFinished, this, [this] {
        if (m_rate->hasFocus() && m_rate->known() && m_rate->value() != m_inForce.ratePerMinute) {
            m_throttle->click();
        }
    });
    connect(m_capacity, &QSpinBox::editingFinished, this, [this] {
        if (m_capacity->hasFocus() && m_capacity->known() &&
            m_capacity->value() != m_inForce.capacity) {
            m_extend->click();
        }
    });
    connect(m_message, &QLineEdit::returnPressed, m_send, &QPushButton::click);
    connect(m_opening, &QDateTimeEdit::editingFinished, this, [this] {
        if (m_opening->hasFocus() && m_move->isEnabled() &&
            m_time.fromWallClock(m_opening->dateTime()) != m_inForce.openingOf(chosenWindow())) {
            m_move->click();
        }
    });
    setControls(controls, m_scaleOut);
}

void ControlPanel::setControls(Controls& controls, ScaleOut scaleOut) {
    m_controls = &controls;
    m_scaleOut = std::move(scaleOut);
    m_undo.reset();
    m_changedSinceByOthers.clear();
    if (m_confirm != nullptr) {
        m_confirm->reject();
    }
    m_refusal->hide();
    showInForce(InForce{}); // nothing is known of the new source until it says
}

void ControlPanel::showInForce(const InForce& f) {
    const InForce before = m_inForce;
    const std::optional<std::string> window = chosenWindow();
    m_inForce = f;
    showWindows(f);
    setLeversEnabled(f.known);
    if (!f.known) {
        for (FollowingSpinBox* box : {m_rate, m_capacity, m_nodes}) {
            box->restart();
        }
        m_opening->setDateTime(kNoOpening);
        m_message->clear();
        m_pause->setText(tr("&Pause admissions"));
        return;
    }
    m_rate->follow(f.ratePerMinute);
    m_capacity->follow(f.capacity);
    if (f.nodes > 0) {
        m_nodes->follow(f.nodes);
    }
    m_pause->setText(f.paused ? tr("&Resume admissions") : tr("&Pause admissions"));
    // The opening and the message follow too, unless the operator is editing them.
    const engine::TimeMs was = before.known ? before.openingOf(window) : 0;
    const QDateTime shownOpening = was > 0 ? openingShown(was) : kNoOpening;
    if (!m_opening->hasFocus() &&
        (m_opening->dateTime() == shownOpening || window != chosenWindow())) {
        m_opening->setDateTime(openingShown(f.openingOf(chosenWindow())));
    }
    if (!m_message->hasFocus() && m_message->text() == before.message) {
        m_message->setText(f.message);
    }
}

// The event's wall clock in a UTC QDateTimeEdit: it reads event time on any machine (Qt 6.4's
// QDateTimeEdit knows UTC and local time only); fromWallClock() reads it back.
QDateTime ControlPanel::openingShown(engine::TimeMs opensAt) const {
    return opensAt > 0 ? m_time.wallClock(opensAt) : kNoOpening;
}

void ControlPanel::setEventTime(const EventTime& time) {
    const engine::TimeMs at = m_inForce.openingOf(chosenWindow());
    const bool following = !m_opening->hasFocus() && m_opening->dateTime() == openingShown(at);
    m_time = time;
    QString abbreviation = m_time.abbreviation(at);
    m_opening->setDisplayFormat("yyyy-MM-dd HH:mm:ss '" + abbreviation.remove('\'') + "'");
    if (following) {
        m_opening->setDateTime(openingShown(at));
    }
    showWindows(m_inForce); // the tooltip names the zone
}

void ControlPanel::setLeversEnabled(bool on) {
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_rate, m_throttle, m_capacity, m_extend, m_pause,
                                         m_window, m_opening, m_move, m_message, m_send}) {
        w->setEnabled(on);
    }
    m_nodes->setEnabled(on && static_cast<bool>(m_scaleOut)); // a simulation's only
    m_scale->setEnabled(on && static_cast<bool>(m_scaleOut));
    m_undoButton->setEnabled(on && m_undo.has_value());
}

void ControlPanel::revertFields() {
    m_rate->revert();
    m_capacity->revert();
    m_nodes->revert();
    if (m_inForce.known) {
        m_opening->setDateTime(openingShown(m_inForce.openingOf(chosenWindow())));
        m_message->setText(m_inForce.message);
    }
}

void ControlPanel::noteApplied(const QList<engine::AuditEntry>& entries) {
    if (!m_undo) {
        return;
    }
    const QStringList undoable = fieldsOf(*m_undo);
    const std::string me = operatorName().toStdString();
    for (const engine::AuditEntry& e : entries) {
        const bool mine = e.operatorName == me || e.operatorName.rfind(me + " @", 0) == 0;
        const QString field = QString::fromStdString(e.field);
        if (!mine && undoable.contains(field)) {
            m_changedSinceByOthers << QString("%1 changed %2 (%3)")
                                          .arg(QString::fromStdString(e.operatorName),
                                               fieldWords(field), describeChange(e));
        }
    }
}

std::optional<std::string> ControlPanel::chosenWindow() const {
    if (m_inForce.cohorts.isEmpty() || m_window->currentIndex() < 0) {
        return std::nullopt;
    }
    return m_window->currentText().toStdString();
}

void ControlPanel::showWindows(const InForce& f) {
    QStringList names;
    for (const InForce::Window& w : f.cohorts) {
        names << w.name;
    }
    QStringList shown;
    for (int i = 0; i < m_window->count(); ++i) {
        shown << m_window->itemText(i);
    }
    if (names != shown) {
        const QString chosen = m_window->currentText();
        const QSignalBlocker quiet(m_window); // showInForce sets the opening shown after this
        m_window->clear();
        m_window->addItems(names);
        m_window->setCurrentIndex(std::max(0, static_cast<int>(names.indexOf(chosen))));
    }
    if (auto* form = qobject_cast<QFormLayout*>(layout())) {
        form->setRowVisible(m_window, !names.isEmpty());
    }
    const bool perWindow = !names.isEmpty();
    const QString zone = m_time.zoneTitle(f.openingOf(chosenWindow()));
    m_opening->setToolTip(
        (perWindow ? tr("The chosen cohort window's opening in the event's time zone, %1, judged "
                        "by the server's clock only. Enter applies it.")
                   : tr("Opening time in the event's time zone, %1, judged by the server's clock "
                        "only. Enter applies it."))
            .arg(zone));
    m_move->setToolTip(perWindow ? tr("Move the chosen cohort window's opening to the time in the "
                                      "field (the other windows keep theirs).")
                                 : tr("Move the opening to the time in the field."));
}

void ControlPanel::showRefusal(const QString& reason) {
    m_refusal->setText(tr("Refused: %1").arg(reason));
    m_refusal->show();
    revertFields(); // the fields say what is in force, not what did not take
}

QString ControlPanel::refusalText() const {
    return m_refusal->isVisible() ? m_refusal->text() : QString();
}

QString ControlPanel::largeChange(const engine::ConfigChange& c, bool translated) const {
    const QLocale locale;
    // The timeline and the report keep the English words; the question asked shows the
    // operator's language.
    const auto say = [translated](const char* english) {
        return translated ? tr(english) : QString(english);
    };
    const auto big = [](int from, int to) {
        return to == 0 || (from > 0 && (to * 2 <= from || to > from * 2));
    };
    QStringList what;
    if (c.admissionRatePerMinute && big(m_inForce.ratePerMinute, *c.admissionRatePerMinute)) {
        what << say(QT_TR_NOOP("admission rate %1 → %2 /min"))
                    .arg(locale.toString(m_inForce.ratePerMinute))
                    .arg(locale.toString(*c.admissionRatePerMinute));
    }
    if (c.capacity && big(m_inForce.capacity, *c.capacity)) {
        what << say(QT_TR_NOOP("capacity %1 → %2"))
                    .arg(locale.toString(m_inForce.capacity))
                    .arg(locale.toString(*c.capacity));
    }
    if (c.paused && *c.paused && !m_inForce.paused) {
        what << say(QT_TR_NOOP("pause all admissions"));
    }
    const engine::TimeMs opening = m_inForce.openingOf(c.cohort);
    if (c.opensAt && std::llabs(*c.opensAt - opening) > 10 * 60'000) {
        what << (c.cohort ? say(QT_TR_NOOP("opening of %1 moved by %2 min"))
                                .arg(QString::fromStdString(*c.cohort))
                          : say(QT_TR_NOOP("opening moved by %1 min")))
                    .arg((*c.opensAt - opening) / 60'000);
    }
    return what.join(", ");
}

void ControlPanel::request(const engine::ConfigChange& change) {
    if (!m_inForce.known) {
        return; // nothing to change from yet (the levers are disabled too)
    }
    m_refusal->hide();
    const QString large = largeChange(change);
    if (large.isEmpty()) {
        apply(change, false);
        return;
    }
    ask(change, tr("This is a large change: %1.\n\nApply it?").arg(largeChange(change, true)),
        large, false);
}

// Asked without blocking: samples keep arriving behind the question.
void ControlPanel::ask(const engine::ConfigChange& change, const QString& question,
                       const QString& what, bool isUndo) {
    if (m_confirm != nullptr) {
        m_confirm->reject(); // one question at a time: the newer request replaces it
    }
    m_confirm = new QMessageBox(QMessageBox::Warning,
                                isUndo ? tr("Confirm the undo") : tr("Confirm a large change"),
                                question, QMessageBox::Apply | QMessageBox::Cancel, this);
    m_confirm->setObjectName("confirmChange");
    m_confirm->setDefaultButton(QMessageBox::Cancel);
    m_confirm->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_confirm, &QMessageBox::finished, this, [this, change, what, isUndo](int result) {
        m_confirm = nullptr;
        if (result == QMessageBox::Apply) {
            emit noted("confirmed: " + what);
            apply(change, isUndo);
        } else {
            emit noted("not applied: " + what);
            revertFields();
        }
    });
    m_confirm->open();
}

void ControlPanel::apply(const engine::ConfigChange& change, bool isUndo) {
    if (isUndo) {
        m_undo.reset();
    } else {
        // What this change replaces, exactly, for one step of undo.
        engine::ConfigChange before;
        if (change.admissionRatePerMinute) {
            before.admissionRatePerMinute = m_inForce.ratePerMinute;
        }
        if (change.capacity) {
            before.capacity = m_inForce.capacity;
        }
        if (change.paused) {
            before.paused = m_inForce.paused;
        }
        if (change.opensAt) {
            before.opensAt = m_inForce.openingOf(change.cohort);
            before.cohort = change.cohort;
        }
        if (change.message) {
            before.message = m_inForce.message.toStdString();
        }
        m_undo = before;
    }
    m_changedSinceByOthers.clear();
    m_undoButton->setEnabled(m_undo.has_value());
    m_controls->applyControl(operatorName(), change);
    revertFields(); // the fields show what the feed reports next: the change, or no change
}

void ControlPanel::undo() {
    if (!m_undo || !m_inForce.known) {
        return;
    }
    const engine::ConfigChange back = *m_undo;
    QString what = "undo: back to the values before the last change";
    const QString large = largeChange(back);
    if (!large.isEmpty()) {
        what += ": " + large;
    }
    if (!m_changedSinceByOthers.isEmpty()) {
        ask(back,
            tr("Someone else has changed this since your change: %1.\n\nUndo anyway (%2)?")
                .arg(m_changedSinceByOthers.join("; "),
                     large.isEmpty() ? tr("back to the values before your change")
                                     : largeChange(back, true)),
            what + " (after a later change by someone else)", true);
        return;
    }
    if (!large.isEmpty()) {
        ask(back, tr("Undo the last change: %1.\n\nApply it?").arg(largeChange(back, true)), what,
            true);
        return;
    }
    emit noted(what);
    apply(back, true);
}

QString ControlPanel::operatorName() const {
    const QString name = m_operator->text().trimmed();
    return name.isEmpty() ? QString("operator") : name;
}

} // namespace sluice::ui
