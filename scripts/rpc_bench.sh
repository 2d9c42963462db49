#!/usr/bin/env bash
# The RPC benchmark against a fresh dev node: starts `foliod --dev` in a temp data dir on a free loopback port,
# runs bench/rpc_bench against it (arguments are passed through), stops the node and prints the bench's JSON line
# with the node's settings added. Client and node run on the same machine and share its cores.
#
#   scripts/rpc_bench.sh [rpc_bench args...]            e.g. scripts/rpc_bench.sh --txs 200000 --connections 4
#
# Environment: BUILD_DIR (default build; needs foliod and rpc_bench built there), BLOCK_INTERVAL_MS (default 200),
# BLOCK_MAX_TXS (default 5000), RPC_IO_THREADS (default 2), RPC_MAX_BATCH (default 100), KEEP_DATADIR=1 to keep
# the data dir (its foliod.log) afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
bench="$build_dir/bench/rpc_bench"
for exe in "$build_dir/node/foliod" "$bench"; do
  [ -x "$exe" ] || { echo "rpc_bench.sh: $exe is missing (ninja -C $build_dir foliod rpc_bench)" >&2; exit 2; }
done
block_interval_ms=${BLOCK_INTERVAL_MS:-200}
block_max_txs=${BLOCK_MAX_TXS:-5000}
rpc_io_threads=${RPC_IO_THREADS:-2}
rpc_max_batch=${RPC_MAX_BATCH:-100}

. scripts/lib/dev_node.sh
start_dev_node rpc-bench "\"block_interval_ms\": $block_interval_ms, \"block_max_txs\": $block_max_txs,
 \"rpc_io_threads\": $rpc_io_threads, \"rpc_max_batch\": $rpc_max_batch"

set +e
"$bench" --rpc "$node_url" --token-file "$node_token_file" --node-pid "$node_pid" "$@" >"$datadir/bench.out"
status=$?
set -e
if [ $status -ne 0 ] || [ ! -s "$datadir/bench.out" ]; then
  echo "rpc_bench.sh: rpc_bench failed ($status); foliod log:" >&2
  tail -20 "$datadir/foliod.log" >&2
  exit 1
fi
tail -1 "$datadir/bench.out" | python3 -c '
import json, sys
out = json.loads(sys.stdin.read())
out["node"] = {"binary": "foliod --dev", "block_interval_ms": int(sys.argv[1]), "block_max_txs": int(sys.argv[2]),
               "rpc_io_threads": int(sys.argv[3]), "rpc_max_batch": int(sys.argv[4]),
               "same_machine_as_client": True}
print(json.dumps(out))
' "$block_interval_ms" "$block_max_txs" "$rpc_io_threads" "$rpc_max_batch"
