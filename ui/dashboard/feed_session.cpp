// SPDX-License-Identifier: Apache-2.0
#include "feed_session.h"

#include "feed/simulation_feed.h"
#include "live/live_feed.h"
#include "series/sample.h"

namespace sluice::ui {
namespace {
constexpr int kStaleCheckMs = 100; // as often as the window repaints
} // namespace

FeedSession::FeedSession(QObject* parent) : QObject(parent) {
    m_staleCheck.setInterval(kStaleCheckMs);
    connect(&m_staleCheck, &QTimer::timeout, this, &FeedSession::checkStale);
}

FeedSession::~FeedSession() = default;

Feed* FeedSession::feed() const {
    return m_live ? static_cast<Feed*>(m_live.get()) : m_simulation.get();
}

Controls* FeedSession::controls() const {
    return m_live ? static_cast<Controls*>(m_live.get()) : m_simulation.get();
}

void FeedSession::startSimulation(const sim::Scenario& scenario, double speed) {
    m_live.reset();
    m_staleCheck.stop();
    m_sinceSample.invalidate();
    checkStale();
    m_simulation = std::make_unique<SimulationFeed>(scenario); // the old one stops with its thread
    m_simulation->setSpeed(speed);
    forward(*m_simulation);
    setRunning(false);
}

void FeedSession::startLive(const QList<NodeAddress>& nodes) {
    m_simulation.reset();
    setRunning(false);
    m_live = std::make_unique<LiveFeed>(nodes);
    m_sinceSample.invalidate();
    checkStale();
    forward(*m_live);
    connect(m_live.get(), &LiveFeed::eventConfig, this, &FeedSession::eventConfig);
    connect(m_live.get(), &LiveFeed::healthChanged, this, &FeedSession::healthChanged);
    m_staleCheck.start();
    m_live->start();
}

void FeedSession::forward(Feed& feed) {
    connect(&feed, &Feed::sampled, this, [this](const QList<series::Sample>& samples) {
        m_sinceSample.start();
        checkStale();
        emit sampled(samples);
    });
    connect(&feed, &Feed::auditAppended, this, &FeedSession::auditAppended);
    connect(&feed, &Feed::failed, this, &FeedSession::failed);
    connect(&feed, &Feed::finished, this, [this] {
        setRunning(false);
        emit finished();
    });
    connect(&feed, &Feed::projectionProgress, this, &FeedSession::projectionProgress);
    connect(&feed, &Feed::projected, this, &FeedSession::projected);
    connect(&feed, &Feed::projectionFailed, this, &FeedSession::projectionFailed);
    connect(&feed, &Feed::projectionCancelled, this, &FeedSession::projectionCancelled);
}

void FeedSession::checkStale() {
    const bool stale = m_live != nullptr &&
                       (!m_sinceSample.isValid() || m_sinceSample.elapsed() > NodeClient::kStaleMs);
    if (stale != m_stale) {
        m_stale = stale;
        emit staleChanged(stale);
    }
}

void FeedSession::run() {
    if (m_simulation) {
        m_simulation->run();
        setRunning(true);
    }
}

void FeedSession::pause() {
    if (m_simulation) {
        m_simulation->pause();
        setRunning(false);
    }
}

void FeedSession::step(int seconds) {
    if (m_simulation) {
        m_simulation->step(seconds);
        setRunning(false); // a step ends paused
    }
}

void FeedSession::setRunning(bool running) {
    if (running != m_running) {
        m_running = running;
        emit runningChanged(running);
    }
}

void FeedSession::setSpeed(double factor) {
    if (m_simulation) {
        m_simulation->setSpeed(factor);
    }
}

void FeedSession::scaleOut(const QString& operatorName, int nodes, int provisioningSeconds) {
    if (m_simulation) {
        m_simulation->scaleOut(operatorName, nodes, provisioningSeconds);
    }
}

void FeedSession::project(const WhatIfRequest& request) {
    if (Feed* current = feed()) {
        current->project(request);
    }
}

void FeedSession::cancelProjection() {
    if (Feed* current = feed()) {
        current->cancelProjection();
    }
}

} // namespace sluice::ui
