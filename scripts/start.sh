#!/usr/bin/env bash
# start.sh: the README's first command. Sets up (idempotent), builds the native Release `descent` CLI and
# runs the main job: softmax regression with momentum on Fashion-MNIST. Not the test suite (test.sh).
# Usage: bash scripts/start.sh            (the default job)
#        bash scripts/start.sh ARGS...    (runs build/release/descent ARGS... instead)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
echo "start: building native Release (build/release)"
cmake --preset release >/dev/null
cmake --build --preset release --target descent

if [ $# -eq 0 ]; then
  set -- train --data fashion-mnist --model softmax --optimizer momentum
fi
echo "start: build/release/descent $*"
exec build/release/descent "$@"
