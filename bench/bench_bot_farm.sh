#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The bot farm in the simulator (issue 16): the Sluice night of 2021 with a 20,000-machine
# bot farm (resources/scenarios/sluice-night-2021-bot-farm.json), run four times: no
# defence, the per-address join limit (30 a minute, bursts of 10: sluiced's old default),
# proof of work auto, and both. For each: the bots' share of the first 100,000 places, the
# honest median and p90 time to join (arrival to a place in line), the p90 of those behind
# shared addresses, joins refused by the
# limit (honest behind shared addresses / honest alone / bots), the difficulty's range, and
# the simulation's wall time (as sluice-sim prints it).
# A run is deterministic (same scenario and seed, same figures, byte for byte), so one run
# of each is enough; only the wall time varies between runs.
#   bench/bench_bot_farm.sh [BUILD_DIR (build/release)] [LIMIT (30:10)] [extra sluice-sim args...]
set -euo pipefail
build=${1:-build/release}
limit=${2:-30:10}
shift $(( $# > 2 ? 2 : $# ))
here=$(cd "$(dirname "$0")" && pwd)
sim="$build/app/sluice-sim/sluice-sim"
[[ -x "$sim" ]] || { echo "bench_bot_farm: $sim not built" >&2; exit 2; }
scenario="$here/../resources/scenarios/sluice-night-2021-bot-farm.json"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%-24s %12s %12s %12s %12s %9s %27s %9s\n' "defence" "bots' share" "honest p50" "honest p90" \
    "shared p90" "bits" "refused shared/alone/bots" "wall"
run() { # NAME ARGS...
    local name=$1; shift
    "$sim" run "$scenario" "$@" "${extra[@]}" > "$work/out.txt" 2> "$work/err.txt" ||
        { cat "$work/err.txt" >&2; exit 1; }
    local o="$work/out.txt"
    printf '%-24s %11s%% %10s s %10s s %10s s %9s %27s %8ss\n' "$name" \
        "$(sed -nE 's/^fair joins: .*places \(([0-9.]+)%\).*/\1/p' "$o")" \
        "$(sed -nE 's/^honest time to join: median ([0-9.]+) s.*/\1/p' "$o")" \
        "$(sed -nE 's/^honest time to join: median [0-9.]+ s, p90 ([0-9.]+) s.*/\1/p' "$o")" \
        "$(sed -nE 's/^honest time to join: .*shared addresses: median [0-9.]+ s, p90 ([0-9.]+) s.*/\1/p' "$o")" \
        "$(sed -nE 's/^proof of work: ([0-9]+\.\.[0-9]+) bits.*/\1/p' "$o")" \
        "$(sed -nE 's/^refused by the join limit: honest shared ([0-9]+), honest alone ([0-9]+), bots ([0-9]+).*/\1\/\2\/\3/p' "$o")" \
        "$(sed -nE 's/.* in ([0-9.]+) s wall.*/\1/p' "$work/err.txt")"
    if [[ -n "${BENCH_KEEP:-}" ]]; then
        mkdir -p "$BENCH_KEEP"; cp "$o" "$BENCH_KEEP/${name// /-}.txt"
    fi
}
extra=("$@")
run "none"
run "join limit $limit" --join-limit "$limit"
run "proof of work auto" --proof-of-work auto
run "both" --join-limit "$limit" --proof-of-work auto
echo "(one run each: the simulation is deterministic, so repeat runs give the same figures;"
echo " only the wall time varies. BENCH_KEEP=DIR keeps each run's printed summary.)"
