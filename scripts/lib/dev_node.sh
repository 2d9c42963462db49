# Sourced by the scripts that drive a throwaway dev node (rpc_bench.sh, soak.sh): starts `foliod --dev` in a
# fresh temp data dir on a free loopback port and stops it (and removes the dir) on exit.
#
#   start_dev_node NAME CONFIG_JSON_EXTRA   sets datadir, node_pid, node_url, node_token_file
#
# CONFIG_JSON_EXTRA is appended to the node's config object (e.g. '"block_interval_ms": 200').
# KEEP_DATADIR=1 keeps the data dir (its foliod.log) afterwards.

dev_node_cleanup() {
  if [ -n "${node_pid:-}" ] && kill -0 "$node_pid" 2>/dev/null; then
    kill -TERM "$node_pid"
    wait "$node_pid" 2>/dev/null || true
  fi
  if [ -n "${datadir:-}" ]; then
    if [ "${KEEP_DATADIR:-0}" = 1 ]; then echo "$dev_node_name: data dir kept in $datadir" >&2; else rm -rf "$datadir"; fi
  fi
}

start_dev_node() {
  dev_node_name=$1
  local extra=$2
  local foliod="${BUILD_DIR:-build}/node/foliod"
  [ -x "$foliod" ] || { echo "$dev_node_name: $foliod is missing (./scripts/build.sh)" >&2; exit 2; }
  datadir=$(mktemp -d "/tmp/folio-$dev_node_name.XXXXXX")
  trap dev_node_cleanup EXIT
  # --dev writes DATADIR/config.json on first start; the node reads this one instead (same keystore password
  # file), so that the settings hold from the first block.
  cat >"$datadir/run-config.json" <<JSON
{"rpc_bind": "127.0.0.1:0", "keystore_password_file": "keystore.password", "log_level": "warn"${extra:+, $extra}}
JSON
  "$foliod" --dev --datadir "$datadir" --config "$datadir/run-config.json" --rpc-bind 127.0.0.1:0 \
    >"$datadir/foliod.log" 2>&1 &
  node_pid=$!
  for _ in $(seq 1 300); do
    [ -s "$datadir/rpc.addr" ] && [ -s "$datadir/rpc-admin.token" ] && break
    kill -0 "$node_pid" 2>/dev/null || { echo "$dev_node_name: foliod failed to start:" >&2; cat "$datadir/foliod.log" >&2; exit 1; }
    sleep 0.1
  done
  [ -s "$datadir/rpc.addr" ] || { echo "$dev_node_name: foliod did not start listening" >&2; cat "$datadir/foliod.log" >&2; exit 1; }
  node_url="http://$(cat "$datadir/rpc.addr")"
  node_token_file="$datadir/rpc-admin.token"
}
