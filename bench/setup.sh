#!/usr/bin/env bash
# setup.sh (bench/): installs what bench/compare measures Descent against, apart from what
# scripts/setup.sh already brings: Debian's PyTorch, scikit-learn, numpy and OpenBLAS (apt), and
# TensorFlow.js 4.22 (WASM and CPU backends) with playwright-core from npm, pinned by
# bench/browser/package-lock.json. Separate from scripts/setup.sh because the peers are large
# (python3-torch alone is about 1 GB) and only benchmarks need them. Idempotent.
# Usage, as root on Debian 12, after scripts/setup.sh: bash bench/setup.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
say() { printf 'bench/setup: %s\n' "$*"; }
die() { printf 'bench/setup: error: %s\n' "$*" >&2; exit 1; }

PACKAGES=(python3-torch python3-sklearn python3-numpy libopenblas-dev)
MISSING=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || MISSING+=("$p")
done
if [ ${#MISSING[@]} -gt 0 ]; then
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "run as root (apt-get is needed for: ${MISSING[*]})"
    SUDO=(sudo)
  fi
  say "apt-get install ${MISSING[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get -q -y -o DPkg::Lock::Timeout=300 update >/dev/null
  "${SUDO[@]}" apt-get -q -y -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=300 install --no-install-recommends "${MISSING[@]}" >/dev/null ||
    die "apt-get install ${MISSING[*]} failed"
fi

NPM_DIR="$HERE/browser"
if [ ! -f "$NPM_DIR/node_modules/@tensorflow/tfjs-backend-wasm/package.json" ] ||
   [ ! -f "$NPM_DIR/node_modules/playwright-core/package.json" ]; then
  command -v npm >/dev/null 2>&1 || die "npm is missing: run scripts/setup.sh first"
  say "npm ci in bench/browser (TF.js 4.22, playwright-core; pinned by package-lock.json)"
  ( cd "$NPM_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error ) ||
    die "npm ci failed in $NPM_DIR (is the npm registry reachable?)"
fi
say "peers ready: bench/compare runs them"
