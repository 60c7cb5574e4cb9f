// SPDX-License-Identifier: Apache-2.0
#include "usage.h"

namespace sluice::app {
namespace {

constexpr const char* kUsage = R"(Usage: sluiced --data-dir DIR [options]

The Sluice waiting-room server: join / status / leave / claim for the waiting page, the gate
nginx asks before every protected request (GET /api/v1/gate/check), JWKS, /metrics, health
checks and the admin API. See docs/api.md.

Options:
  --listen ADDR:PORT         where to listen (default 127.0.0.1:8080; port 0 picks one and
                             prints it)
  --data-dir DIR             keys (created on first start, mode 0600) and the event's
                             state: snapshots and the journal (DIR/state). Required. A
                             restart recovers every acknowledged join, claim and change.
                             DIR/history keeps a sample a second (series.csv) and the
                             audit log: `sluice-sim report DIR/history` reports on it.
  --event FILE               the event as JSON (the "event" object of docs/scenario-format.md);
                             default DIR/event.json
  --event-id ID --rate N --capacity N [--opens-at TIME]
                             quick start: with no event file yet, write one for event ID
                             admitting N a minute into N concurrent sessions, opening at
                             TIME (ISO 8601 with its zone, e.g. 2026-07-19T20:00:00+09:00;
                             default now). With an event file that says the same, start as
                             usual (so the same command restarts); one that differs is
                             left alone and sluiced stops, naming the difference
  --admin-key-file FILE      the admin API's bearer key (first line); without it the admin
                             API answers 403. Also SLUICE_ADMIN_KEY in the environment.
  --admin-listen ADDR:PORT   also listen there with TLS, and serve the admin API only
                             there (the plain port answers it with 403); needs --tls-cert
                             and --tls-key. Port 0 picks one and prints it
  --tls-cert FILE            PEM certificate chain for --admin-listen
  --tls-key FILE             PEM private key for --admin-listen (keep it 0600)
  --issuer URL               the tokens' "iss" (default http://ADDR:PORT)
  --protected-url URL        where admitted people are sent (default /)
  --secure-cookie            mark the token cookie Secure (behind TLS)
  --web-root DIR             the waiting page's files, served under /queue/ (default:
                             ../share/sluice/waiting beside the binary when installed, else
                             resources/waiting in the source tree)
  --max-connections N        open connections before 503 + Retry-After (default 20000)
  --write-timeout SECONDS    a client that takes none of the answers waiting for it for this
                             long is disconnected (default 30)
  --joins-per-minute N       joins per client address and minute (default 30; 0 = no limit)
  --trust-proxy ADDR         the reverse proxy (e.g. 127.0.0.1) whose X-Real-IP header names
                             the client for that limit; ignored from anyone else
  --join-burst N             joins an address may make at once (default 10)
  --join-limit-exempt CIDR,...  addresses the per-address limit never applies to (e.g. a
                             university's or a carrier's NAT: 100.64.0.0/10,2001:db8::/32)
  --proof-of-work MODE       off (default), auto (the difficulty follows the join rate) or
                             a fixed number of bits 0..32: a join must carry a solved
                             challenge (GET /api/v1/join/challenge; docs/server.md). With
                             it on, the per-address limit defaults to 6000 a minute, burst
                             6000 (a backstop)
  --pow-floor BITS           auto: the difficulty on a quiet night, and the least a solution
                             may have been issued at (default 18)
  --pow-ceiling BITS         auto: the most it asks for (default 22)
  --pow-quiet-rate N         auto: joins a minute up to which the floor holds; one bit more
                             per 4x that rate (default 600)
                             These four give the settings until the operator changes them
                             (POST /api/v1/admin/difficulty): standalone, the change is saved
                             in DIR/state/proof-of-work.json and from then on wins over
                             these flags at every start; remove that file (sluiced stopped)
                             to start from the flags again. In a cluster the change goes
                             through the log to every node, and from then on the log's
                             settings win over every node's flags, restarts included
  --device-binding on|off    bind tickets and tokens to the joining browser's HttpOnly
                             sluice_device cookie (default off; docs/server.md)
  --revoke-shared-tokens N   revoke an admission token the gate sees from more than N
                             addresses (2..9; default 0: count them, never revoke)
  --bench-preload N:FILE     benchmarks only: N people join at start; their tickets go to
                             FILE, one a line (bench/bench_sluiced.sh)
  --snapshot-every N         write a snapshot after N journal records (default 1000000;
                             also every 10 minutes with any change, and at shutdown)
  --snapshot-copy keep|fresh keep: the engine copy of a written snapshot stays and the next
                             one is copied into it (default; a shorter stall of the loop, one
                             more engine copy resident); fresh: a new copy each time
  --keys-dir DIR             the signing keys (default DIR/keys); cluster nodes share one
                             set: copy it to every node (docs/cluster.md)

Cluster mode (one event on several nodes over Redis; docs/cluster.md):
  --redis HOST:PORT          the Redis primary (a fixed one; for failover use --sentinel)
  --sentinel H:P,H:P,...     Sentinels that name the primary (and a replica to read from)
  --master-name NAME         the Sentinels' name for the primary (default sluice)
  --redis-password-file FILE Redis's (and the Sentinels') password, first line
  --node-id ID               this node's name in the cluster (default the --listen address)
  --wait-replicas N          a change is acknowledged once every replica in step holds it,
                             and at least N (default 1; 0 only for rehearsals without
                             replicas: then nothing is waited for)
  --cluster-snapshot-every N  snapshot this node's copy after N log entries (default
                             1000000; also every 10 minutes with any), in DIR/cluster
  --advertise URL            where the other nodes reach this one (default http://ADDR:PORT
                             of --listen): a new node fetches a snapshot from it when the
                             log was trimmed (with the admin key, over the plain port)
  --log-trim-every SECONDS    how often the leaseholder trims the log behind the nodes'
                             snapshots (default 60)
  In cluster mode the log in Redis is the journal: DIR keeps the node's snapshot (a restart
  reads the log after it), keys and history.
  --verbose                  log every request's refusal reasons at debug level
  --help, --version
)";

} // namespace

const char* usageText() {
    return kUsage;
}

} // namespace sluice::app
