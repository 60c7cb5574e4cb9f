// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/event_config.h"
#include "feed/in_force.h"
#include "node_snapshot.h"
#include "sse_parser.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>
#include <deque>
#include <optional>

class QNetworkReply;

namespace sluice::ui {

// Where a node is and how to prove we may watch it. The key stays in memory and in the
// platform's settings (ConnectDialog); it is never logged, shown or exported.
struct NodeAddress {
    QString name;   // for the health list and the timeline ("node-a")
    QUrl url;       // http://host:port or https://host:port (sluiced --admin-listen)
    QString key;    // the admin API's bearer key
    QString caFile; // PEM to trust for https (a self-signed node); empty: the system's
};

// One live sluiced node over Qt Network: its snapshot stream (Server-Sent Events), its
// audit log when the stream says it grew, and the controls sent to it (whose answers carry
// the audit entries they made, so our own change needs no fetch of the log). Reconnects by itself
// with exponential backoff and jitter (0.5 s doubling to 5 s: a restarted node is
// seen within seconds; reconnectNow() for at once); a stream silent for 3 s is
// stale (shown as such, never as current); a wrong key or a refusal stops it with a message
// that says what to fix instead of retrying forever. Everything is asynchronous: nothing
// here waits on the network.
class NodeClient : public QObject {
    Q_OBJECT
public:
    enum class State { Connecting, Live, Stale, Reconnecting, Refused };
    Q_ENUM(State)

    explicit NodeClient(NodeAddress address, QObject* parent = nullptr);
    ~NodeClient() override;

    void start();
    void stop();
    // Tries again now when not live (reconnecting, stale or refused), instead of waiting for
    // the next attempt; the backoff starts over.
    void reconnectNow();
    const NodeAddress& address() const { return m_address; }
    State state() const { return m_state; }
    QString stateText() const; // "live", "stale 12 s", "reconnecting in 4 s", "wrong key"
    const std::optional<NodeSnapshot>& latest() const { return m_latest; }
    // The newest snapshot of second `second` or the one before it (of at most `maxAge`
    // seconds before), from the last minutes received; null when there is none.
    const NodeSnapshot* snapshotAt(std::int64_t second, std::int64_t maxAge) const;
    // Milliseconds since the last snapshot (-1 before the first).
    qint64 msSinceSnapshot() const;
    // Sends one change (the admin controls endpoint); the answer comes as controlFinished.
    void applyControl(const QString& operatorName, const engine::ConfigChange& change);
    // Sets the node's proof of work (POST /api/v1/admin/difficulty): mode "off", "auto" or
    // "fixed" (then `bits`). The answer comes as difficultyFinished; the audit is fetched.
    void applyDifficulty(const QString& operatorName, const QString& mode, int bits);
    // The node's own record of the seconds after `after` and before `before` (UTC ms, both
    // exclusive; GET /api/v1/admin/history, an hour a call, asked again until `before`):
    // what the console missed while it was not connected. Comes as historyFetched, or
    // historyFailed with the reason (a node that keeps no history answers 404).
    void fetchHistory(engine::TimeMs after, engine::TimeMs before);

    static constexpr int kStaleMs = 3000;

signals:
    void snapshot(const sluice::ui::NodeSnapshot& snapshot);
    void stateChanged(sluice::ui::NodeClient::State state, const QString& detail);
    // The whole audit log as the node has it now (oldest first): fetched, or the log known
    // before plus the entries a control of ours made (emitted before its controlFinished).
    void auditFetched(const QList<sluice::engine::AuditEntry>& entries);
    void controlFinished(bool applied, const QString& message);
    void difficultyFinished(bool applied, const QString& message);
    // The event's opening, message and IANA time zone (GET /api/v1/admin/config), once live.
    void configFetched(engine::TimeMs opensAt, const QString& message, const QString& timeZone,
                       const QList<sluice::ui::InForce::Window>& cohorts);
    void historyFetched(engine::TimeMs after, engine::TimeMs before,
                        const QList<sluice::series::Sample>& samples);
    void historyFailed(engine::TimeMs after, engine::TimeMs before, const QString& reason);

private:
    QNetworkRequest request(const QString& path) const;
    void openStream();
    void dropStream();
    void onStreamData();
    void onStreamFinished();
    void scheduleReconnect(const QString& why);
    void setState(State state, const QString& detail);
    void fetchAudit();
    // Adds the entries a control's answer lists when they follow the log known so far;
    // false when they do not (the log grew in between, or an answer without them).
    bool appendControlAudit(const QByteArray& answer);
    void fetchConfig();
    void fetchHistoryPart(engine::TimeMs after, engine::TimeMs before, engine::TimeMs from,
                          QList<series::Sample> got);
    void checkStale();

    NodeAddress m_address;
    QNetworkAccessManager m_network;
    QSslConfiguration m_tls;
    QPointer<QNetworkReply> m_stream;
    SseParser m_parser;
    QTimer m_retry;
    QTimer m_staleCheck;
    QElapsedTimer m_sinceSnapshot;
    int m_attempt = 0;
    State m_state = State::Connecting;
    QString m_detail;
    bool m_running = false;
    std::optional<NodeSnapshot> m_latest;
    std::deque<NodeSnapshot> m_recent; // the last kRecent received, oldest first
    static constexpr std::size_t kRecent = 600;
    QList<engine::AuditEntry> m_audit; // the node's audit log as far as known, oldest first
    quint64 m_auditAppends = 0;        // times a control's answer added to m_audit
    bool m_auditInFlight = false;
    bool m_configKnown = false;
};

// The JSON body of POST /api/v1/admin/controls for a change.
QByteArray controlsBody(const QString& operatorName, const engine::ConfigChange& change);

} // namespace sluice::ui
