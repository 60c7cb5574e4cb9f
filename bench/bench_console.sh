#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The console's GUI responsiveness and memory while the seed-night preset (1.51 million
# people, 6 simulated hours) runs as fast as possible: `sluice --benchmark` measures from
# inside the app (a 5 ms precise timer on the GUI thread, each gap recorded) and prints one
# line; the reference is the same probe with the run paused (`--benchmark-idle`), measured
# in the same loop. A third variant runs a what-if projection beside the run
# (`--benchmark-what-if`: three busy threads on this 2-core machine), and a fourth three
# what-ifs (`--benchmark-what-ifs 3`: 2, 3 and 4 times the rate, asked one after another as
# the console computes them, all three drawn on the charts to the end). Prints every run,
# then the medians and the goals.
#
#   bench/bench_console.sh [BUILD_DIR (build/release)] [RUNS (5)] [SCENARIO (seed-night-2021)]
# VARIANTS (environment) picks some of "run what-if three idle" (default: all four; idle, the
# reference, is always measured).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build=${1:-build/release}
runs=${2:-5}
scenario=${3:-seed-night-2021}
app="$build/app/sluice/sluice"
[[ -x "$app" ]] || { echo "bench_console: $app not built (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }

export QT_QPA_PLATFORM=offscreen
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT
export XDG_CONFIG_HOME="$config" # the benchmark never reads or writes the user's settings

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "scenario: $scenario, runs: $runs"
lines=()
whatifs=()
threes=()
idle=()
variants=" ${VARIANTS:-run what-if three idle} "
probe() { # VARIANT FLAGS...: the gui-probe line, or a placeholder when the variant is skipped
    local variant=$1; shift
    if [[ $variants == *" $variant "* ]]; then
        "$app" --scenario "$scenario" "$@" 2>/dev/null | grep '^gui-probe:'
    else
        echo "gui-probe: skipped"
    fi
}
for ((i = 1; i <= runs; i++)); do
    line=$(probe run --benchmark)
    whatif=$(probe what-if --benchmark-what-if)
    three=$(probe three --benchmark-what-ifs 3)
    ref=$("$app" --scenario "$scenario" --benchmark-idle 10 2>/dev/null | grep '^gui-probe:')
    echo "run $i: ${line#gui-probe: }"
    echo "  what-if: ${whatif#gui-probe: }"
    echo "  three what-ifs: ${three#gui-probe: }"
    echo "  idle: ${ref#gui-probe: }"
    lines+=("$line")
    whatifs+=("$whatif")
    threes+=("$three")
    idle+=("$ref")
done
m() { printf '%s\n' "${lines[@]}" | field "$1" | median; }
mi() { printf '%s\n' "${idle[@]}" | field "$1" | median; }
mw() { printf '%s\n' "${whatifs[@]}" | field "$1" | median; }
m3() { printf '%s\n' "${threes[@]}" | field "$1" | median; }
worst() { printf '%s\n' "$@" | field longest_ms | sort -g | tail -1; }
longest=$(m longest_ms)
idleLongest=$(mi longest_ms)
echo
echo "median of $runs runs: wall $(m wall_s) s, gap median $(m median_ms) ms, p99 $(m p99_ms) ms," \
     "longest $longest ms (worst run $(worst "${lines[@]}") ms), peak RSS $(m peak_rss_mib) MiB"
echo "with a what-if beside the run: wall $(mw wall_s) s, gap median $(mw median_ms) ms," \
     "p99 $(mw p99_ms) ms, longest $(mw longest_ms) ms (worst run $(worst "${whatifs[@]}") ms)," \
     "peak RSS $(mw peak_rss_mib) MiB, projection $(mw what_if_s) s"
echo "with three what-ifs: wall $(m3 wall_s) s, gap median $(m3 median_ms) ms," \
     "p99 $(m3 p99_ms) ms, longest $(m3 longest_ms) ms (worst run $(worst "${threes[@]}") ms)," \
     "peak RSS $(m3 peak_rss_mib) MiB, what-ifs answered $(m3 what_ifs) in $(m3 what_if_s) s"
echo "reference (paused, same loop): gap median $(mi median_ms) ms, p99 $(mi p99_ms) ms, longest $idleLongest ms"
echo "ratio longest / reference longest: $(awk -v a="$longest" -v b="$idleLongest" 'BEGIN {printf "%.1f", a / b}')"
echo "goals: longest <= 50 ms, median < 16 ms, memory <= 1536 MiB"
