// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "feed/alert_monitor.h"

#include <QByteArray>
#include <QStringList>

namespace sluice::ui {

// What the console keeps between sessions, in the user's QSettings (organisation and
// application names set by main): alert rules, recent scenarios, the run's speed and the
// window's layout. Reads fall back to the defaults; each write is stored at once. The live
// nodes and their keys are ConnectDialog's (readable by the user alone).
namespace console_settings {

AlertRules alertRules();
void setAlertRules(const AlertRules& rules);

// Most recent first, at most kMaxRecent.
inline constexpr int kMaxRecent = 8;
QStringList recentScenarios();
// Puts a preset name or file (stored as an absolute path) at the top; returns the new list.
QStringList rememberScenario(const QString& nameOrPath);

// The index of the run's speed in the toolbar's list; `fallback` when none is stored.
int speedIndex(int fallback);
void setSpeedIndex(int index);

// The console's language as chosen in View › Language ("en", "ko"); empty: the system's.
QString language();
void setLanguage(const QString& language);

// QMainWindow::saveGeometry / saveState, restored as they were.
QByteArray windowGeometry();
QByteArray windowState();
void setWindowLayout(const QByteArray& geometry, const QByteArray& state);

} // namespace console_settings
} // namespace sluice::ui
