// SPDX-License-Identifier: Apache-2.0
// Console tests keep their settings in a directory of their own, never the user's.
#pragma once

#include <QCoreApplication>
#include <QSettings>
#include <QTemporaryDir>

namespace sluice::testing {

// Points QSettings (INI, user scope) at `dir` for this test program, named `application`;
// false when the directory could not be made.
inline bool useOwnSettings(const QTemporaryDir& dir, const char* application) {
    if (!dir.isValid()) {
        return false;
    }
    QCoreApplication::setOrganizationName("sluice-tests");
    QCoreApplication::setApplicationName(application);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    return true;
}

} // namespace sluice::testing
