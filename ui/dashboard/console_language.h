// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace sluice::ui {

// The console's language: its own translation (translations/sluice_<lang>.ts, built by
// lrelease into the program's resources) and Qt's (qtbase_<lang>.qm from Qt's translations
// directory, for the standard buttons and dialogs: Cancel, Apply, the file chooser).
//
// `language` "ko", "en", … chooses; empty follows the user's UI languages
// (QLocale::system().uiLanguages(): LANGUAGE, LC_ALL, LC_MESSAGES, LANG on Linux), the first
// one the console has a translation for. English is the source language: it needs no file,
// and is what a language without a translation gets.
//
// Installs the translators into the application (replacing those of an earlier call, so a
// test can switch); widgets made afterwards show the language. Call on the GUI thread after
// the QCoreApplication exists. Returns the language in use: "ko", or "en".
QString installConsoleLanguage(const QString& language = {});

// The languages the console ships, English first: {"en", "ko"}.
QStringList consoleLanguages();

// The language for these UI languages in the user's order ("ko-KR", "en-US", "ko_KR.UTF-8"):
// the first the console ships, else "en".
QString consoleLanguageFor(const QStringList& uiLanguages);

} // namespace sluice::ui
