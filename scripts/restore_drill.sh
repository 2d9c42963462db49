#!/usr/bin/env bash
# The restore drill (docs/operations.md, "Restore drill"): proves that a node's backup restores.
#
#   scripts/restore_drill.sh --datadir DIR --work WORKDIR [--keep]
#
# Backs up the node of DIR (running or stopped) with `foliod backup`, checks the file with `folio-audit verify
# --backup` when that is built, restores it with `foliod restore` into WORKDIR/restored, verifies the restored
# chain from genesis with `folio-audit verify --datadir` (against DIR's genesis file), brings over config.json,
# keystore/, keystore.password and p2p_key.pem, starts the restored node isolated (a free loopback RPC port; a
# consortium node with no peers and no validator key, so it observes and signs nothing), checks that it opens
# at the backup's height, block hash and state root, and stops it. WORKDIR must not exist; it is removed at the
# end unless --keep. Exit 0: the backup restores; 1: it does not; 2: usage.
#
#   BUILD_DIR=DIR   the build whose foliod and folio-audit are used (default build/)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$(cd "${BUILD_DIR:-$here/build}" && pwd)
foliod="$build_dir/node/foliod"
audit="$build_dir/audit/folio-audit"

usage() { echo "usage: scripts/restore_drill.sh --datadir DIR --work WORKDIR [--keep]" >&2; exit 2; }
datadir= work= keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --datadir) [ $# -ge 2 ] || usage; datadir=$2; shift 2 ;;
    --work) [ $# -ge 2 ] || usage; work=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) usage ;;
  esac
done
[ -n "$datadir" ] && [ -n "$work" ] || usage
[ -d "$datadir" ] || { echo "restore_drill: $datadir is not a directory" >&2; exit 2; }
[ -e "$work" ] && { echo "restore_drill: $work already exists" >&2; exit 2; }
[ -x "$foliod" ] || { echo "restore_drill: $foliod is missing (./scripts/build.sh)" >&2; exit 2; }
datadir=$(cd "$datadir" && pwd)
mkdir -p -m 0700 "$work"
work=$(cd "$work" && pwd)

pid=
finish() {
  local code=$?
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; wait "$pid" || true; fi
  if [ "$keep" = 0 ]; then rm -rf "$work"; else echo "restore_drill: kept $work"; fi
  exit $code
}
trap finish EXIT
fail() { echo "restore_drill: FAILED: $*" >&2; exit 1; }
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

echo "restore_drill: backing up $datadir"
"$foliod" backup --datadir "$datadir" --out "$work/drill.fbk" >"$work/backup.json" || fail "foliod backup"
echo "restore_drill: $(cat "$work/backup.json")"

if [ -x "$audit" ]; then
  echo "restore_drill: checking the backup with folio-audit"
  "$audit" verify --backup "$work/drill.fbk" --genesis "$datadir/genesis.json" >"$work/audit-backup.out" ||
    { tail -5 "$work/audit-backup.out" >&2; fail "folio-audit verify --backup"; }
fi

"$foliod" restore --from "$work/drill.fbk" --datadir "$work/restored" >"$work/restore.json" || fail "foliod restore"
if [ -x "$audit" ]; then
  # The restored data dir, before any node opens it: a replay from genesis against the source's genesis file.
  echo "restore_drill: verifying the restored chain with folio-audit"
  "$audit" verify --datadir "$work/restored" --genesis "$datadir/genesis.json" >"$work/audit.out" ||
    { tail -5 "$work/audit.out" >&2; fail "folio-audit verify --datadir (restored)"; }
fi
for name in config.json keystore.password p2p_key.pem; do
  if [ -e "$datadir/$name" ]; then cp -p "$datadir/$name" "$work/restored/$name"; fi
done
if [ -d "$datadir/keystore" ]; then cp -rp "$datadir/keystore" "$work/restored/keystore"; fi

# Isolated: RPC on a free loopback port with an admin token of its own; a consortium node dials no one,
# listens where nobody knows and has no validator key (an observer).
python3 - "$work/restored/config.json" <<'PY'
import json, sys
path = sys.argv[1]
config = json.load(open(path))
config["rpc_bind"] = "127.0.0.1:0"
config.pop("rpc_tokens", None)
config.pop("log_file", None)
if config.get("p2p_bind") or config.get("p2p_peers"):
    config["p2p_bind"] = "127.0.0.1:0"
    config["p2p_peers"] = []
    config["validator_key"] = "restore-drill-no-such-key"
json.dump(config, open(path, "w"), indent=2)
PY

"$foliod" --datadir "$work/restored" >"$work/restored.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  [ -s "$work/restored/rpc.addr" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -s "$work/restored/rpc.addr" ] || { tail -20 "$work/restored.log" >&2; fail "the restored node did not start"; }

python3 - "$work/restored" "$work/backup.json" <<'PY' || fail "the restored node is not at the backup's block"
import json, sys, urllib.request
datadir, backup_file = sys.argv[1], sys.argv[2]
backup = json.load(open(backup_file))
addr = open(datadir + "/rpc.addr").read().strip()
token = open(datadir + "/rpc-admin.token").read().strip()
req = urllib.request.Request("http://" + addr + "/", data=json.dumps(
    {"jsonrpc": "2.0", "id": 1, "method": "chain_status"}).encode(),
    headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
status = json.load(urllib.request.urlopen(req, timeout=30))["result"]
ok = True
for ours, theirs in (("height", "height"), ("latest_block_hash", "block_hash"), ("state_root", "state_root"),
                     ("chain_id", "chain_id")):
    if status[ours] != backup[theirs]:
        print(f"restore_drill: {ours} is {status[ours]}, the backup's {theirs} is {backup[theirs]}", file=sys.stderr)
        ok = False
if ok:
    print(f"restore_drill: the restored node opened at block {status['height']} {status['latest_block_hash']}, "
          f"state root {status['state_root']}")
sys.exit(0 if ok else 1)
PY

kill -TERM "$pid"
wait "$pid" || fail "the restored node did not stop cleanly"
pid=
echo "restore_drill: OK"
