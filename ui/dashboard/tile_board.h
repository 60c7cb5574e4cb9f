// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "feed/alert_monitor.h"
#include "feed/in_force.h"
#include "series/sample.h"

#include <QWidget>
#include <array>

namespace sluice::ui {

class MetricTile;

// The row of figures at the top of the window, each tile named: what the latest sample says,
// red where an alert rule is breached, greyed and captioned when live data has stopped.
class TileBoard : public QWidget {
    Q_OBJECT
public:
    enum class Tile {
        Waiting,        // in the queue, pre-queued included
        EstimatedWait,  // told to someone joining now (alert: estimate)
        Admitting,      // admissions a minute, and the operator's target
        Sessions,       // active sessions / capacity (alert: saturated)
        BlankPages,     // backend errors a second (alert: backend errors)
        Booked,         // finished in the protected site
        GaveUp,         // left the queue
        RejectedTokens, // refused at the gate
    };
    static constexpr int kTiles = 8;

    explicit TileBoard(QWidget* parent = nullptr);

    // The latest sample's figures, which alerts are active, and the operator's settings in
    // force (a rate set while a simulation is paused shows before the next sample).
    void show(const series::Sample& latest, const AlertMonitor& alerts, const InForce& inForce);
    // Nothing to show (another run, other nodes): every tile "—", no alert.
    void clear();
    // Live data that stopped coming (see MetricTile::setStale).
    void setStale(bool stale);
    MetricTile* tile(Tile which) const { return m_tiles.at(static_cast<std::size_t>(which)); }
    // The estimated-wait tile's words: the range ("35–52 min", "1.6–2.2 h", "12–15 h"),
    // one figure when there is no range, "no wait", or "paused" / "unknown" when the page
    // shows words instead of a figure.
    static QString estimateText(const series::Sample& s);

private:
    std::array<MetricTile*, kTiles> m_tiles{};
};

} // namespace sluice::ui
