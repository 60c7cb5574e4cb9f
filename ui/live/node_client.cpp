// SPDX-License-Identifier: Apache-2.0
#include "node_client.h"

#include "engine/utc_format.h"
#include "series/audit_json.h"
#include "series/operator_change_json.h"
#include "series/series_csv.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QUrlQuery>
#include <algorithm>

namespace sluice::ui {
namespace {

constexpr int kFirstRetryMs = 500;
// A node back after a restart is seen within 5 s (6 with jitter): a console or two asking
// every 5 s costs a node nothing, and the operator is not left looking at a gap.
constexpr int kMaxRetryMs = 5'000;
constexpr int kRequestTimeoutMs = 10'000;

// The refusal a node sent ({"error": {"message": …}}), or the network's reason.
QString reasonOf(QNetworkReply* reply) {
    const QJsonObject error =
        QJsonDocument::fromJson(reply->peek(4096)).object().value("error").toObject();
    const QString message = error.value("message").toString();
    return message.isEmpty() ? reply->errorString() : message;
}

} // namespace

// The change as sluiced reads it: the one operator-change codec (series/operator_change_json).
QByteArray controlsBody(const QString& operatorName, const engine::ConfigChange& change) {
    return QByteArray::fromStdString(
        series::operatorChangeJson(series::OperatorChange{operatorName.toStdString(), change}));
}

NodeClient::NodeClient(NodeAddress address, QObject* parent)
    : QObject(parent), m_address(std::move(address)),
      m_tls(QSslConfiguration::defaultConfiguration()) {
    if (!m_address.caFile.isEmpty()) {
        // Trust exactly this CA (a node with its own certificate), on top of nothing else.
        m_tls.setCaCertificates(QSslCertificate::fromPath(m_address.caFile));
    }
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &NodeClient::openStream);
    m_staleCheck.setInterval(500);
    connect(&m_staleCheck, &QTimer::timeout, this, &NodeClient::checkStale);
}

NodeClient::~NodeClient() {
    stop();
}

QNetworkRequest NodeClient::request(const QString& path) const {
    QUrl url = m_address.url;
    url.setPath(path);
    QNetworkRequest r(url);
    r.setRawHeader("Authorization", "Bearer " + m_address.key.toUtf8());
    r.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (url.scheme() == "https") {
        r.setSslConfiguration(m_tls);
    }
    return r;
}

void NodeClient::start() {
    if (m_running) {
        return;
    }
    m_running = true;
    m_attempt = 0;
    setState(State::Connecting, {});
    openStream();
    m_staleCheck.start();
}

void NodeClient::stop() {
    m_running = false;
    m_retry.stop();
    m_staleCheck.stop();
    dropStream();
}

void NodeClient::reconnectNow() {
    if (!m_running || m_state == State::Live || m_state == State::Connecting) {
        return;
    }
    m_retry.stop();
    m_attempt = 0;
    setState(State::Connecting, {});
    openStream();
}

void NodeClient::dropStream() {
    QNetworkReply* stream = m_stream.data();
    m_stream = nullptr;
    if (stream != nullptr) {
        stream->disconnect(this);
        stream->abort();
        stream->deleteLater();
    }
}

void NodeClient::openStream() {
    if (!m_running) {
        return;
    }
    dropStream();
    m_parser.reset();
    QNetworkRequest r = request("/api/v1/admin/stream");
    r.setRawHeader("Accept", "text/event-stream");
    // The stream has no end: no transfer time-out (staleness is watched instead).
    m_stream = m_network.get(r);
    connect(m_stream, &QNetworkReply::readyRead, this, &NodeClient::onStreamData);
    connect(m_stream, &QNetworkReply::finished, this, &NodeClient::onStreamFinished);
}

void NodeClient::onStreamData() {
    QNetworkReply* reply = m_stream;
    if (reply == nullptr) {
        return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200) {
        return; // a refusal: read whole in onStreamFinished
    }
    QList<SseEvent> events;
    if (!m_parser.feed(reply->readAll(), events)) {
        scheduleReconnect("the stream sent a line over 1 MiB");
        return;
    }
    for (const SseEvent& e : events) {
        if (e.event != "snapshot") {
            continue;
        }
        auto parsed = parseNodeSnapshot(e.data);
        if (!parsed) {
            continue; // not a snapshot we can read: shown as stale rather than as wrong numbers
        }
        m_latest = *parsed;
        m_recent.push_back(*parsed);
        if (m_recent.size() > kRecent) {
            m_recent.pop_front();
        }
        m_sinceSnapshot.start();
        m_attempt = 0;
        if (m_state != State::Live) {
            setState(State::Live, {});
        }
        emit snapshot(*parsed);
        if (parsed->auditEntries > static_cast<quint64>(m_audit.size())) {
            fetchAudit();
        }
        if (!m_configKnown) {
            fetchConfig();
        }
    }
}

