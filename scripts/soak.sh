#!/usr/bin/env bash
# The soak: a fresh dev node under a steady load for MINUTES (default 60) at about half its measured capacity.
#
#   scripts/soak.sh [MINUTES]
#
# First a short capacity run (bench/rpc_bench, 60,000 pre-signed transfers) on the same node gives
# committed_tx_per_s; then bench/soak drives transfers at half that rate (RATE=N to set it), with account_holdings
# reads, a latency probe every 100 ms and WebSocket subscribers joining and leaving, and prints one JSON line a
# minute and a summary line (see bench/soak.cpp). Exit 0 when the summary says ok: no errors, the node's RSS grew
# under 5% and its open descriptors under 5% (or by at most 2) from the end of the warm-up to the end.
# WARMUP_MINUTES defaults to half the run (at least 2; 0 for runs of a minute or two): the node's bounded
# caches (64 MiB block cache, two 64 MiB memtables) fill at the pace of the load, ~30 minutes at 1k tx/s, and
# RSS climbs to those bounds before it can be flat.
#
# Environment: BUILD_DIR (default build), RATE, READS_PER_S (default 1000), WARMUP_MINUTES, KEEP_DATADIR=1.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-60}
build_dir=${BUILD_DIR:-build}
for exe in "$build_dir/node/foliod" "$build_dir/bench/rpc_bench" "$build_dir/bench/soak"; do
  [ -x "$exe" ] || { echo "soak.sh: $exe is missing (./scripts/build.sh)" >&2; exit 2; }
done
warmup=${WARMUP_MINUTES:-$(python3 -c "import sys; print(max(2, float(sys.argv[1]) / 2))" "$minutes")}
if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > float(sys.argv[2]) else 1)" "$minutes" "$warmup"; then :; else
  warmup=0
fi

. scripts/lib/dev_node.sh
start_dev_node soak '"block_interval_ms": 200, "block_max_txs": 5000'

rate=${RATE:-}
if [ -z "$rate" ]; then
  echo "soak.sh: measuring capacity (rpc_bench, 60,000 transfers)" >&2
  "$build_dir/bench/rpc_bench" --rpc "$node_url" --token-file "$node_token_file" --node-pid "$node_pid" \
    --txs 60000 --accounts 5000 --read-seconds 1 >"$datadir/capacity.out" 2>"$datadir/capacity.err" ||
    { echo "soak.sh: capacity run failed:" >&2; tail -5 "$datadir/capacity.err" >&2; exit 1; }
  rate=$(tail -1 "$datadir/capacity.out" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["committed_tx_per_s"] / 2))')
  echo "soak.sh: capacity $(( rate * 2 )) committed tx/s; soaking at $rate tx/s for $minutes minutes" >&2
fi

set +e
"$build_dir/bench/soak" --rpc "$node_url" --token-file "$node_token_file" --node-pid "$node_pid" --rate "$rate" \
  --minutes "$minutes" --warmup-minutes "$warmup" --reads-per-s "${READS_PER_S:-1000}"
status=$?
set -e
if [ $status -ne 0 ]; then
  echo "soak.sh: the soak did not pass; last lines of foliod.log:" >&2
  tail -20 "$datadir/foliod.log" >&2
fi
exit $status
