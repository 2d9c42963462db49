#!/usr/bin/env bash
# scripts/demo.sh honours BUILD_DIR: run from a copy of scripts/ with no build/ beside it, it must start the
# foliod of BUILD_DIR and play the story to the end; the wallet command it prints must then work as printed,
# from another directory and without FOLIO_RPC_TOKEN.
#
#   demo_build_dir_test.sh BUILD_DIR
set -euo pipefail
build_dir=$(cd "$1" && pwd)
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/folio-demo-test.XXXXXX)
datadir=""
cleanup() {
  if [ -n "$datadir" ] && [ -s "$datadir/foliod.pid" ]; then
    pid=$(cat "$datadir/foliod.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  [ -n "$datadir" ] && rm -rf "$datadir"
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$work/repo" "$work/elsewhere"
cp -r "$repo/scripts" "$work/repo/"
unset FOLIO_RPC_TOKEN
if ! out=$(BUILD_DIR="$build_dir" DEMO_SKIP_BUILD=1 "$work/repo/scripts/demo.sh" 2>&1); then
  echo "$out"
  fail "demo.sh failed"
fi
datadir=$(sed -n 's|^Stop node: *kill \$(cat \(.*\)/foliod.pid)$|\1|p' <<<"$out")
[ -n "$datadir" ] && [ -d "$datadir" ] || { echo "$out"; fail "no 'Stop node' line naming the data dir"; }
exe=$(readlink "/proc/$(cat "$datadir/foliod.pid")/exe")
[ "$exe" = "$(readlink -f "$build_dir/node/foliod")" ] || fail "the demo started $exe, not BUILD_DIR's foliod"

wallet_cmd=$(sed -n 's/^Wallets: *//p' <<<"$out")
[ -n "$wallet_cmd" ] || { echo "$out"; fail "no 'Wallets:' line"; }
read -r -a words <<<"$wallet_cmd"
if ! holdings=$(cd "$work/elsewhere" && env -u FOLIO_RPC_TOKEN -u FOLIO_WALLET_PASSWORD "${words[@]}" </dev/null 2>&1); then
  echo "$holdings"
  fail "the printed wallet command failed: $wallet_cmd"
fi
grep -q SOLARCOOP <<<"$holdings" || { echo "$holdings"; fail "the printed wallet command did not show the holdings"; }
echo "demo with BUILD_DIR=$build_dir: ok"
