#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The console on live nodes, and incident reports.
#  1. Four made-up nodes (bench/live/replay_nodes) each stream 24 hours of 1-second
#     snapshots at x1200 (72 s); `sluice --connect … --benchmark` measures the GUI thread's
#     stalls from inside the app (5 ms probe) and its peak memory until the streams end.
#     Reference, same loop: the probe on an idle console (`--benchmark-idle 10`).
#  2. A 6-hour night's incident report: `sluice-sim run sluice-night-2021` once, then
#     `sluice-sim report` RUNS times. Reference, same loop: pdftoppm rasterising that PDF.
# Prints every run, then medians, ratios and the goals.
#
#   bench/bench_live_console.sh [BUILD_DIR (build/release)] [RUNS (3)] [SPEED (1200)]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build=${1:-build/release}
runs=${2:-3}
speed=${3:-1200}
app="$build/app/sluice/sluice"
sim="$build/app/sluice-sim/sluice-sim"
replay="$build/bench/replay_nodes"
for b in "$app" "$sim" "$replay"; do
    [[ -x "$b" ]] || { echo "bench_live_console: $b not built" >&2; exit 2; }
done
command -v pdftoppm >/dev/null || { echo "bench_live_console: pdftoppm missing (poppler-utils)" >&2; exit 2; }

export QT_QPA_PLATFORM=offscreen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config" # never the user's settings
export SLUICE_ADMIN_KEY=replay-key-0123456789
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.3f", b - a}'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "live: 4 nodes x 24 h of 1-second snapshots at x$speed; runs: $runs"
live=()
idle=()
for ((i = 1; i <= runs; i++)); do
    port=$((19100 + i * 10))
    "$replay" --nodes 4 --hours 24 --speed "$speed" --base-port "$port" --key "$SLUICE_ADMIN_KEY" >/dev/null &
    rp=$!
    sleep 0.5
    line=$("$app" --connect "http://127.0.0.1:$port" --connect "http://127.0.0.1:$((port + 1))" \
        --connect "http://127.0.0.1:$((port + 2))" --connect "http://127.0.0.1:$((port + 3))" \
        --benchmark 2>/dev/null | grep '^gui-probe:')
    wait "$rp" || true
    ref=$("$app" --benchmark-idle 10 2>/dev/null | grep '^gui-probe:')
    echo "run $i: ${line#gui-probe: }"
    echo "  idle: ${ref#gui-probe: }"
    live+=("$line")
    idle+=("$ref")
done
ml() { printf '%s\n' "${live[@]}" | field "$1" | median; }
mi() { printf '%s\n' "${idle[@]}" | field "$1" | median; }
longest=$(ml longest_ms)
ref=$(mi longest_ms)
echo
echo "live, median of $runs: samples $(ml samples), wall $(ml wall_s) s, gap median $(ml median_ms) ms," \
     "p99 $(ml p99_ms) ms, longest $longest ms (worst run $(printf '%s\n' "${live[@]}" | field longest_ms | sort -g | tail -1) ms)," \
     "peak RSS $(ml peak_rss_mib) MiB"
echo "reference (idle console, same loop): gap median $(mi median_ms) ms, longest $ref ms"
echo "ratio longest / reference longest: $(awk -v a="$longest" -v b="$ref" 'BEGIN {printf "%.1f", a / b}')"
echo "goals: longest <= 50 ms, memory <= 1536 MiB"

echo
echo "report: a 6-hour night (sluice-night-2021)"
"$sim" run sluice-night-2021 --quiet --out "$work/night" >/dev/null
reports=()
rasters=()
for ((i = 1; i <= runs; i++)); do
    t0=$(now)
    "$sim" report "$work/night" --out "$work/night/report.pdf" 2>/dev/null
    took=$(since "$t0")
    t0=$(now)
    pdftoppm -r 100 -png "$work/night/report.pdf" "$work/raster"
    raster=$(since "$t0")
    echo "run $i: report $took s, pdftoppm of it $raster s ($(ls "$work"/raster*.png | wc -l) pages)"
    reports+=("$took")
    rasters+=("$raster")
done
r=$(printf '%s\n' "${reports[@]}" | median)
p=$(printf '%s\n' "${rasters[@]}" | median)
echo "report median $r s (goal <= 10 s); reference pdftoppm median $p s; ratio $(awk -v a="$r" -v b="$p" 'BEGIN {printf "%.2f", a / b}')"
