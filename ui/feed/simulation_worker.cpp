// SPDX-License-Identifier: Apache-2.0
#include "simulation_worker.h"

#include "series/sample.h"

#include <algorithm>

namespace sluice::ui {
namespace {
constexpr int kTickMs = 50;      // the pacing timer, wall time
constexpr qint64 kBudgetMs = 40; // most wall time one slice of "as fast as possible" takes
constexpr engine::TimeMs kSliceMs = 1000;
} // namespace

// The timer is a child (moved to the simulation thread with the worker, so it fires there);
// as a member it is destroyed before ~QObject, which then has nothing left to delete.
SimulationWorker::SimulationWorker(sim::Scenario scenario)
    : m_scenario(std::move(scenario)), m_timer(this) {
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &SimulationWorker::pace);
}

void SimulationWorker::start() {
    auto created = sim::Simulation::create(m_scenario);
    if (!created.isOk()) {
        emit failed(QString::fromStdString(created.status().message()));
        return;
    }
    m_sim = std::move(created).value();
}

void SimulationWorker::run() {
    if (!m_sim || m_sim->finished()) {
        return;
    }
    m_running = true;
    m_stepUntil = 0;
    m_carryMs = 0;
    m_wall.start();
    m_timer.start();
}

void SimulationWorker::pause() {
    const bool wasMoving = m_timer.isActive();
    m_running = false;
    m_stepUntil = 0;
    m_timer.stop();
    if (wasMoving && m_sim) {
        publishAccuracy();
    }
}

void SimulationWorker::setSpeed(double factor) {
    m_speed = std::max(0.0, factor);
    m_carryMs = 0;
    m_wall.restart();
}

void SimulationWorker::step(int seconds) {
    if (!m_sim || m_sim->finished() || seconds <= 0) {
        return;
    }
    m_running = false;
    m_stepUntil = std::min(m_sim->end(), m_sim->now() + engine::TimeMs{seconds} * 1000);
    m_timer.start();
}

void SimulationWorker::applyControl(const QString& operatorName,
                                    const sluice::engine::ConfigChange& change) {
    if (!m_sim) {
        return;
    }
    const engine::Status s = m_sim->applyControl(operatorName.toStdString(), change);
    if (!s.isOk()) {
        emit failed(QString::fromStdString(s.message()));
    }
    publish();
}

// A scale-out is the simulation's, not the engine's: it goes to the timeline as an entry of
// the same shape (who, when, old → new nodes), marked as provisioning.
void SimulationWorker::scaleOut(const QString& operatorName, int nodes, int provisioningSeconds) {
    if (!m_sim) {
        return;
    }
    const int before = m_sim->queueNodes();
    m_sim->scaleOut(nodes, provisioningSeconds);
    emit auditAppended({engine::AuditEntry{
        m_sim->now(), operatorName.toStdString(), "queueNodes", std::to_string(before),
        std::to_string(nodes) + " (ready in " + std::to_string(provisioningSeconds) + " s)"}});
}

void SimulationWorker::fork(const WhatIfRequest& request, int generation) {
    if (!m_sim) {
        emit forkFailed("the scenario did not start; there is nothing to project from");
        return;
    }
    publish(); // the real curve reaches the fork's moment before the projection starts
    emit forked(std::shared_ptr<sim::Simulation>(m_sim->fork()), request, generation);
}

// One timer tick: advance by what the speed owes since the last tick (or, at full speed, by
// whole simulated seconds for about 40 ms), then hand the new samples over.
void SimulationWorker::pace() {
    if (!m_sim) {
        m_timer.stop();
        return;
    }
    if (m_stepUntil != 0) {
        QElapsedTimer budget;
        budget.start();
        while (m_sim->now() < m_stepUntil && budget.elapsed() < kBudgetMs) {
            advanceTo(std::min(m_stepUntil, m_sim->now() + kSliceMs));
        }
        if (m_sim->now() >= m_stepUntil) {
            m_stepUntil = 0;
            if (!m_running) {
                m_timer.stop();
                publishAccuracy(); // the step is over: paused again
            }
        }
    } else if (m_running) {
        if (m_speed == 0) {
            QElapsedTimer budget;
            budget.start();
            while (!m_sim->finished() && budget.elapsed() < kBudgetMs) {
                advanceTo(m_sim->now() + kSliceMs);
            }
        } else {
            m_carryMs += static_cast<double>(m_wall.restart()) * m_speed;
            const auto owed = static_cast<engine::TimeMs>(m_carryMs);
            m_carryMs -= static_cast<double>(owed);
            advanceTo(m_sim->now() + owed);
        }
    }
    publish();
    if (m_sim->finished()) {
        m_timer.stop();
        m_running = false;
        if (!m_finishedSent) {
            m_finishedSent = true;
            publishAccuracy();
            emit finished();
        }
    }
}

void SimulationWorker::advanceTo(engine::TimeMs target) {
    m_sim->runUntil(std::min(target, m_sim->end()));
}

void SimulationWorker::publish() {
    const auto& samples = m_sim->samples();
    if (samples.size() > m_samplesSent) {
        emit sampled(QList<series::Sample>(
            samples.begin() + static_cast<std::ptrdiff_t>(m_samplesSent), samples.end()));
        m_samplesSent = samples.size();
    }
    const auto& audit = m_sim->engine().audit();
    if (audit.size() > m_auditSent) {
        emit auditAppended(QList<engine::AuditEntry>(
            audit.begin() + static_cast<std::ptrdiff_t>(m_auditSent), audit.end()));
        m_auditSent = audit.size();
    }
    const engine::TokenRejectionCounts& rejections = m_sim->engine().tokenRejections();
    if (rejections != m_rejectionsSent) {
        m_rejectionsSent = rejections;
        QMap<QString, quint64> byReason;
        for (std::size_t i = 0; i < rejections.size(); ++i) {
            if (rejections[i] > 0) {
                const std::string_view name =
                    engine::nameOf(static_cast<engine::TokenRejection>(i));
                byReason.insert(QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())),
                                rejections[i]);
            }
        }
        emit tokenRejectionsCounted(byReason);
    }
}

void SimulationWorker::publishAccuracy() {
    publish(); // the charts reach the same moment first
    emit accuracyBinned(accuracyOf(*m_sim));
}

} // namespace sluice::ui