void NodeClient::onStreamFinished() {
    QNetworkReply* reply = m_stream;
    if (reply == nullptr) {
        return;
    }
    reply->deleteLater();
    m_stream = nullptr;
    if (!m_running) {
        return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 401) {
        setState(State::Refused, "wrong admin key: the node refused it (401); fix the key and "
                                 "connect again");
        return;
    }
    if (status == 403 || status == 404) {
        setState(
            State::Refused,
            QString("the node refused the admin API (%1): %2").arg(status).arg(reasonOf(reply)));
        return;
    }
    if (reply->error() == QNetworkReply::SslHandshakeFailedError) {
        setState(State::Refused, "TLS: " + reply->errorString());
        return;
    }
    // What went wrong, in words: a stream that had started (200) and then ended means the
    // node closed it or went away; another status is the node's refusal with its reason.
    QString why;
    if (status == 200) {
        why = reply->error() == QNetworkReply::NoError
                  ? QString("the node ended the stream")
                  : "the connection was lost: " + reply->errorString();
    } else if (status != 0) {
        why = QString("the node answered %1: %2").arg(status).arg(reasonOf(reply));
    } else {
        why = reply->errorString();
    }
    scheduleReconnect(why);
}

void NodeClient::scheduleReconnect(const QString& why) {
    dropStream();
    // 0.5 s, 1 s, 2 s … 5 s, each ±20 %: a fleet of consoles does not reconnect in step.
    const int base = std::min(kMaxRetryMs, kFirstRetryMs << std::min(m_attempt, 10));
    const double jitter = 0.8 + 0.4 * QRandomGenerator::global()->generateDouble();
    const int delay = static_cast<int>(base * jitter);
    ++m_attempt;
    m_retry.start(delay);
    setState(State::Reconnecting, why);
}

void NodeClient::checkStale() {
    if (m_state == State::Live && m_sinceSnapshot.isValid() &&
        m_sinceSnapshot.elapsed() > kStaleMs) {
        setState(State::Stale, {});
    }
    // Connected but silent for long: the connection is dead without having said so.
    if (m_state == State::Stale && m_sinceSnapshot.elapsed() > 4 * kStaleMs) {
        scheduleReconnect("no snapshot for 12 s");
    }
    if (m_state == State::Stale || m_state == State::Reconnecting) {
        emit stateChanged(m_state, m_detail); // the age and countdown move on
    }
}

const NodeSnapshot* NodeClient::snapshotAt(std::int64_t second, std::int64_t maxAge) const {
    for (auto it = m_recent.rbegin(); it != m_recent.rend(); ++it) {
        const std::int64_t s = it->sample.at / 1000;
        if (s <= second) {
            return second - s <= maxAge ? &*it : nullptr;
        }
    }
    return nullptr;
}

qint64 NodeClient::msSinceSnapshot() const {
    return m_sinceSnapshot.isValid() ? m_sinceSnapshot.elapsed() : -1;
}

QString NodeClient::stateText() const {
    switch (m_state) {
    case State::Connecting:
        return "connecting";
    case State::Live:
        return "live";
    case State::Stale:
        return QString("stale %1 s").arg(msSinceSnapshot() / 1000);
    case State::Reconnecting:
        return QString("reconnecting in %1 s (%2)")
            .arg((m_retry.remainingTime() + 999) / 1000)
            .arg(m_detail);
    case State::Refused:
        return m_detail;
    }
    return {};
}

void NodeClient::setState(State state, const QString& detail) {
    if (state != State::Live) {
        // Snapshots from before an outage never stand for a second after it (the feed makes
        // the seconds after a node's last snapshot from those of at most 2 s before).
        m_recent.clear();
    }
    m_state = state;
    m_detail = detail;
    emit stateChanged(state, detail);
}

void NodeClient::fetchAudit() {
    if (m_auditInFlight) {
        return;
    }
    m_auditInFlight = true;
    QNetworkRequest r = request("/api/v1/admin/audit");
    r.setTransferTimeout(kRequestTimeoutMs);
    QNetworkReply* reply = m_network.get(r);
    connect(reply, &QNetworkReply::finished, this, [this, reply, appends = m_auditAppends] {
        reply->deleteLater();
        m_auditInFlight = false;
        if (reply->error() != QNetworkReply::NoError) {
            return; // the next snapshot asks again
        }
        // The same format sluiced's history and the reports use (series::auditJson).
        auto read = series::readAuditJson(reply->readAll().toStdString());
        if (!read.isOk()) {
            return; // not an audit log: the next snapshot asks again
        }
        const QList<engine::AuditEntry> entries(read.value().begin(), read.value().end());
        // A log asked for before a control's answer added to ours, and shorter than ours,
        // was read before that change: older than what we know, so it is dropped.
        if (m_auditAppends == appends || entries.size() >= m_audit.size()) {
            m_audit = entries;
            emit auditFetched(m_audit);
        }
        if (m_latest && m_latest->auditEntries > static_cast<quint64>(m_audit.size())) {
            fetchAudit(); // it grew while we asked
        }
    });
}

