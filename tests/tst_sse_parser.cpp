// SPDX-License-Identifier: Apache-2.0
// Server-Sent Events split anywhere: whole events out, in order, whatever the chunking and
// line ends; comments skipped; a runaway line refused.
#include "live/sse_parser.h"

#include <QTest>

using sluice::ui::SseEvent;
using sluice::ui::SseParser;

class TstSseParser : public QObject {
    Q_OBJECT
private slots:
    void eventsSurviveAnySplit() {
        const QByteArray stream = "retry: 2000\r\nevent: snapshot\r\ndata: {\"a\":1}\r\n\r\n"
                                  ": keep-alive\n\nevent: snapshot\ndata: line one\ndata: line "
                                  "two\n\ndata: plain\r\rdata:no-space\n\n";
        for (int chunk = 1; chunk <= stream.size(); ++chunk) {
            SseParser p;
            QList<SseEvent> out;
            for (qsizetype at = 0; at < stream.size(); at += chunk) {
                QVERIFY(p.feed(QByteArrayView(stream).sliced(
                                   at, std::min<qsizetype>(chunk, stream.size() - at)),
                               out));
            }
            QCOMPARE(out.size(), 4);
            QCOMPARE(out[0].event, QByteArray("snapshot"));
            QCOMPARE(out[0].data, QByteArray("{\"a\":1}"));
            QCOMPARE(out[1].data, QByteArray("line one\nline two"));
            QCOMPARE(out[2].event, QByteArray("message"));
            QCOMPARE(out[2].data, QByteArray("plain"));
            QCOMPARE(out[3].data, QByteArray("no-space"));
        }
    }

    void anUnfinishedEventIsNotDispatched() {
        SseParser p;
        QList<SseEvent> out;
        QVERIFY(p.feed("event: snapshot\ndata: {}\n", out));
        QVERIFY(out.isEmpty()); // no blank line yet: the server may have died mid-event
        p.reset();
        QVERIFY(p.feed("\n", out));
        QVERIFY(out.isEmpty());
    }

    void aRunawayLineIsRefused() {
        SseParser p(64);
        QList<SseEvent> out;
        QVERIFY(!p.feed("data: " + QByteArray(100, 'x'), out));
    }
};

QTEST_GUILESS_MAIN(TstSseParser)
#include "tst_sse_parser.moc"
