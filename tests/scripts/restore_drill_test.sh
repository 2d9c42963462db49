#!/usr/bin/env bash
# scripts/restore_drill.sh against a dev node that runs while the drill backs it up: exit 0, "OK", and the
# drill's directory removed.
set -euo pipefail
build_dir=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; wait "$pid" || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
"$build_dir/node/foliod" --dev --datadir "$tmp/node" --rpc-bind 127.0.0.1:0 >"$tmp/node.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do [ -s "$tmp/node/rpc.addr" ] && break; sleep 0.1; done
[ -s "$tmp/node/rpc.addr" ] || { cat "$tmp/node.log"; exit 1; }
out=$(BUILD_DIR="$build_dir" "$here/scripts/restore_drill.sh" --datadir "$tmp/node" --work "$tmp/drill" 2>&1) || {
  echo "$out"; exit 1; }
echo "$out"
grep -q "restore_drill: OK" <<<"$out"
[ ! -e "$tmp/drill" ] || { echo "the drill left $tmp/drill"; exit 1; }
