// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFrame>

class QLabel;

namespace sluice::ui {

// One figure on the dashboard: a caption, a value, a tooltip saying what it means, and a
// colour when an alert rule is breached.
class MetricTile : public QFrame {
    Q_OBJECT
public:
    MetricTile(const QString& caption, const QString& explanation, QWidget* parent = nullptr);
    void setValue(const QString& text);
    // A smaller line under the value ("40 admitted, unclaimed"); empty hides it.
    void setDetail(const QString& text);
    QString detail() const;
    void setAlert(bool breached);
    // Live data that stopped coming: the value stays readable but greyed and captioned as
    // stale, so an old number never passes for a current one.
    void setStale(bool stale);
    QString value() const;
    bool alert() const { return m_alert; }
    bool stale() const { return m_stale; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    // The value's font, as large as fits the tile's width: a figure is never cut short.
    void fitValue();
    // Each label's font as large as fits, up to its full size: the value, and the caption
    // and the detail too ("Estimated wait (stale)" is never cut to "Estimated wa").
    static void fit(QLabel* label, double fullPointSize);
    QLabel* m_caption;
    QLabel* m_value;
    QLabel* m_detail;
    QString m_captionText;
    bool m_alert = false;
    bool m_stale = false;
    double m_fullPointSize = 0;
    double m_captionPointSize = 0;
    double m_detailPointSize = 0;
};

} // namespace sluice::ui
