// SPDX-License-Identifier: Apache-2.0
#include "console_language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QStringList>
#include <QTranslator>
#include <memory>

namespace sluice::ui {
namespace {

// One pair of translators for the process: the console's and Qt's. Kept alive here because
// QCoreApplication only borrows them.
std::unique_ptr<QTranslator>& consoleTranslator() {
    static std::unique_ptr<QTranslator> t;
    return t;
}
std::unique_ptr<QTranslator>& qtTranslator() {
    static std::unique_ptr<QTranslator> t;
    return t;
}

void uninstall(std::unique_ptr<QTranslator>& t) {
    if (t) {
        QCoreApplication::removeTranslator(t.get());
        t.reset();
    }
}

// "ko-KR", "ko_KR.UTF-8", "ko" → "ko".
QString languageOf(const QString& uiLanguage) {
    return uiLanguage.section('-', 0, 0).section('_', 0, 0).section('.', 0, 0).toLower();
}

} // namespace

QStringList consoleLanguages() {
    return {"en", "ko"};
}

QString consoleLanguageFor(const QStringList& uiLanguages) {
    for (const QString& wanted : uiLanguages) {
        if (consoleLanguages().contains(languageOf(wanted))) {
            return languageOf(wanted);
        }
    }
    return "en";
}

QString installConsoleLanguage(const QString& language) {
    uninstall(consoleTranslator());
    uninstall(qtTranslator());
    const QString chosen = language.isEmpty() ? consoleLanguageFor(QLocale::system().uiLanguages())
                                              : languageOf(language);
    if (chosen == "en" || !consoleLanguages().contains(chosen)) {
        return "en";
    }
    auto own = std::make_unique<QTranslator>();
    if (!own->load(":/i18n/sluice_" + chosen + ".qm")) {
        return "en"; // not built in: English rather than a mix
    }
    QCoreApplication::installTranslator(own.get());
    consoleTranslator() = std::move(own);
    // Qt's own words (Cancel, Apply, the file dialog) in the same language, when Qt's
    // translations are installed (Debian: qt6-translations-l10n).
    auto qt = std::make_unique<QTranslator>();
    if (qt->load("qtbase_" + chosen, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        qtTranslator() = std::move(qt);
    }
    return chosen;
}

} // namespace sluice::ui
