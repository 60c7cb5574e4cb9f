// SPDX-License-Identifier: Apache-2.0
// Issue 17, "In the people's language": the console in Korean, offscreen. The translation is
// loaded as the app loads it (installConsoleLanguage, what `sluice --lang ko` or LANGUAGE=ko
// does), the window opens on the built-in night, and what it shows is read back: menus and
// every menu action, docks, tiles, the control panel, chart titles and legends, the
// timeline's headers and kinds, the status bar, an alert, the dialogs, and a standard button
// of Qt's own (Cancel → 취소 from qtbase_ko.qm). Then English, with no translation, shows the
// English words. Without the .qm built into the console this fails: nothing would be Hangul.
//
// SLUICE_KOREAN_SHOT=<file.png> saves the Korean window, to look at.
#include "dashboard/alert_rules_dialog.h"
#include "dashboard/chart_grid.h"
#include "dashboard/connect_dialog.h"
#include "dashboard/console_language.h"
#include "dashboard/control_panel.h"
#include "dashboard/dashboard_window.h"
#include "dashboard/difficulty_dialog.h"
#include "dashboard/following_spin_box.h"
#include "dashboard/metric_tile.h"
#include "dashboard/timeline_panel.h"
#include "dashboard/what_if_panel.h"
#include "feed/scenario_source.h"
#include "own_settings.h"

#include <QAbstractItemModel>
#include <QAbstractSeries>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDockWidget>
#include <QFormLayout>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>
#include <memory>

using namespace sluice;

namespace {

// Hangul syllables, jamo or compatibility jamo.
bool hasHangul(const QString& text) {
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if ((u >= 0xAC00 && u <= 0xD7A3) || (u >= 0x1100 && u <= 0x11FF) ||
            (u >= 0x3130 && u <= 0x318F)) {
            return true;
        }
    }
    return false;
}

// English words left in a Korean text: runs of two or more ASCII letters, less the names
// that stay as they are (the product, Qt, keys, formats, protocols) and a mnemonic's "(&F)".
QStringList englishWords(QString text) {
    static const QStringList kNames{"Sluice", "sluiced", "Qt",   "Ctrl", "Shift", "Enter", "UTC",
                                    "KST",    "CSV",     "JSON", "PDF",  "CA",    "https", "http"};
    text.remove(QRegularExpression("\\(&.\\)"));
    text.remove('&');
    QStringList words;
    const QRegularExpression ascii("[A-Za-z]{2,}");
    for (auto it = ascii.globalMatch(text); it.hasNext();) {
        const QString word = it.next().captured();
        if (!kNames.contains(word)) {
            words << word;
        }
    }
    return words;
}

// "" when `text` reads as Korean, else why not.
QString notKorean(const QString& where, const QString& text) {
    if (!hasHangul(text)) {
        return QString("%1: \"%2\" has no Hangul").arg(where, text);
    }
    if (const QStringList words = englishWords(text); !words.isEmpty()) {
        return QString("%1: \"%2\" has English: %3").arg(where, text, words.join(' '));
    }
    return {};
}

// Every menu's title and action, submenus' titles included (not their entries when they
// are scenario names: presets and recent files keep their names).
QStringList menuTexts(const QMainWindow& window, QStringList* titles = nullptr) {
    QStringList out;
    for (QAction* top : window.menuBar()->actions()) {
        out << "menu|" + top->text();
        if (titles != nullptr) {
            *titles << top->text();
        }
        for (QAction* a : top->menu()->actions()) {
            if (!a->isSeparator()) {
                out << top->text() + "|" + a->text();
            }
        }
    }
    return out;
}

QStringList chartTexts(const ui::DashboardWindow& window) {
    QStringList out;
    for (const QChartView* view : window.charts().findChildren<QChartView*>()) {
        out << "title|" + view->chart()->title();
        for (const QAbstractSeries* s : view->chart()->series()) {
            out << "series|" + s->name();
        }
        for (const QAbstractAxis* axis : view->chart()->axes(Qt::Horizontal)) {
            out << "axis|" + axis->titleText();
        }
    }
    return out;
}

// The confirmation a pause asks for (a large change), and its buttons' texts.
QStringList pauseConfirmation(ui::DashboardWindow& window, QString* question) {
    window.controls()->pauseButton()->click();
    QMessageBox* box = window.controls()->pendingConfirmation();
    if (box == nullptr) {
        return {};
    }
    *question = box->windowTitle() + "\n" + box->text();
    const QStringList texts{box->button(QMessageBox::Cancel)->text(),
                            box->button(QMessageBox::Apply)->text()};
    box->button(QMessageBox::Cancel)->click();
    return texts;
}

