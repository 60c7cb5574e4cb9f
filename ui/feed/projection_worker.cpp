// SPDX-License-Identifier: Apache-2.0
#include "projection_worker.h"

#include "series/sample.h"

#include <QElapsedTimer>
#include <algorithm>

namespace sluice::ui {
namespace {
constexpr engine::TimeMs kSliceMs = 60'000;
constexpr qint64 kProgressEveryMs = 100;
} // namespace

void ProjectionWorker::project(std::shared_ptr<sim::Simulation> fork, const WhatIfRequest& request,
                               int generation) {
    if (generation != m_generation) {
        emit cancelled(); // a newer request is already queued behind this one
        return;
    }
    sim::Simulation& s = *fork;
    const engine::TimeMs from = s.now();
    if (!request.change.empty()) {
        const engine::Status applied = s.applyControl("what-if", request.change);
        if (!applied.isOk()) {
            emit failed(QString::fromStdString(applied.message()));
            return;
        }
    }
    if (request.powMode) {
        const engine::Status applied = s.setProofOfWork(*request.powMode, request.powBits);
        if (!applied.isOk()) {
            emit failed(QString::fromStdString(applied.message()));
            return;
        }
    }
    if (request.queueNodes && *request.queueNodes != s.queueNodes()) {
        s.scaleOut(*request.queueNodes, request.provisioningSeconds);
    }
    const engine::TimeMs until =
        request.horizonSeconds > 0
            ? std::min(s.end(), from + engine::TimeMs{request.horizonSeconds} * 1000)
            : s.end();
    const std::size_t firstSample = s.samples().size();
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    while (s.now() < until) {
        if (generation != m_generation) {
            emit cancelled();
            return;
        }
        s.runUntil(std::min(until, s.now() + kSliceMs));
        if (sinceProgress.elapsed() >= kProgressEveryMs) {
            sinceProgress.restart();
            emit progress(static_cast<double>(s.now() - from) /
                          static_cast<double>(std::max<engine::TimeMs>(1, until - from)));
        }
    }
    const auto& samples = s.samples();
    WhatIfResult result = summarizeProjection(
        from, QList<series::Sample>(samples.begin() + static_cast<std::ptrdiff_t>(firstSample),
                                    samples.end()));
    // A fork of the run carries its history and its people: what happened to everyone is the
    // simulation's own summary (one pass over the people, here, off the GUI thread). A fork
    // made from live counts has no history: its summary would be of the projection alone.
    if (firstSample > 0) {
        result.summary = s.summarize();
    }
    emit progress(1.0);
    emit projected(result);
}

} // namespace sluice::ui
