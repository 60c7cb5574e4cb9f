// SPDX-License-Identifier: Apache-2.0
#include "console_settings.h"

#include <QFileInfo>
#include <QSettings>

namespace sluice::ui::console_settings {

AlertRules alertRules() {
    const QSettings s;
    AlertRules r;
    r.estimateAboveMinutes = s.value("alerts/estimateAboveMinutes", r.estimateAboveMinutes).toInt();
    r.backendErrorsAbovePerSecond =
        s.value("alerts/backendErrorsAbovePerSecond", r.backendErrorsAbovePerSecond).toInt();
    r.saturatedForSeconds = s.value("alerts/saturatedForSeconds", r.saturatedForSeconds).toInt();
    return r;
}

void setAlertRules(const AlertRules& rules) {
    QSettings s;
    s.setValue("alerts/estimateAboveMinutes", rules.estimateAboveMinutes);
    s.setValue("alerts/backendErrorsAbovePerSecond", rules.backendErrorsAbovePerSecond);
    s.setValue("alerts/saturatedForSeconds", rules.saturatedForSeconds);
}

QStringList recentScenarios() {
    return QSettings().value("scenarios/recent").toStringList();
}

QStringList rememberScenario(const QString& nameOrPath) {
    const QFileInfo file(nameOrPath);
    const QString entry = file.exists() ? file.absoluteFilePath() : nameOrPath;
    QStringList recent = recentScenarios();
    recent.removeAll(entry);
    recent.prepend(entry);
    while (recent.size() > kMaxRecent) {
        recent.removeLast();
    }
    QSettings().setValue("scenarios/recent", recent);
    return recent;
}

int speedIndex(int fallback) {
    return QSettings().value("run/speedIndex", fallback).toInt();
}

void setSpeedIndex(int index) {
    QSettings().setValue("run/speedIndex", index);
}

QString language() {
    return QSettings().value("ui/language").toString();
}

void setLanguage(const QString& language) {
    QSettings().setValue("ui/language", language);
}

QByteArray windowGeometry() {
    return QSettings().value("window/geometry").toByteArray();
}

QByteArray windowState() {
    return QSettings().value("window/state").toByteArray();
}

void setWindowLayout(const QByteArray& geometry, const QByteArray& state) {
    QSettings s;
    s.setValue("window/geometry", geometry);
    s.setValue("window/state", state);
}

} // namespace sluice::ui::console_settings
