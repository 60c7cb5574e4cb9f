#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A whole Sluice cluster on this machine, for rehearsals (docs/cluster.md, "Rehearsal on one
# machine"): a Redis primary and two replicas, three Sentinels (down-after 1000 ms), three
# sluiced nodes of one event (same event file, keys and admin key; they find Redis through
# the Sentinels) and nginx in front with packaging/nginx/sluice-cluster-site.conf. The
# Redis, Sentinel and nginx configurations are made from the files in packaging/, with
# local addresses.
#
#   scripts/local-cluster.sh start [DIR]    start everything afresh (DIR: default /tmp/sluice-cluster)
#   scripts/local-cluster.sh status [DIR]   who is up, the Redis primary, each node's log position
#   scripts/local-cluster.sh stop [DIR]     stop everything it started (DIR stays, for its logs)
#   scripts/local-cluster.sh node-start N [DIR], redis-start N [DIR]
#                                           start node N or Redis server N again after a kill
#
# Environment: SLUICED (the binary; default build/dev/app/sluiced/sluiced, else sluiced on
# PATH), BASE_PORT (default 7000: Redis 7001-7003, Sentinels 7011-7013, nodes 7021-7023,
# nginx 7080), EVENT (an event file to use instead of the generated one), NODE_UID (as root:
# run the nodes as this user id, node N with group id NODE_UID+N, so a chaos run can cut one
# node off from Redis with an iptables owner match; bench/cluster/chaos.sh sets it). Needs
# redis-server, redis-sentinel, redis-tools, nginx and openssl (Debian packages).
set -eu

cmd=${1:-}
dir=${2:-/tmp/sluice-cluster}
here=$(cd "$(dirname "$0")/.." && pwd)
base=${BASE_PORT:-7000}
nginx_port=$((base + 80))
redis_port() { echo $((base + $1)); }         # 1..3; 1 is the first primary
sentinel_port() { echo $((base + 10 + $1)); } # 1..3
node_port() { echo $((base + 20 + $1)); }     # 1..3

find_sluiced() {
    if [ -n "${SLUICED:-}" ]; then
        echo "$SLUICED"
    elif [ -x "$here/build/dev/app/sluiced/sluiced" ]; then
        echo "$here/build/dev/app/sluiced/sluiced"
    else
        command -v sluiced || { echo "no sluiced: build it or set SLUICED" >&2; exit 1; }
    fi
}

password() { head -n1 "$dir/redis.password"; }
rcli() { # PORT COMMAND...
    port=$1
    shift
    redis-cli -p "$port" -a "$(password)" --no-auth-warning "$@" 2>/dev/null
}
# The Sentinel on PORT sees both replicas and both other Sentinels.
sentinel_ready() {
    info=$(rcli "$1" sentinel master sluice)
    [ "$(echo "$info" | grep -A1 -x num-slaves | tail -n1)" = 2 ] &&
        [ "$(echo "$info" | grep -A1 -x num-other-sentinels | tail -n1)" = 2 ]
}
sentinels() {
    echo "127.0.0.1:$(sentinel_port 1),127.0.0.1:$(sentinel_port 2),127.0.0.1:$(sentinel_port 3)"
}
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for() { # what, command...: up to 10 s
    what=$1
    shift
    tries=0
    until "$@" >/dev/null 2>&1; do
        tries=$((tries + 1))
        [ $tries -lt 100 ] || { echo "$what did not come up (logs in $dir)" >&2; exit 1; }
        sleep 0.1
    done
}

# packaging/redis/*.conf with this machine's addresses, password and directory.
local_conf() {
    sed -e "s/^bind .*/bind 127.0.0.1/" -e "s#^dir .*#dir $dir#" \
        -e "s/CHANGE-ME-long-random-secret/$(password)/" -e "s/^maxmemory .*/maxmemory 512mb/" \
        -e "s#^include .*#include $dir/redis-primary.conf#" \
        -e "s/^replicaof .*/replicaof 127.0.0.1 $(redis_port 1)/" \
        -e "s/^sentinel monitor sluice .*/sentinel monitor sluice 127.0.0.1 $(redis_port 1) 2/" \
        "$here/packaging/redis/$1"
}

