# SPDX-License-Identifier: Apache-2.0
# Starting the parts of a local cluster for bench/cluster/bench_cluster.sh and
# bench_catchup.sh (sourced, not run). Needs $sluiced (the binary); setup_cluster_bench makes
# $work (a scratch directory) and the array `pids` (every process started is added, all
# stopped on exit).

now() { date +%s.%N; }
# The machine's CPU time so far, "TOTAL IDLE" in clock ticks (/proc/stat's cpu line; idle
# counts iowait too), and the busy share since such a reading: on a small machine the
# paced latency figures mean little without it.
cpu_ticks() { awk '/^cpu / {print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat; }
busy_since() { # "TOTAL IDLE" from cpu_ticks
    awk -v a="$1" -v b="$(cpu_ticks)" 'BEGIN {split(a, x, " "); split(b, y, " ");
        t = y[1] - x[1]; printf "%.0f%%", (t > 0 ? 100 * (t - (y[2] - x[2])) / t : 0)}'
}
# p50/p99 (ms) of the answers scheduled in each second of a paced_load --timeline FILE: a
# backlog that grows through a run (overload) reads differently from one slow second (a stall).
by_second() { # TIMELINE
    awk '{print int($1), $2}' "$1" | sort -k1,1n -k2,2g | awk '
        function emit() { if (n > 0) out = out sprintf(" %d:%.0f/%.0f", cur, v[int(n / 2)], v[int(n * 0.99)]) }
        $1 != cur { emit(); cur = $1; n = 0 }
        { v[n++] = $2 }
        END { emit(); print "p50/p99 ms by second scheduled:" out }'
}
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.2f", b - a}'; } # seconds since $1

# The scene of a cluster benchmark: a scratch directory `work` removed on exit with every
# process started (`pids`); in it the event (open since 2021, one admission a minute, room
# for CAPACITY: everyone joined stays waiting) and an admin key; a Redis primary on PRIMARY
# and its replica on REPLICA, streaming. Sets `work`, `pids` and `key` (the log's stream).
setup_cluster_bench() { # PRIMARY REPLICA CAPACITY
    work=$(mktemp -d)
    pids=()
    trap cluster_bench_cleanup EXIT
    key='sluice:{bench}:log'
    cat > "$work/event.json" <<JSON
{"eventId": "bench", "opensAt": "2021-07-19T11:00:00Z", "admissionRatePerMinute": 1,
 "capacity": $3, "idleTimeoutSeconds": 604800}
JSON
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$work/admin.key"
    start_redis "$1"
    start_redis "$2" "$1"
    until redis-cli -p "$1" INFO replication | grep -q 'state=online'; do sleep 0.05; done
}
cluster_bench_cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}

# redis-server on 127.0.0.1:PORT, nothing saved to disk; a replica of PRIMARY_PORT if given.
start_redis() { # PORT [PRIMARY_PORT]
    local replica=()
    [[ -n "${2:-}" ]] && replica=(--replicaof 127.0.0.1 "$2")
    redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" \
        --logfile "$work/redis-$1.log" "${replica[@]}" &
    pids+=($!)
    for _ in $(seq 100); do
        [[ "$(redis-cli -p "$1" PING 2>/dev/null)" == PONG ]] && return 0
        sleep 0.05
    done
    echo "bench_cluster: redis-server on $1 did not start" >&2
    exit 1
}

# sluiced with its data in $work/NAME; sets `port` and `pid`. Extra arguments are passed on.
start_sluiced_named() { # NAME ARGS...
    local dir="$work/$1"
    shift
    mkdir -p "$dir"
    : > "$dir/out"
    "$sluiced" --data-dir "$dir" --event "$work/event.json" --keys-dir "$work/keys" \
        --admin-key-file "$work/admin.key" --listen 127.0.0.1:0 --joins-per-minute 0 \
        --max-connections 100000 "$@" > "$dir/out" 2> "$dir/err" &
    pid=$!
    pids+=("$pid")
    for _ in $(seq 3000); do
        port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$dir/out")
        [[ -n "$port" ]] && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.02
    done
    echo "bench_cluster: sluiced $dir did not start: $(tail -3 "$dir/err")" >&2
    exit 1
}

# Waits until 127.0.0.1:PORT/readyz answers 200 (a cluster node has read the log to its end).
wait_ready() { # PORT
    for _ in $(seq 30000); do
        [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/readyz")" == 200 ]] &&
            return 0
        sleep 0.01
    done
    echo "bench_cluster: node on $1 never became ready" >&2
    exit 1
}

admin_get() { # PORT PATH
    curl -s -H "Authorization: Bearer $(cat "$work/admin.key")" "http://127.0.0.1:$1$2"
}
admin_post() { # PORT PATH BODY
    curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$work/admin.key")" \
        -H 'Content-Type: application/json' -d "$3" "http://127.0.0.1:$1$2"
}
# One field of a node's GET /api/v1/admin/cluster (string or number, quotes dropped).
cluster_field() { # PORT FIELD
    admin_get "$1" /api/v1/admin/cluster | sed -n "s/.*\"$2\":\"\{0,1\}\([^,\"}]*\).*/\1/p"
}
# A ticket's place as PORT's node answers it (empty when not waiting).
position_of() { # PORT TICKET
    curl -s "http://127.0.0.1:$1/api/v1/status?ticket=$2" | sed -n 's/.*"position":\([0-9]*\).*/\1/p'
}
rss_mib() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }
