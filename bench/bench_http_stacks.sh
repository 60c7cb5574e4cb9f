#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Which HTTP stack for sluiced: each candidate answers a fixed small JSON body on
# 127.0.0.1 and wrk (2 threads, keep-alive) loads it with 100 and 1,000 connections.
# nginx (Debian's, default worker_processes auto = 2 here) is the reference, measured in the
# same rounds; the stacks take turns within each round so that the machine's noise spreads
# over all of them. Prints every run, then medians and ratios to nginx.
#
#   bench/bench_http_stacks.sh [BUILD_DIR (build/release)] [ROUNDS (3)] [SECONDS (8)]
# Needs: wrk, nginx, and for the optional stacks libboost-dev and qt6-httpserver-dev
# (scripts/setup-bench-deps.sh installs them).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build=${1:-build/release}
rounds=${2:-3}
seconds=${3:-8}
command -v wrk >/dev/null || { echo "bench_http_stacks: wrk is missing (scripts/setup-bench-deps.sh)" >&2; exit 2; }
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || { echo "bench_http_stacks: nginx is missing" >&2; exit 2; }
ulimit -n 65536 2>/dev/null || ulimit -n 4096

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

pids+=("$(start_nginx_fixed "$work" 18080 '{"ok":true}' )")
declare -A port=([nginx]=18080)
stacks=(nginx)
for s in sluice beast qt; do
    exe="$build/bench/http_fixed_$s"
    if [[ -x "$exe" ]]; then
        p=$((18080 + ${#stacks[@]}))
        "$exe" "$p" >/dev/null 2>&1 &
        pids+=($!)
        port[$s]=$p
        stacks+=("$s")
    else
        echo "($s not built: its package is not installed)"
    fi
done
sleep 1

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); wrk -t2, ${seconds} s a run"
declare -A results
for ((r = 1; r <= rounds; r++)); do
    for c in 100 1000; do
        for s in "${stacks[@]}"; do
            out=$(wrk -t2 -c"$c" -d"${seconds}s" --latency "http://127.0.0.1:${port[$s]}/" 2>&1)
            rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
            p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
            errors=$(awk '/Socket errors|Non-2xx/ {printf "%s ", $0}' <<<"$out")
            echo "round $r  c=$c  $s: ${rps} req/s, p99 ${p99} ${errors}"
            results[$s,$c]+="$rps "
        done
    done
done
echo
for c in 100 1000; do
    ref=$(median <<<"${results[nginx,$c]}")
    for s in "${stacks[@]}"; do
        m=$(median <<<"${results[$s,$c]}")
        printf 'c=%-5s %-7s median %9.0f req/s  ratio to nginx %.2f\n' "$c" "$s" "$m" \
            "$(awk -v a="$m" -v b="$ref" 'BEGIN {print a / b}')"
    done
done
