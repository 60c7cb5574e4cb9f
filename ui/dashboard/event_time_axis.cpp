// SPDX-License-Identifier: Apache-2.0
#include "event_time_axis.h"

#include <QCoreApplication>
#include <cmath>
#include <utility>

namespace sluice::ui {
namespace {

// The machine's local offset at `at`, as QDateTimeAxis will apply it when it draws a label.
qint64 localOffsetMs(engine::TimeMs at) {
    return qint64{QDateTime::fromMSecsSinceEpoch(at).offsetFromUtc()} * 1000;
}

} // namespace

EventTimeAxis::EventTimeAxis(EventTime time, engine::TimeMs reference)
    : m_time(std::move(time)), m_reference(reference),
      m_shift(m_time.offsetMs(reference) - localOffsetMs(reference)) {}

engine::TimeMs EventTimeAxis::fromAxis(double x) const {
    return std::llround(x) - m_shift;
}

QDateTime EventTimeAxis::toAxisDateTime(engine::TimeMs at) const {
    return QDateTime::fromMSecsSinceEpoch(at + m_shift);
}

engine::TimeMs EventTimeAxis::fromAxisDateTime(const QDateTime& x) const {
    return x.toMSecsSinceEpoch() - m_shift;
}

QList<QPointF> EventTimeAxis::shifted(QList<QPointF> points) const {
    const auto shift = static_cast<double>(m_shift);
    for (QPointF& p : points) {
        p.rx() += shift;
    }
    return points;
}

QString EventTimeAxis::title(const QString& what) const {
    // "time" and "arrival" are the words callers give; they and the frame are translated.
    static const char* const kWords[] = {QT_TRANSLATE_NOOP("sluice::ui::EventTimeAxis", "time"),
                                         QT_TRANSLATE_NOOP("sluice::ui::EventTimeAxis", "arrival")};
    Q_UNUSED(kWords);
    return QCoreApplication::translate("sluice::ui::EventTimeAxis", "%1 in %2")
        .arg(QCoreApplication::translate("sluice::ui::EventTimeAxis", what.toUtf8().constData()),
             m_time.zoneTitle(m_reference));
}

} // namespace sluice::ui
