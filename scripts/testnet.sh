#!/usr/bin/env bash
# A local consortium written by `foliod testnet` (README, "A local testnet"): start, stop or show its nodes.
#
#   scripts/testnet.sh start DIR    starts every DIR/node*/ not running yet (log: DIR/nodeI/foliod.log)
#   scripts/testnet.sh stop DIR     stops them cleanly (SIGTERM, then waits)
#   scripts/testnet.sh status DIR   one line per node: pid, height, round, role, peers
#
#   BUILD_DIR=DIR   the build whose foliod and folio-cli are used (default build/)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$(cd "${BUILD_DIR:-$here/build}" && pwd)
foliod="$build_dir/node/foliod"
cli="$build_dir/rpc/cli/folio-cli"
usage() { echo "usage: scripts/testnet.sh start|stop|status DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command=$1
dir=$(cd "$2" 2>/dev/null && pwd) || { echo "testnet: $2 is not a directory (make one with foliod testnet)" >&2; exit 2; }
nodes=$(find "$dir" -maxdepth 1 -name 'node*' -type d | sort -V)
[ -n "$nodes" ] || { echo "testnet: no node*/ in $dir (make them with foliod testnet)" >&2; exit 2; }

running() { [ -s "$1/foliod.pid" ] && kill -0 "$(cat "$1/foliod.pid")" 2>/dev/null; }

case "$command" in
  start)
    [ -x "$foliod" ] || { echo "testnet: $foliod is missing (./scripts/build.sh)" >&2; exit 2; }
    for node in $nodes; do
      running "$node" && continue
      rm -f "$node/rpc.addr"
      "$foliod" --datadir "$node" >>"$node/foliod.log" 2>&1 &
      echo $! >"$node/foliod.pid"
    done
    for node in $nodes; do
      for _ in $(seq 1 100); do [ -s "$node/rpc.addr" ] && break; running "$node" || break; sleep 0.1; done
      if [ ! -s "$node/rpc.addr" ]; then echo "testnet: $(basename "$node") did not start:"; tail -5 "$node/foliod.log"; exit 1; fi
      echo "$(basename "$node") started (pid $(cat "$node/foliod.pid"), rpc $(cat "$node/rpc.addr"))"
    done
    ;;
  stop)
    for node in $nodes; do
      running "$node" && kill -TERM "$(cat "$node/foliod.pid")"
    done
    for node in $nodes; do
      for _ in $(seq 1 100); do running "$node" || break; sleep 0.1; done
      if running "$node"; then echo "testnet: $(basename "$node") did not stop in 10 s" >&2; exit 1; fi
      rm -f "$node/foliod.pid"
    done
    echo "stopped"
    ;;
  status)
    for node in $nodes; do
      if running "$node"; then
        line=$("$cli" --datadir "$node" --json consensus_status 2>/dev/null | python3 -c '
import json, sys
s = json.load(sys.stdin)
print("height %d round %d %s peers %d%s" % (s["height"] - 1, s["round"], s["role"], s["peers"], " syncing" if s["syncing"] else ""))
' 2>/dev/null || echo "not answering")
        echo "$(basename "$node")  pid $(cat "$node/foliod.pid")  $line"
      else
        echo "$(basename "$node")  stopped"
      fi
    done
    ;;
  *) usage ;;
esac
