// SPDX-License-Identifier: Apache-2.0
// What the event store tests share: an engine thread the test drives by hand, and the small
// event they journal.
#pragma once

#include "engine_fixtures.h"
#include "store/event_store.h"

#include <functional>
#include <mutex>
#include <vector>

namespace sluice::test {

// The engine thread of these tests: posted tasks wait here until the test runs them.
class Inbox {
public:
    store::EventStore::Post post() {
        return [this](std::function<void()> task) {
            std::lock_guard lock(m_mutex);
            m_tasks.push_back(std::move(task));
        };
    }
    int run() {
        std::vector<std::function<void()>> tasks;
        {
            std::lock_guard lock(m_mutex);
            tasks.swap(m_tasks);
        }
        for (auto& t : tasks) {
            t();
        }
        return static_cast<int>(tasks.size());
    }

private:
    std::mutex m_mutex;
    std::vector<std::function<void()>> m_tasks;
};

inline engine::EventConfig storeTestConfig() {
    engine::EventConfig c = launchNight();
    c.capacity = 40;
    c.idleTimeoutSeconds = 30;
    return c;
}

inline constexpr engine::TimeMs kStoreStart = kOpening - 600 * kSecond;

inline store::EventStore::MakeEngine freshStoreEngine() {
    return [] { return engine::QueueEngine::create(storeTestConfig(), kStoreStart); };
}

} // namespace sluice::test
