#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan, in build-fuzz/) and runs each in turn for
# SECONDS (default 60), one at a time. Each run starts from the committed seeds (tests/fuzz/corpus/<target>/)
# and the kept crash inputs (tests/fuzz/regressions/<target>/), and grows a working corpus of its own in
# build-fuzz/corpus/<target>/ that later runs start from. Prints per target the runs, exec/s, corpus size and
# whether it stayed clean. A crash, leak, timeout or broken invariant is copied to
# tests/fuzz/regressions/<target>/ (commit it with the fix: the CTest replay then guards it) and the script
# exits 1 after the remaining targets have run.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      e.g. scripts/fuzz.sh 60   or   scripts/fuzz.sh 10 tx op_issue
#
# Environment: BUILD_DIR (default build-fuzz), FUZZ_ARGS (extra libFuzzer flags).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
build_dir=${BUILD_DIR:-build-fuzz}

# clang and its runtime (libclang-rt-14-dev is only a Recommends of clang: STACK.md), for this script alone.
./scripts/setup.sh
missing=()
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "fuzz: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DFOLIO_FUZZ=ON >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target fuzz_targets

if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cd "$build_dir/tests/fuzz" && ls fuzz_* | sed 's/^fuzz_//' | sort)
fi

status=0
summary=()
for t in "${targets[@]}"; do
  exe="$build_dir/tests/fuzz/fuzz_$t"
  [ -x "$exe" ] || { echo "fuzz: no target $t" >&2; exit 2; }
  work="$build_dir/corpus/$t"
  crashes="$build_dir/crashes/$t"
  mkdir -p "$work" "$crashes"
  seeds=("tests/fuzz/corpus/$t")
  [ -d "tests/fuzz/regressions/$t" ] && seeds+=("tests/fuzz/regressions/$t")
  log="$build_dir/fuzz-$t.log"
  echo "fuzz: $t for ${seconds}s"
  set +e
  # -timeout: one input taking over 10 s is a finding too; -rss_limit_mb: a decoder must stay far below it.
  # shellcheck disable=SC2086
  "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$crashes/" ${FUZZ_ARGS:-} "$work" "${seeds[@]}" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  units=$(find "$work" -type f | wc -l)
  if [ $rc -eq 0 ]; then
    verdict="clean"
  else
    verdict="FOUND (exit $rc, log $log)"
    status=1
    mkdir -p "tests/fuzz/regressions/$t"
    for f in "$crashes"/*; do
      [ -f "$f" ] || continue
      cp "$f" "tests/fuzz/regressions/$t/$(basename "$f")"
      echo "fuzz: $t: kept $(basename "$f") in tests/fuzz/regressions/$t/"
    done
    grep -m1 -E "ERROR: |runtime error|fuzz invariant broken|SUMMARY" "$log" || true
  fi
  summary+=("$(printf '%-22s %10s runs %8s exec/s %6s corpus  %s' "$t" "${runs:-?}" "${eps:-?}" "$units" "$verdict")")
done

echo
echo "fuzz summary (${seconds}s per target):"
printf '%s\n' "${summary[@]}"
exit $status
