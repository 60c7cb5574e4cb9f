// SPDX-License-Identifier: Apache-2.0
#include "event_time.h"

namespace sluice::ui {

EventTime::EventTime() : m_zone(QTimeZone::utc()) {}

EventTime::EventTime(const QString& ianaName) : m_requested(ianaName.trimmed()) {
    if (m_requested.isEmpty()) {
        m_requested = "UTC";
    }
    // The server checks the name against its own zone files; the console's computer may
    // still lack it (another tzdata): then times are shown in UTC, and the title says why.
    m_zone = m_requested == "UTC" ? QTimeZone::utc() : QTimeZone(m_requested.toUtf8());
    m_known = m_zone.isValid();
    if (!m_known) {
        m_zone = QTimeZone::utc();
    }
}

QString EventTime::zoneName() const {
    return m_known ? m_requested : QString("UTC");
}

QString EventTime::abbreviation(engine::TimeMs at) const {
    if (m_zone == QTimeZone::utc()) {
        return "UTC";
    }
    const QString a = m_zone.abbreviation(QDateTime::fromMSecsSinceEpoch(at, Qt::UTC));
    return a.isEmpty() ? m_zone.displayName(QTimeZone::GenericTime, QTimeZone::OffsetName) : a;
}

QString EventTime::zoneTitle(engine::TimeMs at) const {
    if (!m_known) {
        return "UTC (time zone “" + m_requested + "” is not known on this computer)";
    }
    const QString a = abbreviation(at);
    return a == m_requested ? a : m_requested + " (" + a + ")";
}

qint64 EventTime::offsetMs(engine::TimeMs at) const {
    return qint64{m_zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(at, Qt::UTC))} * 1000;
}

QString EventTime::format(engine::TimeMs at, const QString& format) const {
    // The wall clock in a UTC QDateTime: formatted the same whatever the machine's zone and
    // locale (QDateTime::toString is in the C locale).
    return wallClock(at).toString(format);
}

QString EventTime::clock(engine::TimeMs at) const {
    return format(at, "HH:mm") + " " + abbreviation(at);
}

QString EventTime::clockSeconds(engine::TimeMs at) const {
    return format(at, "HH:mm:ss") + " " + abbreviation(at);
}

QString EventTime::dateTime(engine::TimeMs at) const {
    return format(at, "yyyy-MM-dd HH:mm:ss") + " " + abbreviation(at);
}

QString EventTime::clockWithUtc(engine::TimeMs at) const {
    const QString utc = QDateTime::fromMSecsSinceEpoch(at, Qt::UTC).toString("HH:mm:ss") + " UTC";
    return m_zone == QTimeZone::utc() ? utc : clockSeconds(at) + " (" + utc + ")";
}

QDateTime EventTime::wallClock(engine::TimeMs at) const {
    return QDateTime::fromMSecsSinceEpoch(at + offsetMs(at), Qt::UTC);
}

engine::TimeMs EventTime::fromWallClock(const QDateTime& wall) const {
    return QDateTime(wall.date(), wall.time(), m_zone).toMSecsSinceEpoch();
}

} // namespace sluice::ui
