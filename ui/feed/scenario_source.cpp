// SPDX-License-Identifier: Apache-2.0
#include "scenario_source.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace sluice::ui {

QStringList scenarioPresets() {
    QStringList names;
    for (const QString& file : QDir(":/scenarios").entryList({"*.json"}, QDir::Files)) {
        names << QFileInfo(file).completeBaseName();
    }
    return names;
}

engine::Result<sim::Scenario> loadScenarioArgument(const QString& nameOrPath,
                                                   const std::vector<std::string>& overrides) {
    const bool isPreset = scenarioPresets().contains(nameOrPath);
    const QString path = isPreset ? ":/scenarios/" + nameOrPath + ".json" : nameOrPath;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return engine::Status::notFound(nameOrPath.toStdString() + ": no such file or preset (" +
                                        file.errorString().toStdString() + "); presets: " +
                                        scenarioPresets().join(", ").toStdString());
    }
    const QByteArray text = file.readAll();
    auto scenario = sim::parseScenario(
        std::string_view(text.constData(), static_cast<std::size_t>(text.size())), overrides);
    if (!scenario.isOk()) {
        return engine::Status::invalidArgument(nameOrPath.toStdString() + ":\n" +
                                               scenario.status().message());
    }
    return scenario;
}

} // namespace sluice::ui