start_redis() {
    # One file each: Sentinel rewrites a server's file when it changes its role.
    local_conf redis-primary.conf >"$dir/redis-primary.conf"
    cp "$dir/redis-primary.conf" "$dir/redis1.conf"
    local_conf redis-replica.conf >"$dir/redis2.conf"
    cp "$dir/redis2.conf" "$dir/redis3.conf"
    for i in 1 2 3; do
        conf=$dir/redis$i.conf
        mkdir -p "$dir/redis$i"
        redis-server "$conf" --port "$(redis_port $i)" --dir "$dir/redis$i" --daemonize yes \
            --pidfile "$dir/redis$i.pid" --logfile "$dir/redis$i.log"
        wait_for "Redis $i" sh -c "redis-cli -p $(redis_port $i) -a '$(password)' \
            --no-auth-warning ping | grep -q PONG"
        [ $i = 1 ] || wait_for "Redis $i's replication" sh -c "redis-cli -p $(redis_port 1) \
            -a '$(password)' --no-auth-warning info replication | grep -q 'port=$(redis_port $i),state=online'"
    done
    for i in 1 2 3; do
        local_conf sentinel.conf | sed "s/^port .*/port $(sentinel_port $i)/" \
            >"$dir/sentinel$i.conf"
        redis-sentinel "$dir/sentinel$i.conf" --daemonize yes --pidfile "$dir/sentinel$i.pid" \
            --logfile "$dir/sentinel$i.log"
    done
    for i in 1 2 3; do
        wait_for "Sentinel $i" sentinel_ready "$(sentinel_port $i)"
    done
}

start_node() { # N: node N (again, after it was killed), on its port
    i=$1
    sluiced=$(find_sluiced)
    mkdir -p "$dir/node$i"
    as_user=""
    if [ -n "${NODE_UID:-}" ]; then
        # The keys the first node writes are the same user's (0600), readable by every node.
        mkdir -p "$dir/keys"
        chown "$NODE_UID" "$dir/keys" "$dir/admin.key" "$dir/redis.password"
        chown -R "$NODE_UID:$((NODE_UID + i))" "$dir/node$i"
        touch "$dir/node$i.log"
        chown "$NODE_UID" "$dir/node$i.log"
        as_user="setpriv --reuid=$NODE_UID --regid=$((NODE_UID + i)) --clear-groups"
    fi
    # shellcheck disable=SC2086 # as_user is a command prefix or nothing
    nohup $as_user "$sluiced" --listen "127.0.0.1:$(node_port $i)" --node-id "node$i" \
        --data-dir "$dir/node$i" --event "$dir/event.json" --keys-dir "$dir/keys" \
        --admin-key-file "$dir/admin.key" --sentinel "$(sentinels)" --master-name sluice \
        --redis-password-file "$dir/redis.password" --trust-proxy 127.0.0.1 \
        --issuer "http://127.0.0.1:$nginx_port" >>"$dir/node$i.log" 2>&1 &
    echo $! >"$dir/node$i.pid"
    wait_for "node$i" curl -sf "http://127.0.0.1:$(node_port $i)/readyz"
}

start_nodes() {
    # The first node creates the keys and the event's genesis record; then the others. All
    # share one --issuer (the site's address): a token names its issuer, and every node's
    # gate must accept every node's tokens.
    for i in 1 2 3; do
        start_node $i
    done
}

start_nginx() {
    mkdir -p "$dir/nginx" "$dir/site"
    echo "<h1>The protected site</h1><p>You got through the waiting room.</p>" \
        >"$dir/site/index.html"
    sed -e "s/server 10\.0\.0\.21:8080/server 127.0.0.1:$(node_port 1)/" \
        -e "s/server 10\.0\.0\.22:8080/server 127.0.0.1:$(node_port 2)/" \
        -e "s/server 10\.0\.0\.23:8080/server 127.0.0.1:$(node_port 3)/" \
        -e "s/listen 80;/listen 127.0.0.1:$nginx_port;/" \
        -e "s#root /var/www/protected;#root $dir/site;#" \
        "$here/packaging/nginx/sluice-cluster-site.conf" >"$dir/nginx/site.conf"
    cat >"$dir/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $dir/nginx/body;
    proxy_temp_path $dir/nginx/proxy;
    fastcgi_temp_path $dir/nginx/fastcgi;
    uwsgi_temp_path $dir/nginx/uwsgi;
    scgi_temp_path $dir/nginx/scgi;
    include $dir/nginx/site.conf;
}
EOF
    nginx=$(command -v nginx || echo /usr/sbin/nginx)
    "$nginx" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log"
    wait_for nginx curl -sf "http://127.0.0.1:$nginx_port/queue/"
}

