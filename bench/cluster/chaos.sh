#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Chaos runs on a local cluster (scripts/local-cluster.sh: Redis primary + 2 replicas,
# 3 Sentinels with down-after 1000 ms, 3 sluiced nodes, nginx). Each run: clients join and
# claim on every node (each join and claim with an Idempotency-Key, asking the next node on a
# 503 or silence); after 2 s one fault, in turn: SIGKILL of a node, of the leading node, of
# the Redis primary (Sentinel fails over), of a replica, a node cut off from Redis for 4 s
# while it goes on answering (as root with iptables: its connections to every Redis server
# and Sentinel refused with a reset, by an owner match on the node's group id), or a node
# stopped (SIGSTOP) for 3 s;
# the fault is healed (the killed part started again), the clients go on for 3 s and stop,
# admissions are paused, and the invariants are checked:
#   - the nodes, caught at one log position, have the same queue (digest) and log (chain);
#   - every ticket acknowledged in the run, and a sample of earlier ones, has the same state
#     on every node, and while waiting the same place; places of waiting tickets are unique;
#   - no ticket was acknowledged for two different keys (over all runs);
#   - every token acknowledged in the run passes every node's gate.
# Prints one line per run and a summary: failures, and the time from each fault to the
# first join acknowledged that was sent after it.
#
#   bench/cluster/chaos.sh [RUNS] [DIR]     (RUNS default 50, DIR default /tmp/sluice-chaos)
# Environment as scripts/local-cluster.sh (BASE_PORT default 27000 here).
set -eu

runs=${1:-50}
dir=${2:-/tmp/sluice-chaos}
here=$(cd "$(dirname "$0")/../.." && pwd)
export BASE_PORT=${BASE_PORT:-27000}
cluster="$here/scripts/local-cluster.sh"
node_port() { echo $((BASE_PORT + 20 + $1)); }
redis_port() { echo $((BASE_PORT + $1)); }
sentinel_port() { echo $((BASE_PORT + 10 + $1)); }
now_ms() { date +%s%3N; }
work=$dir/chaos

# Nobody is abandoned or loses a claim or session during the runs: states change only
# through the faults' effects, never between the checks' calls to the three nodes.
mkdir -p "$dir"
cat >"$dir/chaos-event.json" <<EOF
{"eventId": "chaos", "opensAt": "2021-07-19T11:00:00Z", "admissionRatePerMinute": 1200,
 "capacity": 1000000, "idleTimeoutSeconds": 86400, "claimGraceSeconds": 86400,
 "sessionTtlSeconds": 86400}
EOF
# The cut-off needs root and iptables; without them the runs leave that kind out.
kinds="node leader primary replica cutoff stop"
if [ "$(id -u)" = 0 ] && command -v iptables >/dev/null && command -v setpriv >/dev/null; then
    export NODE_UID=${NODE_UID:-61000}
else
    kinds="node leader primary replica stop"
    echo "chaos: not root or no iptables/setpriv: runs without the cut-off from Redis" >&2
fi
redis_ports="$(redis_port 1),$(redis_port 2),$(redis_port 3),$(sentinel_port 1),$(sentinel_port 2),$(sentinel_port 3)"
cut_rule() { # NODE: the iptables rule that cuts node NODE off from Redis and the Sentinels
    echo "OUTPUT -p tcp -d 127.0.0.1 -m owner --gid-owner $((NODE_UID + $1)) -m multiport" \
        "--dports $redis_ports -j REJECT --reject-with tcp-reset"
}
heal_cuts() {
    [ -n "${NODE_UID:-}" ] || return 0
    for i in 1 2 3; do
        # shellcheck disable=SC2046 # the rule's words
        while iptables -D $(cut_rule $i) 2>/dev/null; do :; done
    done
}
EVENT="$dir/chaos-event.json" "$cluster" start "$dir" >/dev/null
trap 'touch "$work/stop"; heal_cuts; "$cluster" stop "$dir" >/dev/null 2>&1 || true' EXIT
key=$(head -n1 "$dir/admin.key")
password=$(head -n1 "$dir/redis.password")
rm -rf "$work"
mkdir -p "$work"
rcli() { # PORT COMMAND...
    port=$1
    shift
    redis-cli -p "$port" -a "$password" --no-auth-warning "$@" 2>/dev/null
}
admin() { # NODE PATH [BODY]: the answer's body
    if [ $# -eq 3 ]; then
        curl -s -m 3 -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
            -d "$3" "http://127.0.0.1:$(node_port "$1")$2"
    else
        curl -s -m 3 -H "Authorization: Bearer $key" "http://127.0.0.1:$(node_port "$1")$2"
    fi
}
controls() { # BODY: on whichever node takes it
    for attempt in $(seq 1 60); do
        n=$((attempt % 3 + 1))
        if admin $n /api/v1/admin/controls "$1" | grep -q '"paused"'; then return 0; fi
        sleep 0.2
    done
    return 1
}

# curl PATH on node FIRST, then the next ones, until an answer other than 503 or silence
# (up to ~20 s or the end of the clients); prints the body.
persist() { # FIRST PATH CURL-ARGS...
    first=$1
    path=$2
    shift 2
    for attempt in $(seq 0 100); do
        node=$(((first + attempt) % 3 + 1))
        out=$(curl -s -m 2 -w '\n%{http_code}' "$@" "http://127.0.0.1:$(node_port $node)$path" \
            2>/dev/null) || true
        code=$(echo "$out" | tail -n1)
        case $code in
        503 | 000 | "") ;;
        *)
            echo "$out" | sed '$d'
            return 0
            ;;
        esac
        [ ! -e "$work/stop" ] || return 0
        sleep 0.1
    done
}

