#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Fair joins (issue 16), each figure beside its reference in the same run:
#  - joins/s with proof of work (every join carries a distinct solved challenge, verified and
#    spent) against joins/s without, wrk 2 threads x 100 connections for SECONDS a side.
#    Each measurement has a sluiced of its own, started fresh (empty engine, journal on in a
#    new directory, rate limit off) and stopped after it: both sides meet the same engine, not
#    one grown by the rounds before. A round measures both sides back to back, in alternating
#    order; the figures are the medians over ROUNDS and the median of the rounds' paired
#    ratios (a 2-core VM's noise moves slowly, so a pair shares most of it).
#    With proof of work the server runs at a fixed 4 bits (its cost is one hash at any
#    difficulty): its challenges are fetched and solved before the measurement
#    (bench/fair/presolve.py), so the figure is the server's, not the solver's. The challenge
#    fetch (GET /api/v1/join/challenge) is a separate request and not in this figure.
#    Both sides use the same wrk script (bench/wrk/join_pow.lua, a body a request from a
#    file of the same length): `{}` bodies without, solved bodies with. A costlier client
#    script slows the arrivals, which shrinks the server's batches (events per epoll wake-up,
#    records per fdatasync) and raises its cost per join, so the client must be the same.
#    Two more rows, for reading the figure: the solved bodies with proof of work off (what
#    the larger body costs apart from the check), and empty POSTs through the cheaper
#    bench/wrk/join.lua (the reference before 2026-12-07);
#  - the server's cost to verify one solution (bench_pow, against one plain SHA-256);
#  - the waiting page's solve time at the default difficulty (18 bits) in headless Chromium:
#    tests/browser/fair_join.mjs run ROUNDS times (at most 5).
# With two or more cores, sluiced (all its threads) runs on the last core and wrk and the
# presolver on the others (taskset), as bench_sluiced.sh does: the client's cache traffic and
# its share of the CPU stay off the server's core. BENCH_PIN=0 shares every core.
#
#   bench/bench_fair_joins.sh [BUILD_DIR (build/release)] [ROUNDS (9)] [SECONDS (3)]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build=${1:-build/release}
rounds=${2:-9}
seconds=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
sluiced="$(realpath "$build/app/sluiced/sluiced" 2>/dev/null || echo "$build/app/sluiced/sluiced")"
[[ -x "$sluiced" ]] || { echo "bench_fair_joins: $sluiced not built" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench_fair_joins: wrk is missing" >&2; exit 2; }
[[ "$rounds" =~ ^[1-9][0-9]*$ && "$seconds" =~ ^[1-9][0-9]*$ ]] ||
    { echo "bench_fair_joins: ROUNDS and SECONDS are whole numbers from 1" >&2; exit 2; }
ulimit -n 65536 2>/dev/null || ulimit -n 4096
on_server=()
on_client=()
ncpu=$(nproc)
if [[ "${BENCH_PIN:-1}" == 1 && $ncpu -ge 2 ]]; then
    on_server=(taskset -c "$((ncpu - 1))")
    on_client=(taskset -c "0-$((ncpu - 2))")
fi
work=$(mktemp -d)
server=""
stop_server() {
    [[ -n "$server" ]] || return 0
    kill "$server" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$server" 2>/dev/null || break; sleep 0.05; done
    kill -9 "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
}
cleanup() {
    stop_server
    rm -rf "$work"
}
trap cleanup EXIT

port=""
reused_total=0
start_server() { # POW_MODE: a fresh sluiced in a new data directory; sets server and port
    local dir="$work/run"
    rm -rf "$dir"
    mkdir -p "$dir"
    cat > "$dir/event.json" <<JSON
{"eventId": "bench-fair", "opensAt": "2021-07-19T11:00:00Z", "admissionRatePerMinute": 1,
 "capacity": 1, "idleTimeoutSeconds": 604800}
JSON
    "${on_server[@]}" "$sluiced" --data-dir "$dir" --listen 127.0.0.1:0 --joins-per-minute 0 \
        --proof-of-work "$1" > "$dir/out" 2> "$dir/log" &
    server=$!
    port=""
    for _ in $(seq 100); do
        port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$dir/out" 2>/dev/null)
        [[ -n "$port" ]] && break
        kill -0 "$server" 2>/dev/null || break
        sleep 0.05
    done
    [[ -n "$port" ]] || { echo "bench_fair_joins: sluiced did not start:" >&2; cat "$dir/log" >&2; exit 1; }
}
joins_per_second() { # wrk output: successful (2xx) requests per second
    awk -v s="$seconds" '/requests in/ {n=$1} /Non-2xx/ {bad=$5} END {printf "%.0f\n", (n-bad)/s}'
}
# sluiced's own CPU time (all its threads, user + system) in clock ticks: wrk shares the
# machine, so joins/s also measures the client; CPU time per join is the server's cost alone.
server_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
tick_us=$(( 1000000 / $(getconf CLK_TCK) ))
measure() { # ARRAY CPU_ARRAY WRK_ARGS...: joins/s into ARRAY, server µs per join into CPU_ARRAY
    local -n rate=$1 cpu=$2; shift 2
    local t0 t1 r
    t0=$(server_ticks)
    r=$("${on_client[@]}" wrk -t2 -c100 -d"${seconds}s" "$@" "http://127.0.0.1:$port" | joins_per_second)
    t1=$(server_ticks)
    rate+=("$r")
    cpu+=("$(awk -v t=$(( (t1 - t0) * tick_us )) -v n="$r" -v s="$seconds" 'BEGIN{printf "%.2f", t / (n * s)}')")
}
run_off() { # ARRAY CPU_ARRAY BODIES WRK_SCRIPT: a fresh sluiced with proof of work off
    start_server off
    JOIN_BODIES="$3" measure "$1" "$2" -s "$4"
    stop_server
}
run_paid() {
    start_server 4
    "${on_client[@]}" python3 "$here/fair/presolve.py" "$port" "$need" "$work/bodies"
    JOIN_BODIES="$work/bodies" measure with cpu_with -s "$here/wrk/join_pow.lua"
    local reused
    reused=$(curl -s "http://127.0.0.1:$port/metrics" |
        awk '/^sluice_pow_refusals_total\{reason="reused"\}/ {print $2}')
    reused_total=$(( reused_total + ${reused:-0} ))
    stop_server
}
if [[ ${#on_server[@]} -gt 0 ]]; then
    echo "pinned: sluiced on cpu $((ncpu - 1)), wrk and the presolver on cpus 0-$((ncpu - 2)) (BENCH_PIN=0 to share)"
else
    echo "not pinned: sluiced and wrk share every core"
fi
declare -a without with control empty cpu_without cpu_with cpu_control cpu_empty
# Bodies for more joins than a side makes (none is sent twice): from a first plain run, x 1.5.
probe=()
probe_cpu=()
run_off probe probe_cpu /dev/null "$here/wrk/join.lua"
need=$(( ${probe[0]} * seconds * 3 / 2 + 1000 ))
# As many lines as the solved bodies: the client's Lua walks a table of the same size on
# both sides, so its cache misses are not counted against one.
yes '{}' | head -n "$need" > "$work/plain_bodies" || true
for r in $(seq "$rounds"); do
    if (( r % 2 == 1 )); then
        run_off without cpu_without "$work/plain_bodies" "$here/wrk/join_pow.lua"
        run_paid
    else
        run_paid
        run_off without cpu_without "$work/plain_bodies" "$here/wrk/join_pow.lua"
    fi
    # The same solved bodies with proof of work off (the pow member is then ignored): what
    # the larger body costs apart from the check itself; then the old empty-POST reference.
    run_off control cpu_control "$work/bodies" "$here/wrk/join_pow.lua"
    run_off empty cpu_empty /dev/null "$here/wrk/join.lua"
    echo "round $r: joins/s without proof of work ${without[-1]}, with ${with[-1]} (ratio $(awk -v a="${with[-1]}" -v b="${without[-1]}" 'BEGIN{printf "%.2f", a/b}')), same bodies with it off ${control[-1]}, empty POSTs (join.lua) ${empty[-1]}; server CPU µs per join ${cpu_without[-1]} / ${cpu_with[-1]} / ${cpu_control[-1]} / ${cpu_empty[-1]}"
done
m0=$(printf '%s\n' "${without[@]}" | median)
m1=$(printf '%s\n' "${with[@]}" | median)
m2=$(printf '%s\n' "${control[@]}" | median)
m3=$(printf '%s\n' "${empty[@]}" | median)
paired=$(for i in "${!with[@]}"; do awk -v a="${with[$i]}" -v b="${without[$i]}" 'BEGIN{printf "%.2f\n", a/b}'; done)
echo "median joins/s: without $m0, with proof of work $m1, ratio $(awk -v a="$m1" -v b="$m0" 'BEGIN{printf "%.2f", a/b}') (goal >= 0.90)"
echo "rounds' paired ratios (with / without): $(echo $paired), median $(median <<<"$paired")"
echo "same bodies and script with proof of work off: $m2; with / that $(awk -v a="$m1" -v b="$m2" 'BEGIN{printf "%.2f", a/b}') (the check's own cost)"
echo "empty POSTs through the cheaper join.lua (the reference before 2026-12-07): $m3; with / that $(awk -v a="$m1" -v b="$m3" 'BEGIN{printf "%.2f", a/b}')"
c0=$(printf '%s\n' "${cpu_without[@]}" | median)
c1=$(printf '%s\n' "${cpu_with[@]}" | median)
c2=$(printf '%s\n' "${cpu_control[@]}" | median)
c3=$(printf '%s\n' "${cpu_empty[@]}" | median)
ratios=$(for i in "${!cpu_with[@]}"; do awk -v a="${cpu_without[$i]}" -v b="${cpu_with[$i]}" 'BEGIN{printf "%.2f\n", a/b}'; done)
echo "rounds' ratios by server CPU (without / with): $(echo $ratios), median $(median <<<"$ratios")"
echo "median server CPU per join: without $c0 µs, with proof of work $c1 µs, same bodies off $c2 µs, empty POSTs $c3 µs;" \
    "joins the server can make with / without $(awk -v a="$c0" -v b="$c1" 'BEGIN{printf "%.2f", a/b}') (the server's side, wrk apart)"
echo "reused bodies refused during the runs (should be 0): $reused_total"

if [[ -x "$build/bench/bench_pow" ]]; then
    echo "--- verification (bench_pow) ---"
    "$build/bench/bench_pow" --runs "$(( rounds < 5 ? rounds : 5 ))" | tail -8
fi

node_dir="$build/tests/browser/node"
if [[ -d "$node_dir/node_modules/playwright-core" ]] && command -v chromium >/dev/null; then
    echo "--- the waiting page at the default difficulty in headless Chromium ---"
    declare -a solves
    for r in $(seq "$(( rounds < 5 ? rounds : 5 ))"); do
        line=$(cd "$node_dir" && node fair_join.mjs "$sluiced" "$(command -v nginx || echo /usr/sbin/nginx)" \
            "$(realpath "$here/..")" "$(command -v chromium)" 2>/dev/null | grep "solved in" || true)
        echo "round $r: $line"
        solves+=("$(sed -n 's/.*solved in \([0-9]*\) ms.*/\1/p' <<<"$line")")
    done
    echo "median solve time: $(printf '%s\n' "${solves[@]}" | median) ms"
fi
