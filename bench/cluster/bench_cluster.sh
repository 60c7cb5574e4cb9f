#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Cluster mode's speed goals (issue "Cluster mode"), all in one sitting on loopback: a Redis
# primary and one replica (no disk), a standalone sluiced and a 3-node cluster.
#  - joins acknowledged end to end on the cluster (closed loop, 100 connections spread over
#    the 3 nodes, each answered once a replica holds it and its node applied it), beside the
#    reference: raw XADD + WAIT 1 from 100 clients against the same Redis (log_load wait,
#    entries of the size of a join entry); then the join latency at a constant 80% of the
#    cluster's peak (paced_load: from each request's scheduled time);
#  - status polls on one cluster node beside the standalone node holding as many tickets
#    (wrk, 2 threads, 100 connections, random tickets of those that joined);
#  - failover: the leader node SIGKILLed, time until a survivor admits again (a waiting
#    ticket's place moves after the new leader's entry); the node restarted afterwards;
#  - catch-up: the log filled to 1,000,000 entries (copies of a join entry), a new node
#    started: time until it serves (/readyz), i.e. the replay rate; Redis memory per entry.
# Prints every run, then medians and ratios. Hold the build lock while it runs (quiet machine).
#
#   bench/cluster/bench_cluster.sh [BUILD_DIR (build/release)] [ROUNDS (3)] [SECONDS (8)]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
source "$here/cluster_lib.sh"
build=${1:-build/release}
rounds=${2:-3}
seconds=${3:-8}
log_entries=${LOG_ENTRIES:-1000000}
paced_connections=${PACED_CONNECTIONS:-1000} # joins at 80%: one connection a person
sluiced="$build/app/sluiced/sluiced"
load="$build/bench/paced_load"
log_load="$build/bench/log_load"
for tool in "$sluiced" "$load" "$log_load"; do
    [[ -x "$tool" ]] || { echo "bench_cluster: $tool not built" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "bench_cluster: wrk is missing (scripts/setup-bench-deps.sh)" >&2; exit 2; }
command -v redis-server >/dev/null || { echo "bench_cluster: redis-server is missing" >&2; exit 2; }
ulimit -n 65536 2>/dev/null || ulimit -n 4096

