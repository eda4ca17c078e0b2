#!/usr/bin/env bash
# start.sh: the README's first command. Sets up (idempotent), builds the web page (Emscripten) and
# serves it on 127.0.0.1 (web/serve.py, a free port) as soon as it is built, printing its URL; then,
# while the page is served, builds the native Release (the `descent` CLI and the desktop app
# `descent-app`) at a lower priority. Ctrl-C stops the server.
# Not the test suite (test.sh). The first run also builds SDL2 for WebAssembly once (its compiler checks
# seeded: cmake/sdl2_wasm_checks.cmake).
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
if [ $# -gt 0 ]; then
  echo "start: building the CLI (build/release)"
  cmake --preset release >/dev/null
  cmake --build --preset release --target descent
  echo "start: build/release/descent $*"
  exec build/release/descent "$@"
fi

T0=$SECONDS
echo "start: building the web page (build/wasm/web)"
emcmake cmake --preset wasm >/dev/null
cmake --build --preset wasm --target descent-web descent-bench-web
echo "start: the web page built in $((SECONDS - T0)) s"

# The page first: a student or a lecturer wants the lab; the native tools follow while it is open.
# The full Fashion-MNIST beside the page, for bench.html?data=full (the lab itself uses the baked subset).
MOUNT=()
[ -d /usr/share/datasets/fashion-mnist ] && MOUNT=(--mount /data/fashion-mnist-full=/usr/share/datasets/fashion-mnist)
python3 web/serve.py build/wasm/web --quiet --port "${DESCENT_PORT:-8765}" "${MOUNT[@]}" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
sleep 1
kill -0 "$SERVER" 2>/dev/null || { wait "$SERVER" || true; echo "start: the server did not start" >&2; exit 1; }

T1=$SECONDS
mkdir -p build/logs
echo "start: open the URL above; building the native CLI and desktop app meanwhile (build/logs/start-native.log)"
if { cmake --preset release && nice -n 10 cmake --build --preset release --target descent descent-app; } \
     >build/logs/start-native.log 2>&1; then
  NATIVE="built in $((SECONDS - T1)) s"
else
  tail -n 20 build/logs/start-native.log >&2
  NATIVE="FAILED (build/logs/start-native.log); the web page is still served"
fi
cat <<MSG

start: the native CLI and desktop app: $NATIVE.
  The web lab:      the URL above (Ctrl-C stops the server)
  The desktop app:  build/release/descent-app           (a window; --headless --script FILE for scripts)
  The CLI:          build/release/descent --help         (e.g. bash scripts/start.sh train --data fashion-mnist)
  Speed page:       the URL + bench.html (?data=full: the whole Fashion-MNIST, as WORKLOADS.md defines)

MSG
wait "$SERVER"
