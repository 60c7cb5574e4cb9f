#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Fair joins (issue 16), each figure beside its reference in the same run:
#  - joins/s with proof of work (every join carries a distinct solved challenge, verified and
#    spent) against joins/s without, on one sluiced (rate limit off, journal on) whose
#    difficulty is switched between rounds through the admin API (off / fixed 4 bits), in
#    alternating order, wrk 2 threads x 100 connections; median of ROUNDS. The challenge
#    fetch (GET /api/v1/join/challenge) is a separate request and not in this figure.
#    Challenges are fetched and solved before each round (at 4 bits: the server's cost is
#    one hash at any difficulty), so the figure is the server's, not the solver's.
#    Both sides use the same wrk script (bench/wrk/join_pow.lua, a body a request from a
#    file): `{}` bodies without, solved bodies with. wrk shares the two cores with sluiced,
#    and a costlier client script slows the arrivals, which shrinks the server's batches
#    (events per epoll wake-up, records per fdatasync) and raises its cost per join: with
#    the reference on a cheaper script, that client cost was counted against proof of work.
#    The old reference (empty POSTs, bench/wrk/join.lua) is still printed, as a row;
#  - the server's cost to verify one solution (bench_pow, against one plain SHA-256);
#  - the waiting page's solve time at the default difficulty (18 bits) in headless Chromium:
#    tests/browser/fair_join.mjs run ROUNDS times.
# With two or more cores, sluiced (all its threads) runs on the last core and wrk on the others
# (taskset), as bench_sluiced.sh does: the client's cache traffic and its share of the CPU stay
# off the server's core. BENCH_PIN=0 shares every core.
#
#   bench/bench_fair_joins.sh [BUILD_DIR (build/release)] [ROUNDS (3)] [SECONDS (5)]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build=${1:-build/release}
rounds=${2:-3}
seconds=${3:-5}
here=$(cd "$(dirname "$0")" && pwd)
sluiced="$(realpath "$build/app/sluiced/sluiced" 2>/dev/null || echo "$build/app/sluiced/sluiced")"
[[ -x "$sluiced" ]] || { echo "bench_fair_joins: $sluiced not built" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench_fair_joins: wrk is missing" >&2; exit 2; }
ulimit -n 65536 2>/dev/null || ulimit -n 4096
on_server=()
on_client=()
ncpu=$(nproc)
if [[ "${BENCH_PIN:-1}" == 1 && $ncpu -ge 2 ]]; then
    on_server=(taskset -c "$((ncpu - 1))")
    on_client=(taskset -c "0-$((ncpu - 2))")
fi
work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    # sluiced is not this shell's child (started in $( )): `wait` does not wait for it.
    for p in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

start() { # NAME FLAGS...: starts sluiced, prints its port
    local name=$1; shift
    mkdir -p "$work/$name"
    cat > "$work/$name/event.json" <<JSON
{"eventId": "bench-fair", "opensAt": "2021-07-19T11:00:00Z", "admissionRatePerMinute": 1,
 "capacity": 1, "idleTimeoutSeconds": 604800}
JSON
    "${on_server[@]}" "$sluiced" --data-dir "$work/$name" --listen 127.0.0.1:0 --joins-per-minute 0 "$@" \
        > "$work/$name.out" 2> "$work/$name.log" &
    echo $! > "$work/$name.pid" # start runs in $( ): the caller adds it to pids
    for _ in $(seq 100); do
        grep -q "listening on" "$work/$name.out" 2>/dev/null && break
        sleep 0.1
    done
    sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/$name.out"
}
echo "bench-admin-key-0123456789" > "$work/admin.key"
port=$(start room --proof-of-work off --admin-key-file "$work/admin.key")
pids+=("$(cat "$work/room.pid")") # stopped on exit (it was left running before: start's subshell)
difficulty() { # BODY
    curl -sf -X POST -H "Authorization: Bearer bench-admin-key-0123456789" \
        -H "Content-Type: application/json" -d "$1" "http://127.0.0.1:$port/api/v1/admin/difficulty" >/dev/null
}
joins_per_second() { # wrk output: successful (2xx) requests per second
    awk -v s="$seconds" '/requests in/ {n=$1} /Non-2xx/ {bad=$5} END {printf "%.0f\n", (n-bad)/s}'
}
# sluiced's own CPU time (all its threads, user + system) in clock ticks: wrk shares the two
# cores, so joins/s also measures the client; CPU time per join is the server's cost alone.
server_ticks() { awk '{print $14 + $15}' "/proc/${pids[0]}/stat"; }
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
run_plain() {
    difficulty '{"operator":"bench","mode":"off"}'
    export JOIN_BODIES="$work/plain_bodies"
    measure without cpu_without -s "$here/wrk/join_pow.lua"
    measure empty cpu_empty -s "$here/wrk/join.lua"
}
run_paid() {
    difficulty '{"operator":"bench","mode":"fixed","bits":4}'
    python3 "$here/fair/presolve.py" "$port" "$need" "$work/bodies"
    export JOIN_BODIES="$work/bodies"
    measure with cpu_with -s "$here/wrk/join_pow.lua"
}
# The same bodies and Lua script with proof of work off (the pow member is then ignored):
# what the client's per-request Lua and the larger body cost, apart from the check itself.
run_control() {
    difficulty '{"operator":"bench","mode":"off"}'
    export JOIN_BODIES="$work/bodies"
    measure control cpu_control -s "$here/wrk/join_pow.lua"
}
if [[ ${#on_server[@]} -gt 0 ]]; then
    echo "pinned: sluiced on cpu $((ncpu - 1)), wrk on cpus 0-$((ncpu - 2)) (BENCH_PIN=0 to share)"
else
    echo "not pinned: sluiced and wrk share every core"
fi
declare -a without with control empty cpu_without cpu_with cpu_control cpu_empty
need=0
# As many lines as the solved bodies (about 600,000 a round at 5 s): the client's Lua walks a
# table of the same size on both sides, so its cache misses are not counted against one.
yes '{}' | head -n 600000 > "$work/plain_bodies" || true
for r in $(seq "$rounds"); do
    if (( r % 2 == 1 )); then
        run_plain
        need=$(( ${without[-1]} * seconds * 3 / 2 + 1000 )) # none spent twice
        run_paid
        run_control
    else
        run_paid
        run_control
        run_plain
    fi
    echo "round $r: joins/s without proof of work ${without[-1]}, with ${with[-1]}, same bodies with it off ${control[-1]}, empty POSTs (join.lua) ${empty[-1]} ($need bodies solved); server CPU µs per join ${cpu_without[-1]} / ${cpu_with[-1]} / ${cpu_control[-1]} / ${cpu_empty[-1]}"
done
m0=$(printf '%s\n' "${without[@]}" | median)
m1=$(printf '%s\n' "${with[@]}" | median)
m2=$(printf '%s\n' "${control[@]}" | median)
echo "median joins/s: without $m0, with proof of work $m1, ratio $(awk -v a="$m1" -v b="$m0" 'BEGIN{printf "%.2f", a/b}') (goal >= 0.90)"
echo "same bodies and script with proof of work off: $m2; with / that $(awk -v a="$m1" -v b="$m2" 'BEGIN{printf "%.2f", a/b}') (the check's own cost)"
m3=$(printf '%s\n' "${empty[@]}" | median)
echo "empty POSTs through the cheaper join.lua (the reference before 2026-12-07): $m3; with / that $(awk -v a="$m1" -v b="$m3" 'BEGIN{printf "%.2f", a/b}')"
c0=$(printf '%s\n' "${cpu_without[@]}" | median)
c1=$(printf '%s\n' "${cpu_with[@]}" | median)
c2=$(printf '%s\n' "${cpu_control[@]}" | median)
c3=$(printf '%s\n' "${cpu_empty[@]}" | median)
ratios=$(for i in "${!cpu_with[@]}"; do awk -v a="${cpu_without[$i]}" -v b="${cpu_with[$i]}" 'BEGIN{printf "%.2f\n", a/b}'; done)
echo "rounds' ratios by server CPU (without / with): $(echo $ratios), median $(median <<<"$ratios"); empty POSTs $c3 µs per join"
echo "median server CPU per join: without $c0 µs, with proof of work $c1 µs, same bodies off $c2 µs;" \
    "joins the server can make with / without $(awk -v a="$c0" -v b="$c1" 'BEGIN{printf "%.2f", a/b}') (goal >= 0.90: the server's side, wrk apart)"
refused=$(curl -s "http://127.0.0.1:$port/metrics" | grep 'sluice_pow_refusals_total{reason="reused"}' || true)
echo "reused bodies refused during the runs (should be 0): $refused"

if [[ -x "$build/bench/bench_pow" ]]; then
    echo "--- verification (bench_pow) ---"
    "$build/bench/bench_pow" --runs "$rounds" | tail -8
fi

node_dir="$build/tests/browser/node"
if [[ -d "$node_dir/node_modules/playwright-core" ]] && command -v chromium >/dev/null; then
    echo "--- the waiting page at the default difficulty in headless Chromium ---"
    declare -a solves
    for r in $(seq "$rounds"); do
        line=$(cd "$node_dir" && node fair_join.mjs "$sluiced" "$(command -v nginx || echo /usr/sbin/nginx)" \
            "$(realpath "$here/..")" "$(command -v chromium)" 2>/dev/null | grep "solved in" || true)
        echo "round $r: $line"
        solves+=("$(sed -n 's/.*solved in \([0-9]*\) ms.*/\1/p' <<<"$line")")
    done
    echo "median solve time: $(printf '%s\n' "${solves[@]}" | median) ms"
fi
