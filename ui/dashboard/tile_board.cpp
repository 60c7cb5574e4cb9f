// SPDX-License-Identifier: Apache-2.0
#include "tile_board.h"

#include "metric_tile.h"
#include "series/sample.h"

#include <QCoreApplication>
#include <QGridLayout>
#include <QLocale>
#include <algorithm>
#include <cmath>

namespace sluice::ui {
namespace {

struct TileSpec {
    TileBoard::Tile tile;
    const char* caption;
    const char* explanation;
};

// In the order they stand, left to right.
constexpr std::array<TileSpec, TileBoard::kTiles> kSpecs{{
    {TileBoard::Tile::Waiting, QT_TRANSLATE_NOOP("sluice::ui::TileBoard", "Waiting"),
     QT_TRANSLATE_NOOP("sluice::ui::TileBoard", "People in the queue now, pre-queued included.")},
    {TileBoard::Tile::EstimatedWait, QT_TRANSLATE_NOOP("sluice::ui::TileBoard", "Estimated wait"),
     QT_TRANSLATE_NOOP(
         "sluice::ui::TileBoard",
         "What someone joining now is told (the engine's estimate, or the old agent's arithmetic "
         "under client-side enforcement). Red: above the alert rule.")},
    {TileBoard::Tile::Admitting, QT_TRANSLATE_NOOP("sluice::ui::TileBoard", "Admitting / min"),
     QT_TRANSLATE_NOOP("sluice::ui::TileBoard",
                       "Admissions in the last second × 60, and the operator's target.")},
    {TileBoard::Tile::Sessions, QT_TRANSLATE_NOOP("sluice::ui::TileBoard", "Sessions / capacity"),
     QT_TRANSLATE_NOOP(
         "sluice::ui::TileBoard",
         "Capacity in use against the capacity: active sessions plus people admitted and not yet "
         "claimed (the engine holds their places), with how many of those are unclaimed. Red: "
         "saturated for longer than the alert rule.")},
    {TileBoard::Tile::BlankPages, QT_TRANSLATE_NOOP("sluice::ui::TileBoard", "Blank pages / s"),
     QT_TRANSLATE_NOOP(
         "sluice::ui::TileBoard",
         "Requests the protected site refused in the last second. Red: above the alert rule.")},
    {TileBoard::Tile::Booked, QT_TRANSLATE_NOOP("sluice::ui::TileBoard", "Booked"),
     QT_TRANSLATE_NOOP("sluice::ui::TileBoard", "People who finished in the protected site.")},
    {TileBoard::Tile::GaveUp, QT_TRANSLATE_NOOP("sluice::ui::TileBoard", "Gave up"),
     QT_TRANSLATE_NOOP("sluice::ui::TileBoard",
                       "People who left the queue (patience, or a huge estimate).")},
    {TileBoard::Tile::RejectedTokens, QT_TRANSLATE_NOOP("sluice::ui::TileBoard", "Rejected tokens"),
     QT_TRANSLATE_NOOP("sluice::ui::TileBoard",
                       "Tokens the gate refused: forged, foreign, expired, revoked.")},
}};

QString hoursMinutes(double seconds) {
    const auto minutes = static_cast<long long>(std::llround(seconds / 60.0));
    if (minutes <= 0) {
        return QCoreApplication::translate(
            "sluice::ui::TileBoard",
            "no wait"); // a figure, and it is nothing: never a dash that reads as no data
    }
    return minutes < 60
               ? QCoreApplication::translate("sluice::ui::TileBoard", "%1 min").arg(minutes)
               : QCoreApplication::translate("sluice::ui::TileBoard", "%1 h %2 min")
                     .arg(minutes / 60)
                     .arg(minutes % 60);
}

} // namespace

QString TileBoard::estimateText(const series::Sample& s) {
    // No figure is words, as on the waiting page: a 0 or a stale number would read as a wait.
    if (!series::hasFigure(s.shownEstimateSeconds)) {
        return s.paused ? tr("paused") : tr("unknown");
    }
    const double low = s.estimateLowSeconds;
    const double high = s.estimateHighSeconds;
    if (!series::hasFigure(low) || !series::hasFigure(high) || high <= low) {
        return hoursMinutes(s.shownEstimateSeconds); // no range (the old agent's arithmetic)
    }
    const auto lowMinutes = std::llround(low / 60.0);
    const auto highMinutes = std::llround(high / 60.0);
    if (lowMinutes == highMinutes) {
        return hoursMinutes(low);
    }
    if (highMinutes < 60) {
        return tr("%1–%2 min").arg(lowMinutes).arg(highMinutes); // "35–52 min"
    }
    // Hours, with a tenth below ten ("1.6–2.2 h"): "1 h 37 min – 2 h 14 min" is too long to
    // read in a tile, and a range is no place for minutes (the estimate under it has them).
    const int decimals = high < 10 * 3600 ? 1 : 0;
    const QString from = QLocale().toString(low / 3600, 'f', decimals);
    const QString to = QLocale().toString(high / 3600, 'f', decimals);
    return from == to ? tr("%1 h").arg(from) : tr("%1–%2 h").arg(from, to);
}

namespace {

QString count(std::uint64_t n) {
    return QLocale().toString(static_cast<qulonglong>(n));
}

} // namespace

TileBoard::TileBoard(QWidget* parent) : QWidget(parent) {
    auto* grid = new QGridLayout(this);
    for (std::size_t i = 0; i < kSpecs.size(); ++i) {
        auto* tile = new MetricTile(tr(kSpecs[i].caption), tr(kSpecs[i].explanation), this);
        m_tiles.at(static_cast<std::size_t>(kSpecs[i].tile)) = tile;
        grid->addWidget(tile, 0, static_cast<int>(i));
    }
}

void TileBoard::show(const series::Sample& s, const AlertMonitor& alerts, const InForce& inForce) {
    tile(Tile::Waiting)->setValue(count(s.waiting + s.preQueued));
    tile(Tile::EstimatedWait)->setValue(estimateText(s));
    // Beside a range, the estimate itself (what the alert rule is held against).
    const bool range = tile(Tile::EstimatedWait)->value().contains(QChar(0x2013));
    tile(Tile::EstimatedWait)
        ->setDetail(range ? "≈ " + hoursMinutes(s.shownEstimateSeconds) : QString());
    tile(Tile::EstimatedWait)->setAlert(alerts.active(AlertMonitor::Estimate));
    tile(Tile::Admitting)
        ->setValue(
            QString("%1 (%2)")
                .arg(std::llround(s.admitsPerSecond * 60))
                .arg(inForce.paused ? tr("paused") : QString::number(inForce.ratePerMinute)));
    tile(Tile::Admitting)->setAlert(alerts.active(AlertMonitor::Stopped));
    // What the engine counts against capacity: admitted and unclaimed people hold a place.
    tile(Tile::Sessions)
        ->setValue(
            QString("%1 / %2").arg(count(s.activeSessions + s.admittedUnclaimed),
                                   count(static_cast<std::uint64_t>(std::max(0, s.capacity)))));
    tile(Tile::Sessions)->setDetail(tr("%1 unclaimed").arg(count(s.admittedUnclaimed)));
    tile(Tile::Sessions)->setAlert(alerts.active(AlertMonitor::Saturated));
    tile(Tile::BlankPages)->setValue(count(s.backendErrors));
    tile(Tile::BlankPages)->setAlert(alerts.active(AlertMonitor::BackendErrors));
    tile(Tile::Booked)->setValue(count(s.bookedTotal));
    tile(Tile::GaveUp)->setValue(count(s.gaveUpTotal));
    tile(Tile::RejectedTokens)->setValue(count(s.rejectedTokensTotal));
}

void TileBoard::clear() {
    for (MetricTile* tile : m_tiles) {
        tile->setValue("—");
        tile->setDetail(QString());
        tile->setAlert(false);
    }
}

void TileBoard::setStale(bool stale) {
    for (MetricTile* tile : m_tiles) {
        tile->setStale(stale);
    }
}

} // namespace sluice::ui
