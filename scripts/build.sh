#!/usr/bin/env bash
# Configures and builds Folio in build/ (Release by default; BUILD_TYPE=Debug to change it).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" >/dev/null
cmake --build "$build_dir" -j "$(nproc)" "$@"