bool NodeClient::appendControlAudit(const QByteArray& answer) {
    const QJsonObject o = QJsonDocument::fromJson(answer).object();
    const QJsonValue total = o.value("auditEntries");
    if (!o.value("audit").isArray() || !total.isDouble()) {
        return false;
    }
    auto made = series::readAuditJson(
        QJsonDocument(o.value("audit").toArray()).toJson(QJsonDocument::Compact).toStdString());
    if (!made.isOk()) {
        return false;
    }
    const QList<engine::AuditEntry> entries(made.value().begin(), made.value().end());
    if (total.toInteger() == m_audit.size() && entries.size() <= m_audit.size() &&
        m_audit.sliced(m_audit.size() - entries.size()) == entries) {
        return true; // a fetch the stream started brought them first
    }
    if (total.toInteger() != m_audit.size() + entries.size()) {
        return false;
    }
    if (!entries.isEmpty()) {
        m_audit.append(entries);
        ++m_auditAppends;
        emit auditFetched(m_audit);
    }
    return true;
}

void NodeClient::fetchConfig() {
    m_configKnown = true;
    QNetworkRequest r = request("/api/v1/admin/config");
    r.setTransferTimeout(kRequestTimeoutMs);
    QNetworkReply* reply = m_network.get(r);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
        engine::TimeMs opensAt = 0;
        if (reply->error() != QNetworkReply::NoError ||
            !engine::parseUtc(o.value("opensAt").toString().toStdString(), opensAt)) {
            m_configKnown = false; // ask again with the next snapshot
            return;
        }
        // An older node does not say its zone: the event is then shown in UTC, as it was.
        // Each cohort window's opening (empty for an event with one opening): the controls'
        // window chooser. A window without a readable opening is left out rather than shown 0.
        QList<InForce::Window> cohorts;
        for (const QJsonValue& w : o.value("cohorts").toArray()) {
            engine::TimeMs at = 0;
            const QJsonObject window = w.toObject();
            if (engine::parseUtc(window.value("opensAt").toString().toStdString(), at)) {
                cohorts.append({window.value("name").toString(), at});
            }
        }
        emit configFetched(opensAt, o.value("message").toString(),
                           o.value("timeZone").toString("UTC"), cohorts);
    });
}

void NodeClient::fetchHistory(engine::TimeMs after, engine::TimeMs before) {
    fetchHistoryPart(after, before, after, {});
}

void NodeClient::fetchHistoryPart(engine::TimeMs after, engine::TimeMs before, engine::TimeMs from,
                                  QList<series::Sample> got) {
    QNetworkRequest r = request("/api/v1/admin/history");
    QUrl url = r.url();
    url.setQuery(QUrlQuery{{"after", QString::number(from)}});
    r.setUrl(url);
    r.setTransferTimeout(kRequestTimeoutMs);
    QNetworkReply* reply = m_network.get(r);
    connect(
        reply, &QNetworkReply::finished, this,
        [this, reply, after, before, got = std::move(got)]() mutable {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status != 200) {
                emit historyFailed(after, before,
                                   status == 404 ? QString("the node keeps no history")
                                                 : reasonOf(reply));
                return;
            }
            auto rows = series::readSeriesCsv(reply->readAll().toStdString());
            if (!rows.isOk()) {
                emit historyFailed(after, before, QString::fromStdString(rows.status().message()));
                return;
            }
            for (const series::Sample& s : rows.value()) {
                if (s.at >= before) {
                    emit historyFetched(after, before, got);
                    return;
                }
                got.append(s);
            }
            if (rows.value().empty()) {
                emit historyFetched(after, before, got); // all the node has
                return;
            }
            fetchHistoryPart(after, before, rows.value().back().at, std::move(got));
        });
}

void NodeClient::applyControl(const QString& operatorName, const engine::ConfigChange& change) {
    QNetworkRequest r = request("/api/v1/admin/controls");
    r.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    r.setTransferTimeout(kRequestTimeoutMs);
    QNetworkReply* reply = m_network.post(r, controlsBody(operatorName, change));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200) {
            if (!appendControlAudit(reply->readAll())) {
                fetchAudit(); // someone else's change came first: the whole log, then
            }
            emit controlFinished(true, {});
        } else {
            emit controlFinished(false, status == 0
                                            ? reply->errorString()
                                            : QString("%1: %2").arg(status).arg(reasonOf(reply)));
        }
    });
}

void NodeClient::applyDifficulty(const QString& operatorName, const QString& mode, int bits) {
    QNetworkRequest r = request("/api/v1/admin/difficulty");
    r.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    r.setTransferTimeout(kRequestTimeoutMs);
    QJsonObject body{{"operator", operatorName}, {"mode", mode}};
    if (mode == "fixed") {
        body.insert("bits", bits);
    }
    QNetworkReply* reply = m_network.post(r, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200) {
            fetchAudit(); // the entries sit among the engine's, by time
            emit difficultyFinished(true, {});
        } else {
            emit difficultyFinished(
                false, status == 0 ? reply->errorString()
                                   : QString("%1: %2").arg(status).arg(reasonOf(reply)));
        }
    });
}

} // namespace sluice::ui
