#!/usr/bin/env bash
# The import benchmark: writes the full sample register (scripts/gen_import_sample.py, 10,000 holders and 50
# assets by default), imports it with folio-audit into a fresh `foliod --dev` and prints the importer's JSON
# line (import_rows_per_s: data rows of all files over the time from the start of validation to the last
# commit; docs/import.md).
#
#   scripts/import_bench.sh [--seed N] [--holders H] [--assets A] [--in-flight N]
#
# Environment: BUILD_DIR (default build; needs foliod and folio-audit), KEEP_DATADIR=1 keeps the node's data dir.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
audit="$build_dir/audit/folio-audit"
[ -x "$audit" ] || { echo "import_bench.sh: $audit is missing (ninja -C $build_dir folio-audit foliod)" >&2; exit 2; }
seed=7 holders=10000 assets=50 in_flight=32
while [ $# -gt 0 ]; do
  case $1 in
    --seed) seed=$2; shift 2 ;;
    --holders) holders=$2; shift 2 ;;
    --assets) assets=$2; shift 2 ;;
    --in-flight) in_flight=$2; shift 2 ;;
    *) echo "import_bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

. scripts/lib/dev_node.sh
start_dev_node import-bench ""
python3 scripts/gen_import_sample.py --seed "$seed" --holders "$holders" --assets "$assets" --out "$datadir/sample"
FOLIO_RPC_TOKEN=$(cat "$node_token_file") "$audit" import --dir "$datadir/sample" --rpc "$node_url" \
  --key operator --key issuer --in-flight "$in_flight" --out "$datadir/out" 2>"$datadir/import.err" | tail -1
