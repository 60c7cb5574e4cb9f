// SPDX-License-Identifier: Apache-2.0
// Which replicas a change waits for: those a primary's INFO replication shows in step.
#include "cluster/redis_topology.h"

#include <QTest>

class TstRedisTopology : public QObject {
    Q_OBJECT
private slots:
    void replicasInStepCountsOnlineAndRecent() {
        const std::string info = "# Replication\r\n"
                                 "role:master\r\n"
                                 "connected_slaves:3\r\n"
                                 "slave0:ip=127.0.0.1,port=6380,state=online,offset=900,lag=0\r\n"
                                 "slave1:ip=127.0.0.1,port=6381,state=online,offset=880,lag=1\r\n"
                                 "slave2:ip=127.0.0.1,port=6382,state=wait_bgsave,offset=0,lag=0\r\n"
                                 "master_repl_offset:900\r\n";
        QCOMPARE(sluice::cluster::replicasInStep(info), 2);
    }
    void aReplicaSilentForSecondsIsNotWaitedFor() {
        // Stopped or cut off: still "online" to the primary until repl-timeout, but its last
        // acknowledgement is seconds old; waiting for it would stall every change.
        const std::string info = "slave0:ip=127.0.0.1,port=6380,state=online,offset=900,lag=0\n"
                                 "slave1:ip=127.0.0.1,port=6381,state=online,offset=700,lag=4\n";
        QCOMPARE(sluice::cluster::replicasInStep(info), 1);
    }
    void noReplicasNoLagFieldOrAReplicasOwnInfo() {
        QCOMPARE(sluice::cluster::replicasInStep("role:master\nconnected_slaves:0\n"), 0);
        QCOMPARE(sluice::cluster::replicasInStep("slave0:ip=127.0.0.1,port=6380,state=online\n"),
                 0);
        // A replica's INFO ("slave_repl_offset:…", "slave_read_only:1") lists no replicas.
        QCOMPARE(sluice::cluster::replicasInStep("role:slave\nslave_repl_offset:900\n"
                                                 "slave_read_only:1\nslave_priority:100\n"),
                 0);
    }
};

QTEST_GUILESS_MAIN(TstRedisTopology)
#include "tst_redis_topology.moc"
