// SPDX-License-Identifier: Apache-2.0
#include "outcomes_table.h"

#include <QFontMetricsF>
#include <QPainter>
#include <array>
#include <functional>

namespace sluice::ui {

double drawOutcomesTable(QPainter& p, const QRectF& box, const std::vector<WhatIfOutcome>& outcomes,
                         const EventTime& time) {
    // Shares of the width: the label takes what the numbers leave.
    static constexpr std::array<double, kOutcomeColumns> kWidths{0.2, 0.12, 0.11, 0.17,
                                                                 0.1, 0.1,  0.09, 0.09};
    // A size smaller than the text around it: eight columns across the page.
    const QFont body = [&p] {
        QFont f = p.font();
        f.setPointSizeF(f.pointSizeF() * 0.9);
        return f;
    }();
    const QFont before = p.font();
    p.setFont(body);
    const QFontMetricsF fm(body, p.device());
    const double rowHeight = fm.height() * 1.3;
    const double swatch = fm.averageCharWidth() * 2.5;
    QFont bold = body;
    bold.setBold(true);
    double y = box.top();
    const auto row = [&](const std::function<QString(OutcomeColumn)>& text,
                         const WhatIfOutcome* o) {
        double x = box.left();
        for (int c = 0; c < kOutcomeColumns; ++c) {
            const double width = box.width() * kWidths[static_cast<std::size_t>(c)];
            QRectF cell(x, y, width - fm.averageCharWidth(), rowHeight);
            if (c == 0 && o != nullptr && !o->reference) {
                p.setPen(QPen(QColor::fromRgb(o->rgb), 3, Qt::DashLine));
                p.drawLine(QPointF(x, y + rowHeight / 2), QPointF(x + swatch, y + rowHeight / 2));
            }
            if (c == 0) {
                cell.setLeft(x + swatch + fm.averageCharWidth());
            }
            p.setPen(Qt::black);
            const Qt::Alignment align =
                (c == 0 ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter;
            p.drawText(
                cell, static_cast<int>(align.toInt()),
                fm.elidedText(text(static_cast<OutcomeColumn>(c)), Qt::ElideRight, cell.width()));
            x += width;
        }
        y += rowHeight;
    };
    p.setFont(bold);
    row([](OutcomeColumn c) { return outcomeHeader(c); }, nullptr);
    p.setPen(QPen(Qt::black, 1));
    p.drawLine(QPointF(box.left(), y), QPointF(box.right(), y));
    p.setFont(body);
    for (const WhatIfOutcome& o : outcomes) {
        row([&](OutcomeColumn c) { return outcomeText(o, c, time); }, &o);
    }
    p.setFont(before);
    return y - box.top();
}

} // namespace sluice::ui
