// SPDX-License-Identifier: Apache-2.0
#include "simulation_feed.h"

#include "projection_worker.h"
#include "series/sample.h"
#include "simulation_worker.h"

namespace sluice::ui {

SimulationFeed::SimulationFeed(const sim::Scenario& scenario, QObject* parent)
    : Feed(parent), m_worker(new SimulationWorker(scenario)), m_projection(*this) {
    qRegisterMetaType<sluice::series::Sample>();
    qRegisterMetaType<QList<sluice::series::Sample>>();
    qRegisterMetaType<sluice::engine::AuditEntry>();
    qRegisterMetaType<QList<sluice::engine::AuditEntry>>();
    qRegisterMetaType<sluice::engine::ConfigChange>();
    qRegisterMetaType<sluice::ui::EstimateAccuracy>();
    m_thread.setObjectName("simulation");
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SimulationWorker::sampled, this, &Feed::sampled);
    connect(m_worker, &SimulationWorker::auditAppended, this, &Feed::auditAppended);
    connect(m_worker, &SimulationWorker::failed, this, &Feed::failed);
    connect(m_worker, &SimulationWorker::finished, this, &Feed::finished);
    connect(m_worker, &SimulationWorker::accuracyBinned, this, &SimulationFeed::accuracyBinned);
    connect(m_worker, &SimulationWorker::tokenRejectionsCounted, this,
            [this](const QMap<QString, quint64>& byReason) { m_rejections = byReason; });
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &SimulationWorker::start, Qt::QueuedConnection);

    // The fork is made on the simulation thread and handed straight to the what-if thread.
    connect(m_worker, &SimulationWorker::forked, m_projection.worker(), &ProjectionWorker::project);
    connect(m_worker, &SimulationWorker::forkFailed, this, &Feed::projectionFailed);
}

SimulationFeed::~SimulationFeed() {
    m_projection.cancel(); // a projection in progress stops at its next slice
    m_thread.quit();
    m_thread.wait(); // then m_projection joins its thread
}

void SimulationFeed::project(const WhatIfRequest& request) {
    const int generation = m_projection.nextGeneration();
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, request, generation] { w->fork(request, generation); },
        Qt::QueuedConnection);
}

void SimulationFeed::cancelProjection() {
    m_projection.cancel();
}

void SimulationFeed::run() {
    QMetaObject::invokeMethod(m_worker, &SimulationWorker::run, Qt::QueuedConnection);
}

void SimulationFeed::pause() {
    QMetaObject::invokeMethod(m_worker, &SimulationWorker::pause, Qt::QueuedConnection);
}

void SimulationFeed::setSpeed(double factor) {
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, factor] { w->setSpeed(factor); }, Qt::QueuedConnection);
}

void SimulationFeed::step(int seconds) {
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, seconds] { w->step(seconds); }, Qt::QueuedConnection);
}

void SimulationFeed::scaleOut(const QString& operatorName, int nodes, int provisioningSeconds) {
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, operatorName, nodes, provisioningSeconds] {
            w->scaleOut(operatorName, nodes, provisioningSeconds);
        },
        Qt::QueuedConnection);
}

void SimulationFeed::applyControl(const QString& operatorName, const engine::ConfigChange& change) {
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, operatorName, change] { w->applyControl(operatorName, change); },
        Qt::QueuedConnection);
}

} // namespace sluice::ui
