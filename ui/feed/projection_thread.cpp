// SPDX-License-Identifier: Apache-2.0
#include "projection_thread.h"

#include "feed.h"
#include "projection_worker.h"
#include "sim/simulation.h"

namespace sluice::ui {

ProjectionThread::ProjectionThread(Feed& feed) : m_worker(new ProjectionWorker) {
    qRegisterMetaType<sluice::ui::WhatIfRequest>();
    qRegisterMetaType<sluice::ui::WhatIfResult>();
    qRegisterMetaType<std::shared_ptr<sluice::sim::Simulation>>();
    m_thread.setObjectName("what-if");
    m_worker->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    QObject::connect(m_worker, &ProjectionWorker::progress, &feed, &Feed::projectionProgress);
    QObject::connect(m_worker, &ProjectionWorker::projected, &feed, &Feed::projected);
    QObject::connect(m_worker, &ProjectionWorker::failed, &feed, &Feed::projectionFailed);
    QObject::connect(m_worker, &ProjectionWorker::cancelled, &feed, &Feed::projectionCancelled);
    m_thread.start();
}

ProjectionThread::~ProjectionThread() {
    m_worker->nextGeneration(); // a projection in progress stops at its next slice
    m_thread.quit();
    m_thread.wait();
}

int ProjectionThread::nextGeneration() {
    return m_worker->nextGeneration();
}

void ProjectionThread::project(std::shared_ptr<sim::Simulation> fork,
                               const WhatIfRequest& request) {
    const int generation = m_worker->nextGeneration();
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, fork = std::move(fork), request, generation] {
            worker->project(fork, request, generation);
        },
        Qt::QueuedConnection);
}

} // namespace sluice::ui
