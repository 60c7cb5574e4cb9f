// SPDX-License-Identifier: Apache-2.0
#include "simulation_feed.h"

#include "projection_worker.h"
#include "simulation_worker.h"

namespace sluice::ui {

SimulationFeed::SimulationFeed(const sim::Scenario& scenario, QObject* parent)
    : Feed(parent), m_worker(new SimulationWorker(scenario)), m_projector(new ProjectionWorker) {
    qRegisterMetaType<sluice::sim::SimSample>();
    qRegisterMetaType<QList<sluice::sim::SimSample>>();
    qRegisterMetaType<sluice::engine::AuditEntry>();
    qRegisterMetaType<QList<sluice::engine::AuditEntry>>();
    qRegisterMetaType<sluice::engine::ConfigChange>();
    qRegisterMetaType<sluice::ui::WhatIfRequest>();
    qRegisterMetaType<sluice::ui::WhatIfResult>();
    qRegisterMetaType<std::shared_ptr<sluice::sim::Simulation>>();
    m_thread.setObjectName("simulation");
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SimulationWorker::sampled, this, &Feed::sampled);
    connect(m_worker, &SimulationWorker::auditAppended, this, &Feed::auditAppended);
    connect(m_worker, &SimulationWorker::failed, this, &Feed::failed);
    connect(m_worker, &SimulationWorker::finished, this, &Feed::finished);
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &SimulationWorker::start, Qt::QueuedConnection);

    m_projectionThread.setObjectName("what-if");
    m_projector->moveToThread(&m_projectionThread);
    connect(&m_projectionThread, &QThread::finished, m_projector, &QObject::deleteLater);
    // The fork is made on the simulation thread and handed straight to the projector's.
    connect(m_worker, &SimulationWorker::forked, m_projector, &ProjectionWorker::project);
    connect(m_worker, &SimulationWorker::forkFailed, this, &SimulationFeed::projectionFailed);
    connect(m_projector, &ProjectionWorker::progress, this, &SimulationFeed::projectionProgress);
    connect(m_projector, &ProjectionWorker::projected, this, &SimulationFeed::projected);
    connect(m_projector, &ProjectionWorker::failed, this, &SimulationFeed::projectionFailed);
    connect(m_projector, &ProjectionWorker::cancelled, this, &SimulationFeed::projectionCancelled);
    m_projectionThread.start();
}

SimulationFeed::~SimulationFeed() {
    m_projector->nextGeneration(); // a projection in progress stops at its next slice
    m_projectionThread.quit();
    m_thread.quit();
    m_projectionThread.wait();
    m_thread.wait();
}

void SimulationFeed::project(const WhatIfRequest& request) {
    const int generation = m_projector->nextGeneration();
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, request, generation] { w->fork(request, generation); },
        Qt::QueuedConnection);
}

void SimulationFeed::cancelProjection() {
    m_projector->nextGeneration();
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