# One client: joins (and claims its oldest admitted ticket) from node C until $work/stop.
# acked-R-C: "key ticket sent_ms acked_ms"; tokens-R-C: "ticket token".
client() { # RUN C
    r=$1
    c=$2
    n=0
    pending=""
    while [ ! -e "$work/stop" ]; do
        n=$((n + 1))
        k="r$r-c$c-$n"
        sent=$(now_ms)
        ticket=$(persist "$c" /api/v1/join -X POST -H "Idempotency-Key: $k" |
            jq -r '.ticket // empty' 2>/dev/null || true)
        if [ -n "$ticket" ]; then
            echo "$k $ticket $sent $(now_ms)" >>"$work/acked-$r-$c"
            [ -n "$pending" ] || pending=$ticket
        fi
        if [ $((n % 3)) = 0 ] && [ -n "$pending" ]; then
            state=$(persist "$c" "/api/v1/status?ticket=$pending" |
                jq -r '.state // empty' 2>/dev/null || true)
            if [ "$state" = admitted ]; then
                token=$(persist "$c" /api/v1/claim -X POST -H "Idempotency-Key: claim-$pending" \
                    -H 'Content-Type: application/json' -d "{\"ticket\":\"$pending\"}" |
                    jq -r '.token // empty' 2>/dev/null || true)
                [ -z "$token" ] || echo "$pending $token" >>"$work/tokens-$r-$c"
                pending=""
            elif [ -n "$state" ] && [ "$state" != waiting ]; then
                pending=""
            fi
        fi
        sleep 0.02
    done
}

leader() { # the node that leads the ticks now (0 if none answers)
    for i in 1 2 3; do
        if admin $i /api/v1/admin/cluster | grep -q '"isLeader":true'; then
            echo $i
            return
        fi
    done
    echo 0
}
primary() { # the index (1-3) of the Redis server the Sentinels name
    port=$(rcli "$(sentinel_port 1)" sentinel get-master-addr-by-name sluice | tail -n1)
    echo $((port - BASE_PORT))
}

# One fault, healed again; prints its victim and writes its time to $work/fault_ms.
fault() { # KIND
    case $1 in
    node | leader)
        victim=$((RANDOM_NODE % 3 + 1))
        [ "$1" = node ] || victim=$(leader)
        [ "$victim" != 0 ] || victim=1
        now_ms >"$work/fault_ms"
        kill -9 "$(cat "$dir/node$victim.pid")"
        sleep 3
        "$cluster" node-start "$victim" "$dir" >/dev/null
        echo "node$victim"
        ;;
    primary | replica)
        p=$(primary)
        victim=$p
        [ "$1" = primary ] || victim=$((p % 3 + 1))
        now_ms >"$work/fault_ms"
        kill -9 "$(cat "$dir/redis$victim.pid")"
        sleep 5
        "$cluster" redis-start "$victim" "$dir" >/dev/null
        echo "redis$victim"
        ;;
    cutoff)
        victim=$((RANDOM_NODE % 3 + 1))
        now_ms >"$work/fault_ms"
        # shellcheck disable=SC2046 # the rule's words
        iptables -I $(cut_rule $victim)
        sleep 4
        heal_cuts
        echo "node$victim"
        ;;
    stop)
        victim=$((RANDOM_NODE % 3 + 1))
        now_ms >"$work/fault_ms"
        kill -STOP "$(cat "$dir/node$victim.pid")"
        sleep 3
        kill -CONT "$(cat "$dir/node$victim.pid")"
        echo "node$victim"
        ;;
    esac
}

