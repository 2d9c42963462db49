#!/usr/bin/env bash
# The README's first command: installs what is needed, builds Release, starts a dev node on a free loopback port
# and plays the demo story (scripts/demo_story.py) through JSON-RPC and folio-wallet. The node keeps running.
#
#   BUILD_DIR=DIR        the build to use (default build/, as scripts/build.sh)
#   DEMO_SKIP_BUILD=1    skip setup.sh and build.sh: play the demo with the binaries already in BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
if [ "${DEMO_SKIP_BUILD:-0}" != 1 ]; then
  ./scripts/setup.sh
  ./scripts/build.sh
fi
build_dir=$(cd "$build_dir" && pwd)
for binary in node/foliod wallet/folio-wallet; do
  [ -x "$build_dir/$binary" ] || { echo "demo: $build_dir/$binary is missing (./scripts/build.sh)" >&2; exit 2; }
done

datadir=$(mktemp -d /tmp/folio-demo.XXXXXX)
"$build_dir/node/foliod" --dev --datadir "$datadir" --rpc-bind 127.0.0.1:0 >"$datadir/foliod.log" 2>&1 &
echo $! >"$datadir/foliod.pid"
for _ in $(seq 1 100); do
  [ -s "$datadir/rpc.addr" ] && break
  if ! kill -0 "$(cat "$datadir/foliod.pid")" 2>/dev/null; then
    echo "foliod failed to start:"; cat "$datadir/foliod.log"; exit 1
  fi
  sleep 0.1
done
[ -s "$datadir/rpc.addr" ] || { echo "foliod did not start listening"; cat "$datadir/foliod.log"; exit 1; }

python3 scripts/demo_story.py --datadir "$datadir" --wallet "$build_dir/wallet/folio-wallet"
