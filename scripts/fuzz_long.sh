#!/usr/bin/env bash
# fuzz_long.sh: the long fuzzing run: every libFuzzer target (tests/fuzz/, built by the asan
# preset) for hours, all at once (one process each; fork mode, so a finding is saved and the run
# goes on), growing a corpus that is KEPT in build/fuzz/corpus/<name> between runs (seeded from
# tests/fuzz/corpus/<name>). Findings land in build/fuzz/findings/<name>/; reproduce one with
# build/asan/tests/fuzz/fuzz_<name> FILE, fix it, and copy the file to tests/fuzz/corpus/<name>/
# (ctest replays it from then on). Not for CI (scripts/fuzz.sh is the short, failing run).
# Usage: bash scripts/fuzz_long.sh [--hours H] [--build DIR] [name ...]    (default: 4 h, all)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1
source scripts/fuzz_targets.sh
HOURS=4
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --hours) HOURS="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
parse_fuzz_flags "${ARGS[@]}"
SECS="$(awk -v h="$HOURS" 'BEGIN { printf "%d", h * 3600 }')"
OUT="$ROOT/build/fuzz"
mkdir -p "$OUT/logs"

PIDS=()
for name in "${NAMES[@]}"; do
  bin="$BUILD/tests/fuzz/fuzz_$name"
  [ -x "$bin" ] || { echo "fuzz_long: $bin is missing (cmake --preset asan && cmake --build --preset asan)"; exit 2; }
  mkdir -p "$OUT/corpus/$name" "$OUT/findings/$name"
  mapfile -t args < <(fuzz_args "$name")
  args+=(-max_total_time="$SECS" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1
         -artifact_prefix="$OUT/findings/$name/")
  echo "fuzz_long: $name for $HOURS h (log build/fuzz/logs/$name.log)"
  "$bin" "${args[@]}" "$OUT/corpus/$name" "tests/fuzz/corpus/$name" >"$OUT/logs/$name.log" 2>&1 &
  PIDS+=($!)
done
for p in "${PIDS[@]}"; do wait "$p"; done
echo "fuzz_long: done; corpus sizes:"
for name in "${NAMES[@]}"; do
  printf '  %-8s %6d inputs, %d findings\n' "$name" "$(ls "$OUT/corpus/$name" | wc -l)" \
    "$(ls "$OUT/findings/$name" 2>/dev/null | wc -l)"
done
