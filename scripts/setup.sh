#!/usr/bin/env bash
# Installs the Debian 12 packages Folio builds and runs with. Idempotent; needs root (or sudo) on a fresh machine.
set -euo pipefail
packages=(build-essential cmake ninja-build pkg-config ccache
          libsecp256k1-dev libleveldb-dev libsnappy-dev libssl-dev nlohmann-json3-dev
          libboost1.74-dev libboost-system1.74-dev libgtest-dev
          curl python3 procps
          chromium)  # headless, for e2e_explorer (the /explorer page in a real browser)
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

# Node.js and npm for the TypeScript client (clients/typescript) and its tests: Debian's (bookworm: Node 18)
# unless a working node >= 18 and npm are already installed (an image may carry another build, with its own npm:
# installing Debian's npm beside it would break it).
node_ok() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
    node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' 2>/dev/null &&
    npm --version >/dev/null 2>&1
}
if ! node_ok; then
  if command -v node >/dev/null 2>&1 && ! dpkg-query -W -f='${Status}' nodejs 2>/dev/null | grep -q 'install ok installed'; then
    echo "setup: node $(node --version 2>/dev/null) at $(command -v node) is not Debian's and is older than 18 or lacks npm;" \
         "install Node.js >= 18 with npm, or remove it so that Debian's nodejs and npm can be installed" >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing nodejs npm"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  node_ok || { echo "setup: node >= 18 and npm still missing after installing nodejs npm" >&2; exit 1; }
fi
# The client's dependencies, exactly as package-lock.json pins them (npm ci), again only when the lock changed.
# No package of the lock needs an install script, so none is run.
ts_dir="$(dirname "$0")/../clients/typescript"
lock_sum=$(sha256sum "$ts_dir/package-lock.json" | cut -d' ' -f1)
stamp="$ts_dir/node_modules/.folio-lock-sha256"
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  echo "setup: npm ci in clients/typescript"
  (cd "$ts_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" >"$stamp"
fi
