#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# sluiced under load, beside nginx measured in the same rounds (wrk, 2 threads, keep-alive):
#  - status polls for random tickets out of 1,000,000 waiting (ticket verified, position
#    computed, JSON written), at 100 and 1,000 connections; nginx answers a fixed body of
#    the same size to the same wrk script, so both sides pay the same client cost;
#  - joins (POST /api/v1/join, rate limit off) at 100 connections, each answered only once
#    its journal record is fdatasync'd (group commit);
#  - p99 and p99.9 latency of status polls at 80% of their peak rate, at a constant rate
#    (bench/load/paced_load: latency from each request's scheduled time), each run with the
#    longest spell sluiced's loop worked without looking at new requests (its
#    sluice_loop_busy_seconds histogram read before and after the run);
#  - recovery: sluiced SIGKILLed after all that and started again on its data directory
#    (snapshot + journal replay), time until it listens again;
#  - resident memory with 10,000,000 tickets.
# Prints every run, then medians and ratios. Needs wrk and nginx (scripts/setup-bench-deps.sh).
#
# With two or more cores the server side (sluiced, and nginx when it is the reference) runs
# on the last core and the load generators (wrk, paced_load) on the others (taskset), as if
# clients were on another machine: otherwise the client's own threads take the server's
# CPU and their delay is counted as the server's latency. BENCH_PIN=0 shares every core.
#
#   bench/bench_sluiced.sh [BUILD_DIR (build/release)] [ROUNDS (3)] [SECONDS (8)] [PACED_RUNS (5)]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build=${1:-build/release}
rounds=${2:-3}
seconds=${3:-8}
paced_runs=${4:-5}
here=$(cd "$(dirname "$0")" && pwd)
sluiced="$build/app/sluiced/sluiced"
[[ -x "$sluiced" ]] || { echo "bench_sluiced: $sluiced not built" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench_sluiced: wrk is missing (scripts/setup-bench-deps.sh)" >&2; exit 2; }
ulimit -n 65536 2>/dev/null || ulimit -n 4096

on_server=()
on_client=()
ncpu=$(nproc)
if [[ "${BENCH_PIN:-1}" == 1 && $ncpu -ge 2 ]]; then
    server_cpu=$((ncpu - 1))
    on_server=(taskset -c "$server_cpu")
    on_client=(taskset -c "0-$((ncpu - 2))")
fi

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# Open since 2021, one admission a minute, room for one: everyone preloaded stays waiting.
mkdir -p "$work/data" "$work/data10m"
cat > "$work/data/event.json" <<JSON
{"eventId": "bench", "opensAt": "2021-07-19T11:00:00Z", "admissionRatePerMinute": 1, "capacity": 1,
 "idleTimeoutSeconds": 604800}
JSON
cp "$work/data/event.json" "$work/data10m/event.json"

start_sluiced() { # DATA_DIR [PRELOAD] -> sets port, pid
    local preload=()
    [[ -n "${2:-}" ]] && preload=(--bench-preload "$2")
    "${on_server[@]}" "$sluiced" --data-dir "$1" --listen 127.0.0.1:0 --joins-per-minute 0 \
        --max-connections 100000 "${preload[@]}" > "$1/out" 2> "$1/err" &
    pids+=($!)
    pid=$!
    for _ in $(seq 600); do
        port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$1/out")
        [[ -n "$port" ]] && return 0
        sleep 0.1
    done
    echo "bench_sluiced: sluiced did not start: $(cat "$1/err")" >&2
    exit 1
}

t0=$(date +%s.%N)
start_sluiced "$work/data" "1000000:$work/tickets.txt"
echo "preloaded 1,000,000 tickets in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
sample=$(curl -s "http://127.0.0.1:$port/api/v1/status?ticket=$(sed -n 500000p "$work/tickets.txt")")
echo "a status answer (${#sample} bytes): $sample"

nginx_pid=$(start_nginx_fixed "$work" 18090 "$sample")
pids+=("$nginx_pid")
sleep 1
if [[ ${#on_server[@]} -gt 0 ]]; then # the master and the workers it forked
    for p in "$nginx_pid" $(pgrep -P "$nginx_pid"); do taskset -a -c -p "$server_cpu" "$p" >/dev/null; done
    echo "pinned: sluiced and nginx on cpu $server_cpu, wrk and paced_load on cpus 0-$((ncpu - 2)) (BENCH_PIN=0 to share)"
else
    echo "not pinned: server and load generators share every core"
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); wrk -t2, ${seconds} s a run"
declare -A results p99s
run() { # NAME URL CONNECTIONS SCRIPT [ARGS]
    local name=$1 url=$2 c=$3 script=$4
    shift 4
    local out
    out=$("${on_client[@]}" wrk -t2 -c"$c" -d"${seconds}s" --latency -s "$script" "$url" -- "$@" 2>&1)
    local rps p99 bad
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    bad=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
    echo "round $r  $name c=$c: $rps req/s, p99 $p99 $bad"
    results[$name,$c]+="$rps "
    p99s[$name,$c]+="$p99 "
}
for ((r = 1; r <= rounds; r++)); do
    for c in 100 1000; do
        run nginx "http://127.0.0.1:18090" "$c" "$here/wrk/status.lua" "$work/tickets.txt"
        run status "http://127.0.0.1:$port" "$c" "$here/wrk/status.lua" "$work/tickets.txt"
    done
    run nginx-post "http://127.0.0.1:18090" 100 "$here/wrk/join.lua"
    run join "http://127.0.0.1:$port" 100 "$here/wrk/join.lua"
done
rss_1m=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")

# sluiced's loop-busy histogram now: "BOUND COUNT" a line, cumulative, +Inf last.
loop_busy() {
    curl -s "http://127.0.0.1:$port/metrics" |
        sed -n 's/^sluice_loop_busy_seconds_bucket{le="\([^"]*\)"} \([0-9]*\)$/\1 \2/p'
}
# The longest loop spell between two readings of the histogram, as the bucket it fell in
# ("5..7.5 ms"): the first bound no new spell went past.
longest_busy() { # BEFORE AFTER
    paste <(echo "$1") <(echo "$2") | awk '
        { bound[NR] = $1; grew[NR] = $4 - $2 }
        END {
            total = grew[NR]; prev = 0
            for (i = 1; i <= NR; i++) {
                if (total - grew[i] == 0) {
                    if (bound[i] == "+Inf") { printf "> %g ms", prev * 1000 }
                    else { printf "%g..%g ms", prev * 1000, bound[i] * 1000 }
                    exit
                }
                prev = bound[i]
            }
        }'
}

# Latency at 80% of the peak status rate (100 connections), at a constant rate: wrk's
# latencies are at peak load, where queues are full by definition.
peak=$(median <<<"${results[status,100]}")
target=$(awk -v p="$peak" 'BEGIN {printf "%.0f", p * 0.8}')
paced=()
paced999=()
for ((r = 1; r <= paced_runs; r++)); do
    before=$(loop_busy)
    line=$("${on_client[@]}" "$build/bench/paced_load" --port "$port" --rate "$target" --connections 100 \
        --seconds "$seconds" --tickets "$work/tickets.txt")
    stall=$(longest_busy "$before" "$(loop_busy)")
    echo "run $r  paced status c=100: ${line#paced: }; longest loop stall $stall"
    paced+=("$(sed -n 's/.* p99 \([0-9.]*\) ms.*/\1/p' <<<"$line")")
    paced999+=("$(sed -n 's/.* p99\.9 \([0-9.]*\) ms.*/\1/p' <<<"$line")")
done
longest_since_start=$(curl -s "http://127.0.0.1:$port/metrics" |
    awk '$1 == "sluice_loop_busy_max_seconds" {printf "%.1f", $2 * 1000}')

echo
for c in 100 1000; do
    ref=$(median <<<"${results[nginx,$c]}")
    m=$(median <<<"${results[status,$c]}")
    printf 'status polls c=%-5s sluiced %8.0f req/s, nginx %8.0f req/s, ratio %.2f (p99s: %s)\n' "$c" "$m" "$ref" \
        "$(awk -v a="$m" -v b="$ref" 'BEGIN {print a / b}')" "${p99s[status,$c]}"
done
ref=$(median <<<"${results[nginx-post,100]}")
m=$(median <<<"${results[join,100]}")
printf 'joins        c=100   sluiced %8.0f req/s, nginx %8.0f req/s, ratio %.2f (journal on, fdatasync before each answer)\n' "$m" "$ref" \
    "$(awk -v a="$m" -v b="$ref" 'BEGIN {print a / b}')"
printf 'status polls at 80%% of peak (%s req/s, 100 connections): p99 median %s ms (runs: %s), p99.9 median %s ms (runs: %s)\n' "$target" \
    "$(printf '%s\n' "${paced[@]}" | median)" "${paced[*]}" \
    "$(printf '%s\n' "${paced999[@]}" | median)" "${paced999[*]}"
echo "longest loop stall since sluiced started (preload included): $longest_since_start ms"
echo "resident memory with 1,000,000 tickets (plus the joins above): $((rss_1m / 1024)) MiB"

# Recovery after SIGKILL: the preload's snapshot plus every join above from the journal.
tickets=$(curl -s "http://127.0.0.1:$port/metrics" | awk '$1 == "sluice_joins_total" {print $2}')
recoveries=()
for ((r = 1; r <= rounds; r++)); do
    kill -9 "$pid"
    wait "$pid" 2>/dev/null || true
    : > "$work/data/out"
    t0=$(date +%s.%N)
    start_sluiced "$work/data"
    took=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')
    echo "round $r  recovery: $took s ($(grep -o 'snapshot [0-9]*, [0-9]* journal records replayed' "$work/data/err" | tail -1))"
    recoveries+=("$took")
    sleep 2 # running (and journaling its ticks) for a while before the next kill
done
printf 'recovery after SIGKILL with %.0f tickets: median %s s (runs: %s)\n' "$tickets" \
    "$(printf '%s\n' "${recoveries[@]}" | median)" "${recoveries[*]}"
kill "$pid"

start_sluiced "$work/data10m" "10000000:$work/tickets10m.txt"
# The preload's snapshot is written in the background from a copy: measure after it.
for _ in $(seq 600); do
    [[ -e "$work/data10m/state/snapshot-000000000001" ]] && break
    sleep 0.1
done
sleep 1
echo "resident memory with 10,000,000 tickets: $(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 )) MiB"