std::unique_ptr<ui::DashboardWindow> openBuiltInNight() {
    auto loaded = ui::loadScenarioArgument("sluice-night-2021", {});
    if (!loaded.isOk()) {
        qFatal("%s", loaded.status().message().c_str());
    }
    auto window = std::make_unique<ui::DashboardWindow>(std::move(loaded).value());
    window->resize(1400, 900);
    window->show();
    return window;
}

} // namespace

class TstConsoleKorean : public QObject {
    Q_OBJECT
    QTemporaryDir m_settings; // the tests' own settings, never the user's

private slots:
    void initTestCase() {
        QVERIFY(sluice::testing::useOwnSettings(m_settings, "tst_console_korean"));
    }

    void cleanup() { ui::installConsoleLanguage("en"); }

    void choosesFromTheUsersLanguages() {
        QCOMPARE(ui::consoleLanguageFor({"ko-KR", "en-US"}), QString("ko"));
        QCOMPARE(ui::consoleLanguageFor({"ko_KR.UTF-8"}), QString("ko"));
        QCOMPARE(ui::consoleLanguageFor({"fr-FR", "ko"}), QString("ko"));
        QCOMPARE(ui::consoleLanguageFor({"en-GB", "ko-KR"}), QString("en"));
        QCOMPARE(ui::consoleLanguageFor({"fr-FR", "de-DE"}), QString("en")); // none: English
        QCOMPARE(ui::consoleLanguageFor({}), QString("en"));
        QCOMPARE(ui::installConsoleLanguage("fr"), QString("en"));
    }

