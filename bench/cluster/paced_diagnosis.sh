#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Where a cluster's join latency goes under a constant rate: the diagnostic behind the
# "Cluster mode" figures in docs/benchmarks.md (bench_cluster.sh gives the goals' figures).
# A fresh 3-node cluster on a Redis primary and one replica (no disk), one closed-loop peak
# run (100 connections), optionally PREFILL seconds more of closed-loop joins (to bring the
# log near a snapshot point), then one paced run per RATE (1,000 connections). For each run:
# its times, the latency line, the machine's busy share and each node's and Redis's CPU per
# join, user and kernel, the load generator's own CPU beside them (on loopback it pays for
# much of the server's TCP receive path), and p50/p99 by second. At the end: the five
# slowest commands in each Redis's slow log (over 1 ms), and the nodes' snapshot and trim
# lines with their times, to set beside the runs' times.
#
#   bench/cluster/paced_diagnosis.sh [BUILD_DIR (build/release)] [SECONDS (8)] RATE...
#   NODE_FLAGS="--cluster-snapshot-every 1300000 --log-trim-every 2" PREFILL=17 \
#       bench/cluster/paced_diagnosis.sh build/release 8 46800 46800
#   PEAK_CONNECTIONS="100 300" LOAD_NODES=1 bench/cluster/paced_diagnosis.sh build/release 8 24000
# (PEAK_CONNECTIONS: the closed-loop runs' connection counts, default 100; LOAD_NODES: how
# many of the three nodes take the load, default 3.)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
source "$here/cluster_lib.sh"
build=${1:-build/release}
seconds=${2:-8}
shift 2 || true
(($# > 0)) || { echo "usage: paced_diagnosis.sh BUILD_DIR SECONDS RATE..." >&2; exit 2; }
[[ "${LOAD_NODES:-3}" =~ ^[1-3]$ ]] || { echo "paced_diagnosis: LOAD_NODES is 1, 2 or 3 (the nodes taking the load), not '${LOAD_NODES}'" >&2; exit 2; }
for c in ${PEAK_CONNECTIONS:-100}; do
    [[ "$c" =~ ^[1-9][0-9]*$ ]] || { echo "paced_diagnosis: PEAK_CONNECTIONS is a list of connection counts, not '$PEAK_CONNECTIONS'" >&2; exit 2; }
done
sluiced="$build/app/sluiced/sluiced"
load="$build/bench/paced_load"
for tool in "$sluiced" "$load"; do
    [[ -x "$tool" ]] || { echo "paced_diagnosis: $tool not built" >&2; exit 2; }
done
ulimit -n 65536 2>/dev/null || ulimit -n 4096

primary=16491
replica=16492
setup_cluster_bench "$primary" "$replica" 10000000
for p in "$primary" "$replica"; do
    redis-cli -p "$p" CONFIG SET slowlog-log-slower-than 1000 >/dev/null
    redis-cli -p "$p" CONFIG SET slowlog-max-len 10000 >/dev/null
done
declare -a node_port
for i in 0 1 2; do
    # shellcheck disable=SC2086 # NODE_FLAGS is a list of flags
    start_sluiced_named "node$i" --redis "127.0.0.1:$primary" --node-id "node$i" ${NODE_FLAGS:-}
    node_port[$i]=$port
    [[ $i == 0 ]] && wait_ready "$port" # node0 creates the keys the others share
done
for i in 0 1 2; do wait_ready "${node_port[$i]}"; done
# LOAD_NODES=1 sends every request to node0: the other two then only follow the log, which
# splits a node's cost into answering joins and applying everyone's.
ports=$(IFS=,; echo "${node_port[*]:0:${LOAD_NODES:-3}}")

for c in ${PEAK_CONNECTIONS:-100}; do
    line=$("$load" --port "$ports" --join --rate 0 --connections "$c" --seconds "$seconds")
    echo "peak (closed loop, $c connections): ${line#paced: }"
done
if [[ -n "${PREFILL:-}" ]]; then
    line=$("$load" --port "$ports" --join --rate 0 --connections 100 --seconds "$PREFILL")
    echo "prefill ${PREFILL} s: ${line#paced: }"
fi

# "PID NAME USER SYS" (clock ticks) for every process of the scene, sorted for join(1).
process_ticks() {
    for p in "${pids[@]}"; do
        [[ -r /proc/$p/stat ]] || continue
        echo "$p $(cat "/proc/$p/comm") $(awk '{print $14, $15}' "/proc/$p/stat")"
    done | sort
}
tick_us=$((1000000 / $(getconf CLK_TCK)))
for rate in "$@"; do
    process_ticks > "$work/cpu0"
    ticks=$(cpu_ticks)
    from=$(date +%T)
    TIMEFORMAT='%U %S'
    { time "$load" --port "$ports" --join --rate "$rate" --connections 1000 --seconds "$seconds" --timeline "$work/timeline" > "$work/line"; } 2> "$work/client-cpu"
    line=$(cat "$work/line")
    busy=$(busy_since "$ticks")
    process_ticks > "$work/cpu1"
    echo "[$from-$(date +%T)] paced $rate/s: ${line#paced: }; machine busy $busy"
    join "$work/cpu0" "$work/cpu1" | awk -v n=$((rate * seconds)) -v us="$tick_us" \
        '{printf "    %s %s: user %.1f, kernel %.1f µs a join\n", $2, $1, ($6 - $3) * us / n, ($7 - $4) * us / n}'
    # A backlog that grows through the run (overload) or slow moments (stalls): p50 and
    # p99 of the answers scheduled in each second.
    echo "    $(by_second "$work/timeline")"
    awk -v n=$((rate * seconds)) '{printf "    the load generator: user %.1f, kernel %.1f µs a join\n", $1 * 1e6 / n, $2 * 1e6 / n}' "$work/client-cpu"
done
for p in "$primary" "$replica"; do
    slowest=$(redis-cli -p "$p" --json SLOWLOG GET 10000 | python3 -c '
import json, sys
entries = sorted(json.load(sys.stdin), key=lambda e: -e[2])[:5]
print(", ".join(f"{e[3][0]} {e[2]}" for e in entries))')
    echo "redis $p slowest commands over 1 ms (µs): ${slowest:-none}"
done
grep -ah "trimmed\|snapshot at" "$work"/node*/err | sort | cut -c1-160 || true
