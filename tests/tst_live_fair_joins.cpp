// SPDX-License-Identifier: Apache-2.0
// The console's view of a live node's fair-join defences (issue 16), on a real sluiced with
// proof of work: the node health list shows the proof of work in force and the tokens its
// gate saw shared; Controls > Proof of work on join… quotes what is in force, Cancel (the
// default) sends nothing, Apply changes the node's difficulty, which comes back in the list
// and, in words, in the timeline; a simulation has no such control.
#include "dashboard/console_actions.h"
#include "dashboard/control_panel.h"
#include "dashboard/dashboard_window.h"
#include "dashboard/difficulty_dialog.h"
#include "dashboard/node_health_panel.h"
#include "sim_fixtures.h"
#include "sluiced_node.h"

#include <QAction>
#include <QComboBox>
#include <QMenuBar>
#include <QPushButton>
#include <QSpinBox>
#include <QtTest>
#include <csignal>

using namespace sluice;
using namespace sluice::testing;

namespace {

QAction* difficultyAction(QMainWindow& window) {
    for (QAction* a : window.findChildren<QAction*>()) {
        if (a->text().startsWith("Proof of &work")) {
            return a;
        }
    }
    return nullptr;
}

} // namespace

class TstLiveFairJoins : public QObject {
    Q_OBJECT
    Node m_node;

private slots:
    void initTestCase() {
        std::signal(SIGPIPE, SIG_IGN);
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_node.prepare("fair-console-night", false));
        m_node.extraArgs = {"--proof-of-work", "auto", "--pow-floor", "12", "--pow-ceiling", "20"};
        QVERIFY(m_node.start());
    }

    void theOperatorSeesAndSetsTheProofOfWork() {
        ui::DashboardWindow window(QList<ui::NodeAddress>{m_node.address("node-a")});
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.nodeHealth()->text(0, 2) == "live", 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(window.nodeHealth()->text(0, 5),
                                  QString("proof of work auto, 12 bits now (12–20) · 0 tokens "
                                          "shared"),
                                  10'000);
        QAction* action = difficultyAction(window);
        QVERIFY(action != nullptr);
        QVERIFY(action->isEnabled());

        // Opened and cancelled (Enter: Cancel is the default): nothing changes.
        action->trigger();
        QVERIFY(window.difficultyDialog() != nullptr);
        QCOMPARE(window.difficultyDialog()->mode(), QString("auto")); // what is in force
        QCOMPARE(window.difficultyDialog()->summary(),
                 QString("node-a: proof of work auto, 12 bits now (12–20) → auto"));
        QTest::keyClick(window.difficultyDialog(), Qt::Key_Return);
        QTRY_VERIFY(window.difficultyDialog() == nullptr);
        QTest::qWait(1500);
        QCOMPARE(m_node.admin(request("GET", "/api/v1/admin/difficulty"))["mode"].toString(),
                 QString("auto"));

        // Fixed at 16 bits: the dialog says what it will do, Apply does it.
        action->trigger();
        ui::DifficultyDialog* dialog = window.difficultyDialog();
        QVERIFY(dialog != nullptr);
        QVERIFY(!dialog->bitsBox()->isEnabled()); // bits only for fixed
        dialog->modeBox()->setCurrentIndex(dialog->modeBox()->findData("fixed"));
        QVERIFY(dialog->bitsBox()->isEnabled());
        dialog->bitsBox()->setValue(16);
        QCOMPARE(dialog->summary(),
                 QString("node-a: proof of work auto, 12 bits now (12–20) → fixed 16 bits"));
        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_node.admin(request("GET", "/api/v1/admin/difficulty"))["bits"].toInt() == 16,
            5'000);
        QCOMPARE(m_node.admin(request("GET", "/api/v1/admin/difficulty"))["mode"].toString(),
                 QString("fixed"));
        // Back in the list from the node's own snapshot, and in the timeline in words, by the
        // operator who made it.
        QTRY_COMPARE_WITH_TIMEOUT(window.nodeHealth()->text(0, 5),
                                  QString("proof of work 16 bits · 0 tokens shared"), 10'000);
        QVERIFY(window.timelineText().contains("proof of work asked: node-a: proof of work auto"));
        QTRY_VERIFY_WITH_TIMEOUT(
            window.timelineText().contains("Proof of work's fixed bits none → 16"), 10'000);
        QVERIFY(window.timelineText().contains(window.controls()->operatorName() + " @node-a"));
        QVERIFY(!window.timelineText().contains("proofOfWork."));
    }

    void aSimulationHasNoProofOfWorkControl() {
        ui::DashboardWindow window(smallNight());
        QAction* action = difficultyAction(window);
        QVERIFY(action != nullptr);
        QVERIFY(!action->isEnabled());
        window.openDifficultyDialog();
        QVERIFY(window.difficultyDialog() == nullptr);
    }
};

QTEST_MAIN(TstLiveFairJoins)
#include "tst_live_fair_joins.moc"