    void koreanConsoleShowsKorean() {
        QSettings().clear();
        QCOMPARE(ui::installConsoleLanguage("ko"), QString("ko"));
        auto window = openBuiltInNight();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QTest::qWait(300);
        QStringList bad;
        const auto check = [&bad](const QString& where, const QString& text) {
            if (const QString why = notKorean(where, text); !why.isEmpty()) {
                bad << why;
            }
        };

        // The menus and every action in them (the docks' and the toolbar's toggles too).
        QStringList titles;
        const QStringList menus = menuTexts(*window, &titles);
        QCOMPARE(titles,
                 QStringList({"파일(&F)", "제어(&C)", "보기(&V)", "실행(&R)", "도움말(&H)"}));
        QVERIFY(menus.size() > 25);
        for (const QString& entry : menus) {
            check("menu " + entry.section('|', 0, 0), entry.section('|', 1));
        }
        for (const QDockWidget* dock : window->findChildren<QDockWidget*>()) {
            check("dock", dock->windowTitle());
        }
        // The what-if panel: its buttons and row labels (the comparison's table headers too).
        QCOMPARE(window->whatIf()->projectButton()->text(), QString("지금부터 예측(&J)"));
        check("what-if", window->whatIf()->clearButton()->text());
        for (const QLabel* label : window->whatIf()->findChildren<QLabel*>()) {
            if (!label->text().isEmpty()) {
                check("what-if label", label->text());
            }
        }

        // The tiles' captions and what they explain.
        const QList<ui::MetricTile*> tiles = window->findChildren<ui::MetricTile*>();
        QCOMPARE(tiles.size(), 8);
        QStringList captions;
        for (const ui::MetricTile* tile : tiles) {
            captions << tile->accessibleName();
            check("tile", tile->accessibleName());
            check("tile tooltip", tile->toolTip());
        }
        QVERIFY2(captions.contains("대기 인원") && captions.contains("예상 대기 시간") &&
                     captions.contains("입장 /분"),
                 qPrintable(captions.join(", ")));

        // The control panel: its row labels and buttons.
        ui::ControlPanel* controls = window->controls();
        QCOMPARE(controls->pauseButton()->text(), QString("입장 일시 정지(&P)"));
        for (const QPushButton* button : controls->findChildren<QPushButton*>()) {
            check("control button", button->text());
        }
        const auto* form = qobject_cast<QFormLayout*>(controls->layout());
        QVERIFY(form != nullptr);
        int labels = 0;
        for (int row = 0; row < form->rowCount(); ++row) {
            if (const QLayoutItem* item = form->itemAt(row, QFormLayout::LabelRole)) {
                if (const auto* label = qobject_cast<QLabel*>(item->widget());
                    label != nullptr && !label->text().isEmpty()) {
                    check("control label", label->text());
                    ++labels;
                }
            }
        }
        QVERIFY(labels >= 6);
        QCOMPARE(controls->rateBox()->suffix(), QString(" /분"));

        // The charts: titles, legend names, the time axis.
        const QStringList charts = chartTexts(*window);
        QVERIFY(charts.contains("title|대기 인원과 진입"));
        QVERIFY(charts.contains("title|입장 속도 (분당)"));
        for (const QString& entry : charts) {
            // The axis names the zone (Asia/Seoul): a name, not English.
            const QString text = entry.section('|', 1);
            check("chart " + entry.section('|', 0, 0),
                  entry.startsWith("axis|") ? QString(text).remove("Asia/Seoul") : text);
        }

        // The timeline: its headers, its filter, the kind of its first lines.
        const QAbstractItemModel* timeline = window->timeline()->view()->model();
        QStringList headers;
        for (int c = 0; c < timeline->columnCount(); ++c) {
            headers << timeline->headerData(c, Qt::Horizontal).toString();
        }
        QCOMPARE(headers, QStringList({"시각", "종류", "누가", "변경 내용"}));
        QVERIFY(timeline->rowCount() > 0);
        QCOMPARE(timeline->index(0, 1).data().toString(), QString("콘솔"));

        // The status bar, before the first run.
        const auto* hint = window->findChild<QLabel*>("statusHint");
        QVERIFY(hint != nullptr);
        check("status", hint->text());

        // A standard button from Qt's own Korean, beside the console's words.
        QString question;
        const QStringList buttons = pauseConfirmation(*window, &question);
        QCOMPARE(buttons, QStringList({"취소", "적용"}));
        QVERIFY2(question.contains("큰 변경 확인") && question.contains("모든 입장 일시 정지"),
                 qPrintable(question));

        // A few seconds of the night: the figures in Korean units, and an alert in Korean
        // on screen (the record keeps its English: the report and alerts.json are English).
        window->setAlertRules(ui::AlertRules{1, 0, 0}); // any estimate above a minute
        window->session().setSpeed(0);
        window->session().step(120);
        QTRY_VERIFY_WITH_TIMEOUT(window->store().samples().size() >= 119, 60'000);
        QTest::qWait(400);
        for (const ui::MetricTile* tile : tiles) {
            if (tile->accessibleName() == "예상 대기 시간") {
                check("estimate tile", tile->value());
            }
        }

        int alertRow = -1;
        for (int row = 0; row < timeline->rowCount(); ++row) {
            if (timeline->index(row, 1).data().toString() == "경보 발생") {
                alertRow = row;
            }
        }
        QVERIFY(alertRow >= 0);
        const QString alert = timeline->index(alertRow, 3).data().toString();
        QVERIFY2(alert.startsWith("새로 온 사람의 예상 대기"), qPrintable(alert));
        check("alert", alert);
        QVERIFY(window->timelineText().contains("ALERT estimate for a new arrival"));

        QVERIFY2(bad.isEmpty(), qPrintable(bad.join('\n')));
        if (const QString shot = qEnvironmentVariable("SLUICE_KOREAN_SHOT"); !shot.isEmpty()) {
            QVERIFY(window->grab().save(shot));
        }
    }

    // The dialogs, opened from the menus as an operator opens them (and the proof of work
    // dialog, live only, made directly): their titles, labels and buttons, Qt's included.
    void dialogsInKorean() {
        QSettings().clear();
        QCOMPARE(ui::installConsoleLanguage("ko"), QString("ko"));
        auto window = openBuiltInNight();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QStringList bad;
        const auto check = [&bad](const QString& where, const QString& text) {
            if (const QString why = notKorean(where, text); !why.isEmpty()) {
                bad << why;
            }
        };
        const auto trigger = [&window](const QString& text) {
            for (QAction* top : window->menuBar()->actions()) {
                for (QAction* a : top->menu()->actions()) {
                    if (a->text() == text) {
                        a->trigger();
                        return true;
                    }
                }
            }
            return false;
        };
        const auto buttonsOf = [](const QDialog* dialog) {
            QStringList texts;
            for (const QPushButton* b : dialog->findChildren<QPushButton*>()) {
                texts << b->text();
            }
            return texts;
        };

        QVERIFY(trigger("경보 규칙(&A)…"));
        QDialog* rules = nullptr;
        QTRY_VERIFY((rules = window->findChild<ui::AlertRulesDialog*>()) != nullptr);
        QCOMPARE(rules->windowTitle(), QString("경보 규칙"));
        for (const QLabel* label : rules->findChildren<QLabel*>()) {
            check("alert rules label", label->text());
        }
        for (const QString& text : buttonsOf(rules)) {
            check("alert rules button", text);
        }
        QVERIFY(buttonsOf(rules).contains("취소")); // Qt's own
        rules->reject();

        QVERIFY(trigger("실시간 서버에 연결(&C)…"));
        QDialog* connect = nullptr;
        QTRY_VERIFY((connect = window->findChild<ui::ConnectDialog*>()) != nullptr);
        QCOMPARE(connect->windowTitle(), QString("실시간 서버에 연결"));
        const QStringList connectButtons = buttonsOf(connect);
        QVERIFY2(connectButtons.contains("연결(&C)") && connectButtons.contains("취소") &&
                     connectButtons.contains("노드 추가(&A)"),
                 qPrintable(connectButtons.join(", ")));
        const auto* table = connect->findChild<QTableWidget*>();
        QVERIFY(table != nullptr);
        for (int c = 0; c < table->columnCount(); ++c) {
            check("connect header", table->horizontalHeaderItem(c)->text());
        }
        connect->reject();

        ui::DifficultyDialog difficulty({});
        QCOMPARE(difficulty.windowTitle(), QString("진입 작업 증명"));
        for (int i = 0; i < difficulty.modeBox()->count(); ++i) {
            check("proof of work mode", difficulty.modeBox()->itemText(i));
        }
        QCOMPARE(difficulty.summary(true), QString("변경을 보낼 노드가 없습니다."));
        QCOMPARE(difficulty.summary(), QString("No node to send the change to.")); // the note's
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join('\n')));
    }

    void englishWithoutATranslation() {
        QSettings().clear();
        QCOMPARE(ui::installConsoleLanguage("en"), QString("en"));
        auto window = openBuiltInNight();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QStringList titles;
        const QStringList menus = menuTexts(*window, &titles);
        QCOMPARE(titles, QStringList({"&File", "&Controls", "&View", "&Run", "&Help"}));
        for (const QString& entry : menus) {
            QVERIFY2(!hasHangul(entry), qPrintable(entry));
        }
        QVERIFY(menus.contains("&Controls|&Throttle (admission rate)…"));
        QCOMPARE(window->controls()->pauseButton()->text(), QString("&Pause admissions"));
        QVERIFY(chartTexts(*window).contains("title|Waiting and joins"));
        QCOMPARE(window->timeline()->view()->model()->headerData(3, Qt::Horizontal).toString(),
                 QString("What changed"));
        QString question;
        QCOMPARE(pauseConfirmation(*window, &question), QStringList({"Cancel", "Apply"}));
        QVERIFY(question.startsWith("Confirm a large change"));
    }

    // View › Language: each language by its own name; the choice is kept for the next start.
    void languageMenuKeepsTheChoice() {
        QSettings().clear();
        auto window = openBuiltInNight();
        auto* menu = window->findChild<QMenu*>("languageMenu");
        QVERIFY(menu != nullptr);
        QStringList names;
        QAction* korean = nullptr;
        for (QAction* a : menu->actions()) {
            names << a->text() + (a->isChecked() ? " ✓" : "");
            if (a->data().toString() == "ko") {
                korean = a;
            }
        }
        QCOMPARE(names, QStringList({"The system's language ✓", "English", "한국어"}));
        QVERIFY(korean != nullptr);
        korean->trigger();
        QCOMPARE(QSettings().value("ui/language").toString(), QString("ko"));
        QVERIFY(korean->isChecked());
        QVERIFY(window->statusBar()->currentMessage().contains("when it starts again"));
        // What the app does at its start with that choice (no --lang).
        QCOMPARE(ui::installConsoleLanguage(QSettings().value("ui/language").toString()),
                 QString("ko"));
    }

    // `sluice --help` offers the choice; an unknown language is refused.
    void helpOffersLang() {
        QProcess help;
        help.start(SLUICE_PATH, {"--help"});
        QVERIFY(help.waitForFinished(30'000));
        const QString out = QString::fromUtf8(help.readAllStandardOutput());
        QVERIFY2(out.contains("--lang <LANG>") && out.contains("en, ko"), qPrintable(out));
        QProcess wrong;
        wrong.setProcessEnvironment([] {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert("QT_QPA_PLATFORM", "offscreen");
            return env;
        }());
        wrong.start(SLUICE_PATH, {"--lang", "xx"});
        QVERIFY(wrong.waitForFinished(30'000));
        QCOMPARE(wrong.exitCode(), 2);
        QVERIFY(QString::fromUtf8(wrong.readAllStandardError()).contains("--lang"));
    }
};

QTEST_MAIN(TstConsoleKorean)
#include "tst_console_korean.moc"