start() {
    if alive "$dir/node1.pid" || alive "$dir/redis1.pid"; then
        echo "a cluster is already running in $dir (stop it first)" >&2
        exit 1
    fi
    # Each start is a new rehearsal: Redis's and the nodes' data of an earlier one go (after a
    # failover the first primary's data may be behind; starting over is the honest choice).
    rm -rf "$dir"/redis[123] "$dir"/node[123] "$dir/keys" "$dir/nginx"
    mkdir -p "$dir"
    chmod 755 "$dir" # nginx's workers read the demo site
    (
        umask 077
        [ -f "$dir/redis.password" ] || openssl rand -hex 24 >"$dir/redis.password"
        [ -f "$dir/admin.key" ] || openssl rand -hex 32 >"$dir/admin.key"
    )
    if [ -n "${EVENT:-}" ]; then
        cp "$EVENT" "$dir/event.json"
    elif [ ! -f "$dir/event.json" ]; then
        cat >"$dir/event.json" <<EOF
{"eventId": "rehearsal", "opensAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
 "admissionRatePerMinute": 600, "capacity": 1000}
EOF
    fi
    start_redis
    start_nodes
    start_nginx
    cat <<EOF
Sluice cluster running in $dir
  the site (through the waiting room): http://127.0.0.1:$nginx_port/   (waiting page /queue/)
  nodes (admin API):  http://127.0.0.1:$(node_port 1)  http://127.0.0.1:$(node_port 2)  http://127.0.0.1:$(node_port 3)
  Redis:              primary 127.0.0.1:$(redis_port 1), replicas :$(redis_port 2) :$(redis_port 3)
  Sentinels:          $(sentinels)  (master name sluice)
  admin key:          $dir/admin.key    Redis password: $dir/redis.password
  logs:               $dir/*.log, $dir/nginx/error.log
The console on all three nodes:
  sluice --admin-key-file $dir/admin.key \\
      --connect http://127.0.0.1:$(node_port 1) --connect http://127.0.0.1:$(node_port 2) \\
      --connect http://127.0.0.1:$(node_port 3)
Fail things:  kill -9 \$(cat $dir/node2.pid)    kill -9 \$(cat $dir/redis1.pid)
Then:         scripts/local-cluster.sh status $dir;   stop with: scripts/local-cluster.sh stop $dir
EOF
}

status() {
    [ -f "$dir/redis.password" ] || { echo "no cluster in $dir"; exit 1; }
    for f in redis1 redis2 redis3 sentinel1 sentinel2 sentinel3 node1 node2 node3 nginx/nginx; do
        if alive "$dir/$f.pid"; then s=up; else s=down; fi
        printf '%-10s %s\n' "$(basename $f)" "$s"
    done
    echo "Redis primary (Sentinels): $(rcli "$(sentinel_port 1)" sentinel \
        get-master-addr-by-name sluice | tr '\n' ':' | sed 's/:$//')"
    key=$(head -n1 "$dir/admin.key")
    for i in 1 2 3; do
        printf 'node%s: ' $i
        answer=$(curl -s -m 2 -H "Authorization: Bearer $key" \
            "http://127.0.0.1:$(node_port $i)/api/v1/admin/cluster" || true)
        if [ -n "$answer" ]; then
            echo "$answer" | jq -c '{applied, lastId, leader, isLeader, caughtUp, stale, digest}'
        else
            echo "no answer"
        fi
    done
}

stop() {
    # Only what this script started, by the pid files it wrote. Waits until they have exited,
    # so that a `start` right after finds nothing running (Redis takes a moment to shut down).
    stopping=""
    if alive "$dir/nginx/nginx.pid"; then
        stopping="$(cat "$dir/nginx/nginx.pid")"
        kill "$stopping"
    fi
    for f in node1 node2 node3 sentinel1 sentinel2 sentinel3 redis1 redis2 redis3; do
        if alive "$dir/$f.pid"; then
            pid=$(cat "$dir/$f.pid")
            kill -CONT "$pid" 2>/dev/null || true
            kill "$pid"
            stopping="$stopping $pid"
        fi
    done
    for _ in $(seq 100); do
        left=""
        for pid in $stopping; do
            if kill -0 "$pid" 2>/dev/null; then left="$left $pid"; fi
        done
        [ -z "$left" ] && break
        sleep 0.1
    done
    if [ -n "$left" ]; then
        echo "still running after 10 s: pids$left (kill -9 them, or try stop again)" >&2
        exit 1
    fi
    echo "stopped (logs and data stay in $dir)"
}

case $cmd in
start) start ;;
node-start) # N [DIR]: start node N again (after a kill; chaos runs use it)
    dir=${3:-/tmp/sluice-cluster}
    start_node "$2"
    ;;
redis-start) # N [DIR]: start Redis server N again with its file (Sentinel makes it a replica)
    dir=${3:-/tmp/sluice-cluster}
    redis-server "$dir/redis$2.conf" --port "$(redis_port "$2")" --dir "$dir/redis$2" \
        --daemonize yes --pidfile "$dir/redis$2.pid" --logfile "$dir/redis$2.log"
    ;;
status) status ;;
stop) stop ;;
*)
    sed -n '3,19p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
