#!/usr/bin/env bash
# start.sh: the README's first command. Sets up (idempotent), builds the native Release (the `descent`
# CLI and the desktop app `descent-app`) and the web page (Emscripten), then serves the page on
# 127.0.0.1 (web/serve.py, a free port) and prints its URL; Ctrl-C stops the server.
# Not the test suite (test.sh). The first run also builds SDL2 for WebAssembly once (about 4 minutes).
# Usage: bash scripts/start.sh              (build everything, serve the web lab)
#        bash scripts/start.sh ARGS...      (build the CLI only and run build/release/descent ARGS...,
#                                            e.g. train --data fashion-mnist --model softmax --optimizer momentum)
# DESCENT_PORT=N picks the first port tried (default 8765; the next free one is used).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"  # emcc -O1+ needs Debian's node-acorn
# emcc is a python program: Debian's python, whatever `python3` comes first on PATH (a pyenv shim
# costs ~0.5 s per call, and the web build makes hundreds of calls).
export EMSDK_PYTHON=/usr/bin/python3

bash scripts/setup.sh
echo "start: building native Release (build/release)"
cmake --preset release >/dev/null
if [ $# -gt 0 ]; then
  cmake --build --preset release --target descent
  echo "start: build/release/descent $*"
  exec build/release/descent "$@"
fi
cmake --build --preset release --target descent descent-app

echo "start: building the web page (build/wasm/web)"
emcmake cmake --preset wasm >/dev/null
cmake --build --preset wasm --target descent-web descent-bench-web

cat <<EOF

start: built.
  The desktop app:  build/release/descent-app           (a window; --headless --script FILE for scripts)
  The CLI:          build/release/descent --help         (e.g. bash scripts/start.sh train --data fashion-mnist)
  The web lab:      served below; open the URL in a browser (Ctrl-C stops the server)
  Speed page:       the URL + bench.html (?data=full: the whole Fashion-MNIST, as WORKLOADS.md defines)

EOF
# The full Fashion-MNIST beside the page, for bench.html?data=full (the lab itself uses the baked subset).
MOUNT=()
[ -d /usr/share/datasets/fashion-mnist ] && MOUNT=(--mount /data/fashion-mnist-full=/usr/share/datasets/fashion-mnist)
exec python3 web/serve.py build/wasm/web --quiet --port "${DESCENT_PORT:-8765}" "${MOUNT[@]}"
