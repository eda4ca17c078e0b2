#!/bin/sh
# node-run.sh: runs an Emscripten-built .js under node; ctest's emulator for the wasm build.
# Adds --no-experimental-fetch where this node knows it (18, 20: emcc 3.1.6's loader otherwise tries
# fetch() for the .wasm and fails); Debian 12's node 18 and nodesource's 20 both pass through here.
# Usage: scripts/node-run.sh build/wasm/tests/descent_tests.js [args...]
node="$(command -v node || command -v nodejs)" || { echo "node-run.sh: no node on PATH" >&2; exit 127; }
if "$node" --no-experimental-fetch -e '' >/dev/null 2>&1; then
  exec "$node" --no-experimental-fetch "$@"
fi
exec "$node" "$@"
