// SPDX-License-Identifier: Apache-2.0
#include "metric_tile.h"

#include <QFontMetrics>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>

namespace sluice::ui {

MetricTile::MetricTile(const QString& caption, const QString& explanation, QWidget* parent)
    : QFrame(parent), m_caption(new QLabel(caption, this)), m_value(new QLabel("—", this)),
      m_detail(new QLabel(this)), m_captionText(caption) {
    setFrameShape(QFrame::StyledPanel);
    setToolTip(explanation);
    setAccessibleName(caption);
    QFont big = m_value->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    m_value->setFont(big);
    m_fullPointSize = big.pointSizeF();
    m_captionPointSize = m_caption->font().pointSizeF();
    m_detailPointSize = m_detail->font().pointSizeF();
    // A long figure or a "(stale)" caption never widens the window: the labels take the
    // width the row gives them (the tooltip and a wider window show all of it).
    for (QLabel* label : {m_caption, m_value, m_detail}) {
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        label->setMinimumWidth(40);
    }
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_caption);
    layout->addWidget(m_value);
    layout->addWidget(m_detail);
    setAutoFillBackground(true);
}

void MetricTile::setValue(const QString& text) {
    m_value->setText(text);
    fitValue();
}

void MetricTile::resizeEvent(QResizeEvent* event) {
    QFrame::resizeEvent(event);
    fitValue();
}

void MetricTile::fitValue() {
    fit(m_value, m_fullPointSize);
    fit(m_caption, m_captionPointSize);
    fit(m_detail, m_detailPointSize);
}

void MetricTile::fit(QLabel* label, double fullPointSize) {
    QFont font = label->font();
    font.setPointSizeF(fullPointSize);
    const int room = label->width();
    const int needed = QFontMetrics(font).horizontalAdvance(label->text());
    if (room > 0 && needed > room) {
        // Glyph widths do not scale exactly with the size: step down until it fits.
        double size = fullPointSize * room / needed;
        font.setPointSizeF(size);
        while (size > 6.0 && QFontMetrics(font).horizontalAdvance(label->text()) > room) {
            size -= 0.5;
            font.setPointSizeF(size);
        }
    }
    if (font != label->font()) {
        label->setFont(font);
    }
}

void MetricTile::setDetail(const QString& text) {
    m_detail->setText(text);
    fit(m_detail, m_detailPointSize);
}

QString MetricTile::detail() const {
    return m_detail->text();
}

QString MetricTile::value() const {
    return m_value->text();
}

void MetricTile::setStale(bool stale) {
    if (stale == m_stale) {
        return;
    }
    m_stale = stale;
    m_caption->setText(stale ? tr("%1 (stale)").arg(m_captionText) : m_captionText);
    fit(m_caption, m_captionPointSize);
    QPalette p = m_value->palette();
    p.setColor(QPalette::WindowText,
               stale ? QColor(150, 150, 150) : QPalette().color(QPalette::WindowText));
    m_value->setPalette(p);
}

void MetricTile::setAlert(bool breached) {
    if (breached == m_alert) {
        return;
    }
    m_alert = breached;
    QPalette p = palette();
    p.setColor(QPalette::Window,
               breached ? QColor(0xf8, 0xd7, 0xda) : QPalette().color(QPalette::Window));
    setPalette(p);
}

} // namespace sluice::ui
