#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Cluster mode's catch-up goal (issue "Cluster mode"): a new node, starting from a peer's
# 10 M-ticket snapshot plus the 1 M log entries after it, serves within 10 s.
#
# On loopback: a Redis primary and one replica (no disk) and node0, which holds the night:
#  1. one real join through node0, then `log_load fill` appends TICKETS - 1 copies of that join
#     entry (each applied as a join of its own: a new ticket), and node0 applies them all;
#  2. node0 snapshots once it has applied them (--cluster-snapshot-every TICKETS) and, as the
#     leaseholder, trims the log behind that snapshot (--log-trim-every 1);
#  3. AFTER more join entries are appended (the night went on after the snapshot);
#  4. each round a new node (empty data directory) starts: it finds the log trimmed, fetches
#     node0's snapshot over HTTP (GET /api/v1/admin/cluster/snapshot), checks it, restores it,
#     reads the log after it and says ready. The figure is the wall time from its start to
#     /readyz answering 200, split by its own log lines where it prints them.
# Prints every round, then the median. Hold the build lock while it runs (quiet machine); it
# needs ~3 GiB of memory (Redis primary and replica hold the whole log before the trim).
#
#   bench/cluster/bench_catchup.sh [BUILD_DIR (build/release)] [ROUNDS (3)] [TICKETS (10000000)] [AFTER (1000000)]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
source "$here/cluster_lib.sh"
build=${1:-build/release}
rounds=${2:-3}
tickets=${3:-10000000}
after=${4:-1000000}
sluiced="$build/app/sluiced/sluiced"
log_load="$build/bench/log_load"
for tool in "$sluiced" "$log_load"; do
    [[ -x "$tool" ]] || { echo "bench_catchup: $tool not built" >&2; exit 2; }
done
command -v redis-server >/dev/null || { echo "bench_catchup: redis-server is missing" >&2; exit 2; }

primary=16491
replica=16492
setup_cluster_bench "$primary" "$replica" 100000000
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), no disk"

node_flags=(--redis "127.0.0.1:$primary" --cluster-snapshot-every "$tickets" --log-trim-every 1)
start_sluiced_named node0 "${node_flags[@]}" --node-id node0
node0_port=$port
node0_pid=$pid
wait_ready "$node0_port"
curl -sf -X POST -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:$node0_port/api/v1/join" >/dev/null

# The night before the snapshot: TICKETS joins in the log, applied by node0.
t0=$(now)
"$log_load" fill --port "$primary" --key "$key" --count "$((tickets - 1))" --kind 1
joins_of() { curl -s "http://127.0.0.1:$1/metrics" | awk '$1 == "sluice_joins_total" {printf "%d", $2}'; }
until (($(joins_of "$node0_port") >= tickets)); do sleep 0.5; done
echo "node0 applied $(joins_of "$node0_port") joins after $(since "$t0") s (resident $(rss_mib "$node0_pid") MiB)"
# Its snapshot of them, then the trim behind it.
until [[ -n "$(cluster_field "$node0_port" lastSnapshot)" ]]; do sleep 0.5; done
snapshot_id=$(cluster_field "$node0_port" lastSnapshot)
until (($(redis-cli -p "$primary" XLEN "$key") < tickets / 2)); do sleep 0.5; done
echo "node0 snapshot at log id $snapshot_id ($(du -m "$work/node0/cluster/snapshot" | cut -f1) MiB on disk); the log trimmed behind it to $(redis-cli -p "$primary" XLEN "$key") entries"

# The night after the snapshot: AFTER more joins, applied by node0 too.
"$log_load" fill --port "$primary" --key "$key" --count "$after" --kind 1
until (($(joins_of "$node0_port") >= tickets + after)); do sleep 0.5; done
until [[ "$(redis-cli -p "$replica" XLEN "$key")" == "$(redis-cli -p "$primary" XLEN "$key")" ]]; do sleep 0.1; done
length=$(redis-cli -p "$primary" XLEN "$key")
echo "log after the snapshot: $length entries; node0 holds $(joins_of "$node0_port") tickets"

declare -a took
for ((r = 1; r <= rounds; r++)); do
    rm -rf "$work/new"
    t0=$(now)
    start_sluiced_named new "${node_flags[@]}" --node-id "new$r"
    wait_ready "$port"
    took+=("$(since "$t0")")
    restored=$(cluster_field "$port" restoredFrom)
    sleep 1.5 # /metrics is the node's 1 Hz sample: let both take one after the catch-up
    same=$([[ "$(joins_of "$port")" == "$(joins_of "$node0_port")" ]] && echo "same count as node0" || echo "COUNTS DIFFER from node0")
    echo "round $r  new node serving after ${took[-1]} s: restored from $restored, $(joins_of "$port") joins ($same), resident $(rss_mib "$pid") MiB"
    grep -E "snapshot|caught up|replay" "$work/new/err" | sed 's/^/         /' | head -5 || true
    [[ -n "$restored" ]] || { echo "bench_catchup: the new node did not start from a snapshot" >&2; exit 1; }
    kill "$pid"
    wait "$pid" 2>/dev/null || true
done
echo
printf 'new node from a %s-ticket snapshot plus %s log entries: serving after median %s s (goal <= 10) runs: %s\n' \
    "$tickets" "$length" "$(printf '%s\n' "${took[@]}" | median)" "${took[*]}"
