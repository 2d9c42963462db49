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
foliod="$build_dir/node/foliod"
bench="$build_dir/bench/rpc_bench"
for exe in "$foliod" "$bench"; do
  [ -x "$exe" ] || { echo "rpc_bench.sh: $exe is missing (ninja -C $build_dir foliod rpc_bench)" >&2; exit 2; }
done
block_interval_ms=${BLOCK_INTERVAL_MS:-200}
block_max_txs=${BLOCK_MAX_TXS:-5000}
rpc_io_threads=${RPC_IO_THREADS:-2}
rpc_max_batch=${RPC_MAX_BATCH:-100}

datadir=$(mktemp -d /tmp/folio-rpc-bench.XXXXXX)
node_pid=
cleanup() {
  if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then
    kill -TERM "$node_pid"
    wait "$node_pid" 2>/dev/null || true
  fi
  if [ "${KEEP_DATADIR:-0}" = 1 ]; then echo "rpc_bench.sh: data dir kept in $datadir" >&2; else rm -rf "$datadir"; fi
}
trap cleanup EXIT

# --dev writes DATADIR/config.json on first start; the node reads this one instead (same keystore password file),
# so that the block interval and RPC limits are set before the first block.
cat >"$datadir/bench-config.json" <<EOF
{"rpc_bind": "127.0.0.1:0", "keystore_password_file": "keystore.password", "block_interval_ms": $block_interval_ms,
 "block_max_txs": $block_max_txs, "rpc_io_threads": $rpc_io_threads, "rpc_max_batch": $rpc_max_batch,
 "log_level": "warn"}
EOF
"$foliod" --dev --datadir "$datadir" --config "$datadir/bench-config.json" --rpc-bind 127.0.0.1:0 \
  >"$datadir/foliod.log" 2>&1 &
node_pid=$!
for _ in $(seq 1 300); do
  [ -s "$datadir/rpc.addr" ] && [ -s "$datadir/rpc-admin.token" ] && break
  kill -0 "$node_pid" 2>/dev/null || { echo "rpc_bench.sh: foliod failed to start:" >&2; cat "$datadir/foliod.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$datadir/rpc.addr" ] || { echo "rpc_bench.sh: foliod did not start listening" >&2; cat "$datadir/foliod.log" >&2; exit 1; }

set +e
"$bench" --rpc "http://$(cat "$datadir/rpc.addr")" --token-file "$datadir/rpc-admin.token" --node-pid "$node_pid" "$@" >"$datadir/bench.out"
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