primary=16391
replica=16392
setup_cluster_bench "$primary" "$replica" 10000000 # admissions raised for the failover runs
mem0=$(redis-cli -p "$primary" INFO memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p')

declare -a node_port node_pid
start_node() { # I
    start_sluiced_named "node$1" --redis "127.0.0.1:$primary" --node-id "node$1"
    node_port[$1]=$port
    node_pid[$1]=$pid
}
start_node 0 # creates the keys the others share
for i in 1 2; do start_node "$i"; done
for i in 0 1 2; do wait_ready "${node_port[$i]}"; done
ports="${node_port[0]},${node_port[1]},${node_port[2]}"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), no disk; ${seconds} s a run"
one_join=$(curl -s -X POST -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:${node_port[0]}/api/v1/join")
join_bytes=$("$log_load" census --port "$primary" --key "$key" | awk '$3 == 1 {printf "%.0f", $7}')
echo "a join answer: $one_join"
echo "a join entry in the log: $join_bytes bytes"

# ---- Joins: cluster end to end against raw XADD + WAIT 1, interleaved.
declare -a joins raw
: > "$work/tickets.txt"
for ((r = 1; r <= rounds; r++)); do
    line=$("$log_load" wait --port "$primary" --key bench:raw --clients 100 --seconds "$seconds" --bytes "$join_bytes")
    raw+=("$(sed -n 's/.* \([0-9]*\) acknowledged\/s.*/\1/p' <<<"$line")")
    redis-cli -p "$primary" DEL bench:raw >/dev/null
    echo "round $r  raw ${line}"
    line=$("$load" --port "$ports" --join --rate 0 --connections 100 --seconds "$seconds" --tickets-out "$work/joined.txt")
    cat "$work/joined.txt" >> "$work/tickets.txt"
    joins+=("$(sed -n 's/.*achieved \([0-9]*\) req\/s.*/\1/p' <<<"$line")")
    echo "round $r  cluster joins c=100 over 3 nodes: ${line#paced: }"
done
join_peak=$(printf '%s\n' "${joins[@]}" | median)
target=$(awk -v p="$join_peak" 'BEGIN {printf "%.0f", p * 0.8}')
declare -a join_p99
for ((r = 1; r <= rounds; r++)); do
    ticks=$(cpu_ticks)
    line=$("$load" --port "$ports" --join --rate "$target" --connections "$paced_connections" --seconds "$seconds" --tickets-out "$work/joined.txt" --timeline "$work/timeline")
    busy=$(busy_since "$ticks")
    cat "$work/joined.txt" >> "$work/tickets.txt"
    join_p99+=("$(sed -n 's/.* p99 \([0-9.]*\) ms.*/\1/p' <<<"$line")")
    echo "run $r  paced cluster joins at 80% of peak: ${line#paced: }; machine busy $busy"
    echo "       $(by_second "$work/timeline")"
done
# Where p99 falls under load: one run each at 80% of the raw XADD + WAIT rate, 50% and 25%
# of the cluster's peak.
raw_median=$(printf '%s\n' "${raw[@]}" | median)
for rate in $(awk -v r="$raw_median" -v p="$join_peak" 'BEGIN {printf "%.0f %.0f %.0f", r * 0.8, p * 0.5, p * 0.25}'); do
    ticks=$(cpu_ticks)
    line=$("$load" --port "$ports" --join --rate "$rate" --connections "$paced_connections" --seconds "$seconds" --tickets-out "$work/joined.txt" --timeline "$work/timeline")
    busy=$(busy_since "$ticks")
    cat "$work/joined.txt" >> "$work/tickets.txt"
    echo "sweep  paced cluster joins: ${line#paced: }; machine busy $busy"
    echo "       $(by_second "$work/timeline")"
done
tickets=$(wc -l < "$work/tickets.txt")

# ---- Status polls: node0 against a standalone node holding as many tickets.
start_sluiced_named standalone --bench-preload "$tickets:$work/standalone-tickets.txt"
standalone_port=$port
standalone_pid=$pid
declare -a st_cluster st_alone
for ((r = 1; r <= rounds; r++)); do
    for side in alone cluster; do
        if [[ $side == alone ]]; then p=$standalone_port; t="$work/standalone-tickets.txt"; else p=${node_port[0]}; t="$work/tickets.txt"; fi
        out=$(wrk -t2 -c100 -d"${seconds}s" --latency -s "$here/../wrk/status.lua" "http://127.0.0.1:$p" -- "$t" 2>&1)
        rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
        bad=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
        echo "round $r  status $side c=100: $rps req/s, p99 $(awk '$1 == "99%" {print $2}' <<<"$out") $bad"
        if [[ $side == alone ]]; then st_alone+=("$rps"); else st_cluster+=("$rps"); fi
    done
done
echo "resident memory with $tickets tickets: standalone $(rss_mib "$standalone_pid") MiB, cluster node0 $(rss_mib "${node_pid[0]}") MiB"
kill "$standalone_pid"

# ---- Failover: SIGKILL the leader; time until a survivor admits again.
[[ "$(admin_post "${node_port[0]}" /api/v1/admin/controls '{"operator": "bench", "admissionRatePerMinute": 60000}')" == 200 ]]
declare -a failovers
for ((r = 1; r <= rounds; r++)); do
    sleep 2
    leader=$(cluster_field "${node_port[0]}" leader)
    was=${leader#node}
    survivor=$(((was + 1) % 3))
    sp=${node_port[$survivor]}
    epoch=$(cluster_field "$sp" epoch)
    ticket=$(tail -1 "$work/tickets.txt")
    t0=$(now)
    kill -9 "${node_pid[$was]}"
    wait "${node_pid[$was]}" 2>/dev/null || true
    took=""
    for _ in $(seq 2000); do
        if [[ -z "$took" && "$(cluster_field "$sp" epoch)" != "$epoch" ]]; then
            before=$(position_of "$sp" "$ticket")
            while [[ "$(position_of "$sp" "$ticket")" == "$before" ]]; do sleep 0.01; done
            took=$(since "$t0")
            break
        fi
        sleep 0.01
    done
    echo "round $r  leader node$was SIGKILLed: admissions resumed on node$survivor after $took s (new leader $(cluster_field "$sp" leader))"
    failovers+=("$took")
    t0=$(now)
    start_node "$was"
    wait_ready "${node_port[$was]}"
    echo "round $r  node$was restarted and serving after $(since "$t0") s ($(cluster_field "${node_port[$was]}" applied) entries replayed)"
done
ports="${node_port[0]},${node_port[1]},${node_port[2]}"
[[ "$(admin_post "${node_port[0]}" /api/v1/admin/controls '{"operator": "bench", "admissionRatePerMinute": 1}')" == 200 ]]

# ---- Redis memory: the real log (joins, ticks, seen entries) and joins alone.
"$log_load" census --port "$primary" --key "$key"
len=$(redis-cli -p "$primary" XLEN "$key")
mem1=$(redis-cli -p "$primary" INFO memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p')
usage1=$(redis-cli -p "$primary" MEMORY USAGE "$key" SAMPLES 0)
echo "the log as written: $len entries, MEMORY USAGE $usage1 bytes ($(awk -v u="$usage1" -v n="$len" 'BEGIN {printf "%.1f", u / n}') a entry), used_memory +$(((mem1 - mem0) / 1024 / 1024)) MiB since start"
fill=$((log_entries - len))
if ((fill > 0)); then
    "$log_load" fill --port "$primary" --key "$key" --count "$fill" --kind 1
    until [[ "$(redis-cli -p "$replica" XLEN "$key")" == "$(redis-cli -p "$primary" XLEN "$key")" ]]; do sleep 0.1; done
    len2=$(redis-cli -p "$primary" XLEN "$key")
    usage2=$(redis-cli -p "$primary" MEMORY USAGE "$key" SAMPLES 0)
    mem2=$(redis-cli -p "$primary" INFO memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p')
    echo "filled with join entries to $len2 entries: MEMORY USAGE $usage2 bytes; per added join entry $(awk -v a="$usage1" -v b="$usage2" -v n="$((len2 - len))" 'BEGIN {printf "%.1f", (b - a) / n}') bytes (used_memory: $(awk -v a="$mem1" -v b="$mem2" -v n="$((len2 - len))" 'BEGIN {printf "%.1f", (b - a) / n}'))"
fi
len2=$(redis-cli -p "$primary" XLEN "$key")

# ---- Catch-up: a new node replays the whole log.
declare -a catchups rates
for ((r = 1; r <= rounds; r++)); do
    rm -rf "$work/node3"
    t0=$(now)
    start_sluiced_named node3 --redis "127.0.0.1:$primary" --node-id node3
    wait_ready "$port"
    took=$(since "$t0")
    applied=$(cluster_field "$port" applied)
    catchups+=("$took")
    rates+=("$(awk -v n="$applied" -v t="$took" 'BEGIN {printf "%.0f", n / t}')")
    echo "round $r  new node serving after $took s: $applied entries replayed (${rates[-1]} entries/s), resident $(rss_mib "$pid") MiB"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
done

# Seen entries (who polled, 4 bytes a ticket) cost every node their apply: the same log
# plus copies of the largest seen entry, replayed once more.
seen_fill=${SEEN_ENTRIES:-200}
seen_bytes=$("$log_load" fill --port "$primary" --key "$key" --count "$seen_fill" --kind 8 | sed -n 's/.* entries of \([0-9]*\) bytes.*/\1/p')
rm -rf "$work/node3"
t0=$(now)
start_sluiced_named node3 --redis "127.0.0.1:$primary" --node-id node3
wait_ready "$port"
took=$(since "$t0")
joins_took=$(printf '%s\n' "${catchups[@]}" | median)
echo "with $seen_fill seen entries more ($seen_bytes bytes, about $(((seen_bytes - 39) / 4)) tickets each): serving after $took s; the seen entries took $(awk -v a="$took" -v b="$joins_took" 'BEGIN {printf "%.2f", a - b}') s more: $(awk -v a="$took" -v b="$joins_took" -v n="$seen_fill" -v s="$seen_bytes" 'BEGIN {printf "%.0f", n * (s - 39) / 4 / (a - b)}') seen tickets/s"
kill "$pid"

echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
m=$(printf '%s\n' "${st_cluster[@]}" | median); ref=$(printf '%s\n' "${st_alone[@]}" | median)
printf 'status polls c=100: cluster node %.0f req/s, standalone %.0f req/s, ratio %s (goal >= 0.9) runs: %s | %s\n' "$m" "$ref" "$(ratio "$m" "$ref")" "${st_cluster[*]}" "${st_alone[*]}"
ref=$(printf '%s\n' "${raw[@]}" | median)
printf 'joins acknowledged c=100: cluster %.0f /s, raw XADD+WAIT 1 %.0f /s, ratio %s (goal >= 0.5) runs: %s | %s\n' "$join_peak" "$ref" "$(ratio "$join_peak" "$ref")" "${joins[*]}" "${raw[*]}"
printf 'join p99 at 80%% of the cluster peak (%s /s): median %s ms (goal <= 20) runs: %s\n' "$target" "$(printf '%s\n' "${join_p99[@]}" | median)" "${join_p99[*]}"
printf 'leader SIGKILL -> admissions resume: median %s s (goal <= 5) runs: %s\n' "$(printf '%s\n' "${failovers[@]}" | median)" "${failovers[*]}"
printf 'catch-up of %s entries: median %s s, %s entries/s runs: %s\n' "$len2" "$(printf '%s\n' "${catchups[@]}" | median)" "$(printf '%s\n' "${rates[@]}" | median)" "${catchups[*]}"
