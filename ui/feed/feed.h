// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/event_config.h"
#include "series/sample.h"
#include "sim/sim_results.h"
#include "what_if.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

namespace sluice::ui {

// Where the dashboard's data comes from: an in-process simulation (SimulationFeed) or live
// sluiced nodes (LiveFeed). Everything arrives through queued signals on the receiver's
// thread; a feed never makes its receiver wait.
//
// Every feed projects a what-if from where it stands (project()) on a thread of its own
// (see ProjectionThread); the result, progress and refusal come back through the
// projection signals below.
class Feed : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // Projects `request` forward from the current moment. A new projection replaces one
    // still running (which then reports projectionCancelled).
    virtual void project(const WhatIfRequest& request) = 0;
    // Stops the projection in progress at its next slice.
    virtual void cancelProjection() = 0;

signals:
    // New 1-second samples, oldest first (a batch: a fast simulation makes thousands a
    // second, and one queued signal per batch keeps the GUI's event queue short).
    void sampled(const QList<sluice::series::Sample>& samples);
    // Operator actions as the engine recorded them (who, what, old → new).
    void auditAppended(const QList<sluice::engine::AuditEntry>& entries);
    void failed(const QString& message);
    void finished();

    void projectionProgress(double fraction); // 0 … 1
    void projected(const sluice::ui::WhatIfResult& result);
    void projectionFailed(const QString& message);
    void projectionCancelled();
};

// The operator's levers, on whatever the feed shows. Results come back as audit entries
// (applied) or as Feed::failed (refused, with the engine's reason).
class Controls {
public:
    virtual ~Controls() = default;
    virtual void applyControl(const QString& operatorName, const engine::ConfigChange& change) = 0;
};

} // namespace sluice::ui

Q_DECLARE_METATYPE(sluice::series::Sample)
Q_DECLARE_METATYPE(sluice::engine::AuditEntry)
Q_DECLARE_METATYPE(sluice::engine::ConfigChange)
