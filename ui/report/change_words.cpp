// SPDX-License-Identifier: Apache-2.0
#include "change_words.h"

#include "engine/utc_format.h"

#include <QLocale>

namespace sluice::ui {
namespace {

// "5000" → "5,000"; anything not a whole number as it came.
QString count(const std::string& value) {
    bool ok = false;
    const qlonglong n = QString::fromStdString(value).toLongLong(&ok);
    return ok ? QLocale().toString(n) : QString::fromStdString(value);
}

// "2021-07-19T11:00:00.000Z" → "2021-07-19 20:00:00 KST" (the event's zone); "—" for the
// epoch (not set); a value that is not a UTC time as it came.
QString moment(const std::string& value, const EventTime& time) {
    const QString v = QString::fromStdString(value);
    if (v.isEmpty() || v.startsWith("1970-01-01")) {
        return "—";
    }
    engine::TimeMs at = 0;
    return engine::parseUtc(value, at) ? time.dateTime(at) : v;
}

QString quoted(const std::string& value) {
    return value.empty() ? QString("(none)") : "“" + QString::fromStdString(value) + "”";
}

// "opensAt[50-52]" (a cohort window's opening, as the engine's audit names it) → "50-52".
QString cohortOf(const QString& field) {
    return field.startsWith("opensAt[") && field.endsWith(']') ? field.mid(8).chopped(1)
                                                               : QString();
}

} // namespace

QString fieldWords(const QString& field) {
    if (field == "admissionRatePerMinute") {
        return "the admission rate";
    }
    if (field == "capacity") {
        return "the capacity";
    }
    if (field == "paused") {
        return "pausing admissions";
    }
    if (field == "opensAt") {
        return "the opening";
    }
    if (const QString window = cohortOf(field); !window.isEmpty()) {
        return "the opening of " + window;
    }
    if (field == "message") {
        return "the message";
    }
    if (field == "sessionTtlSeconds") {
        return "the session length";
    }
    if (field == "claimGraceSeconds") {
        return "the time to claim a place";
    }
    if (field == "idleTimeoutSeconds") {
        return "the idle time-out";
    }
    // The proof of work's (sluiced's admin difficulty control).
    if (field == "proofOfWork.mode") {
        return "the proof of work's mode";
    }
    if (field == "proofOfWork.fixedBits") {
        return "the proof of work's fixed bits";
    }
    if (field == "proofOfWork.floor") {
        return "the proof of work's floor";
    }
    if (field == "proofOfWork.ceiling") {
        return "the proof of work's ceiling";
    }
    if (field == "proofOfWork.quietJoinsPerMinute") {
        return "the proof of work's quiet join rate";
    }
    return field;
}

QString describeChange(const engine::AuditEntry& e, const EventTime& time) {
    const QString field = QString::fromStdString(e.field);
    if (field == "admissionRatePerMinute") {
        return QString("Admission rate %1 → %2 /min").arg(count(e.oldValue), count(e.newValue));
    }
    if (field == "capacity") {
        return QString("Capacity %1 → %2").arg(count(e.oldValue), count(e.newValue));
    }
    if (field == "paused") {
        return e.newValue == "true" ? "Admissions paused" : "Admissions resumed";
    }
    if (field == "opensAt") {
        return QString("Opening %1 → %2").arg(moment(e.oldValue, time), moment(e.newValue, time));
    }
    if (const QString window = cohortOf(field); !window.isEmpty()) {
        return QString("Opening of %1 %2 → %3")
            .arg(window, moment(e.oldValue, time), moment(e.newValue, time));
    }
    if (field == "message") {
        return QString("Message %1 → %2").arg(quoted(e.oldValue), quoted(e.newValue));
    }
    if (field.endsWith("Seconds")) {
        QString what = fieldWords(field);
        what[4] = what[4].toUpper(); // "the session length" → "Session length"
        return QString("%1 %2 → %3 s").arg(what.mid(4), count(e.oldValue), count(e.newValue));
    }
    if (field.startsWith("proofOfWork.")) {
        // "Proof of work's fixed bits none → 22": the words, the values as the node keeps them.
        QString what = fieldWords(field).mid(4);
        what[0] = what[0].toUpper();
        return QString("%1 %2 → %3")
            .arg(what, QString::fromStdString(e.oldValue), QString::fromStdString(e.newValue));
    }
    return QString("%1 %2 → %3")
        .arg(field, QString::fromStdString(e.oldValue), QString::fromStdString(e.newValue));
}

} // namespace sluice::ui
