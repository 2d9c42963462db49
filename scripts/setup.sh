#!/usr/bin/env bash
# Installs the Debian 12 packages Folio builds and runs with. Idempotent; needs root (or sudo) on a fresh machine.
set -euo pipefail
packages=(build-essential cmake ninja-build pkg-config ccache
          libsecp256k1-dev libleveldb-dev libsnappy-dev libssl-dev nlohmann-json3-dev
          libboost1.74-dev libboost-system1.74-dev libgtest-dev
          curl python3 procps)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