# The invariants after run R: prints "ok" or what broke.
check() { # R
    r=$1
    why=""
    # The nodes at one log position: same digest and chain.
    same=""
    for attempt in $(seq 1 300); do
        a=$(admin 1 /api/v1/admin/cluster | jq -c '[.lastId, .digest, .chain]' 2>/dev/null || true)
        b=$(admin 2 /api/v1/admin/cluster | jq -c '[.lastId, .digest, .chain]' 2>/dev/null || true)
        c=$(admin 3 /api/v1/admin/cluster | jq -c '[.lastId, .digest, .chain]' 2>/dev/null || true)
        la=$(echo "$a" | jq -r '.[0]' 2>/dev/null || true)
        if [ -n "$la" ] && [ "$la" = "$(echo "$b" | jq -r '.[0]')" ] &&
            [ "$la" = "$(echo "$c" | jq -r '.[0]')" ]; then
            if [ "$a" = "$b" ] && [ "$a" = "$c" ]; then same=yes; else same="differ: $a $b $c"; fi
            break
        fi
        sleep 0.01
    done
    [ "$same" = yes ] || why="$why queues(${same:-never at one position})"
    # This run's tickets and 30 earlier ones, on every node.
    cat "$work"/acked-"$r"-* 2>/dev/null | cut -d' ' -f2 >"$work/check"
    cat "$work"/acked-* | cut -d' ' -f2 | shuf -n 30 --random-source=/dev/zero >>"$work/check"
    : >"$work/places"
    bad=0
    for t in $(sort -u "$work/check"); do
        s1=$(curl -s -m 3 "http://127.0.0.1:$(node_port 1)/api/v1/status?ticket=$t" |
            jq -c '[.state, .position]' 2>/dev/null || echo x)
        s2=$(curl -s -m 3 "http://127.0.0.1:$(node_port 2)/api/v1/status?ticket=$t" |
            jq -c '[.state, .position]' 2>/dev/null || echo y)
        s3=$(curl -s -m 3 "http://127.0.0.1:$(node_port 3)/api/v1/status?ticket=$t" |
            jq -c '[.state, .position]' 2>/dev/null || echo z)
        if [ "$s1" != "$s2" ] || [ "$s1" != "$s3" ] || [ "$s1" = '[null,null]' ]; then
            bad=$((bad + 1))
            echo "run $r: $t $s1 $s2 $s3" >>"$work/failures.log"
        fi
        case $s1 in '["waiting",'*) echo "$s1" >>"$work/places" ;; esac
    done
    [ $bad = 0 ] || why="$why tickets($bad)"
    dup=$(sort "$work/places" | uniq -d | wc -l)
    [ "$dup" = 0 ] || why="$why places($dup shared)"
    dupt=$(cat "$work"/acked-* | cut -d' ' -f2 | sort | uniq -d | wc -l)
    [ "$dupt" = 0 ] || why="$why tickets-twice($dupt)"
    gates=0
    for token in $(cat "$work"/tokens-"$r"-* 2>/dev/null | cut -d' ' -f2); do
        for i in 1 2 3; do
            code=$(curl -s -m 3 -o /dev/null -w '%{http_code}' \
                -H "Authorization: Bearer $token" \
                "http://127.0.0.1:$(node_port $i)/api/v1/gate/check")
            [ "$code" = 204 ] || gates=$((gates + 1))
        done
    done
    [ $gates = 0 ] || why="$why gate($gates)"
    echo "${why:-ok}"
}

nkinds=$(echo $kinds | wc -w)
printf '%-4s %-8s %-8s %7s %6s %10s  %s\n' run fault victim acked tokens first_ack result
failures=0
: >"$work/times"
for r in $(seq 1 "$runs"); do
    kind=$(echo $kinds | cut -d' ' -f$(((r - 1) % nkinds + 1)))
    RANDOM_NODE=$((r * 7))
    rm -f "$work/stop"
    for c in 1 2 3; do
        client "$r" "$c" &
        echo $! >"$work/client$c.pid"
    done
    sleep 2
    victim=$(fault "$kind")
    fault_ms=$(cat "$work/fault_ms" 2>/dev/null || echo 0)
    sleep 3
    touch "$work/stop"
    for c in 1 2 3; do wait "$(cat "$work/client$c.pid")" 2>/dev/null || true; done
    controls '{"operator": "chaos", "paused": true}' || true
    result=$(check "$r")
    controls '{"operator": "chaos", "paused": false}' || true
    acked=$(cat "$work"/acked-"$r"-* 2>/dev/null | wc -l)
    tokens=$(cat "$work"/tokens-"$r"-* 2>/dev/null | wc -l)
    first=$(cat "$work"/acked-"$r"-* 2>/dev/null |
        awk -v f="$fault_ms" '$3 > f { d = $4 - f; if (m == "" || d < m) m = d } END { print m }')
    [ -z "$first" ] || echo "$kind $first" >>"$work/times"
    [ "$result" = ok ] || failures=$((failures + 1))
    printf '%-4s %-8s %-8s %7s %6s %8s ms  %s\n' "$r" "$kind" "$victim" "$acked" "$tokens" \
        "${first:--}" "$result"
done
echo
echo "runs $runs, failures $failures"
for kind in $kinds; do
    grep "^$kind " "$work/times" | cut -d' ' -f2 | sort -n |
        awk -v k="$kind" '{ v[NR] = $1 } END { if (NR) printf "%-8s first acknowledged join after the fault: median %d ms, p90 %d ms, max %d ms (%d runs)\n", k, v[int((NR + 1) / 2)], v[int(NR * 0.9 + 0.999)], v[NR], NR }'
done
[ $failures = 0 ]
