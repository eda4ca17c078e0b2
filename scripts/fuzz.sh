#!/usr/bin/env bash
# fuzz.sh: runs each libFuzzer target (tests/fuzz/, built by the asan preset) for a short fixed
# time from its seeds and regression inputs (tests/fuzz/corpus/<name>), two at a time, and fails
# on any finding: a crash, a sanitizer report, a leak, a timeout (an input that takes over 20 s)
# or running out of memory. New inputs go to a scratch folder and are thrown away; a finding is
# kept in build/logs/fuzz/<name>/ (add it to tests/fuzz/corpus/<name>/ once fixed: ctest replays it).
# Not the long run (scripts/fuzz_long.sh keeps its corpus for hours).
# Usage: bash scripts/fuzz.sh [--seconds N] [--build DIR] [name ...]   (default: 30 s, build/asan, all)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1
source scripts/fuzz_targets.sh
SECONDS_EACH=30
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_EACH="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
parse_fuzz_flags "${ARGS[@]}"
LOGS="$ROOT/build/logs/fuzz"
SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
mkdir -p "$LOGS"

# run_one NAME: one target for SECONDS_EACH seconds; its log in build/logs/fuzz/NAME.log.
run_one() {
  local name="$1" bin="$BUILD/tests/fuzz/fuzz_$1"
  [ -x "$bin" ] || { echo "fuzz $name: $bin is missing (cmake --preset asan && cmake --build --preset asan)"; return 2; }
  rm -rf "${LOGS:?}/$name" && mkdir -p "$LOGS/$name" "$SCRATCH/$name"
  local args
  mapfile -t args < <(fuzz_args "$name")
  args+=(-max_total_time="$SECONDS_EACH" -print_final_stats=1 -artifact_prefix="$LOGS/$name/")
  # The outer timeout only guards against a fuzzer that does not stop by itself.
  timeout $((SECONDS_EACH + 120)) "$bin" "${args[@]}" "$SCRATCH/$name" "tests/fuzz/corpus/$name" >"$LOGS/$name.log" 2>&1
  local rc=$?
  local runs; runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$LOGS/$name.log" | grep -o '[0-9]*$')"
  if [ $rc -eq 0 ]; then
    echo "fuzz $name: ok, ${runs:-?} inputs in ${SECONDS_EACH} s"
  else
    echo "fuzz $name: FINDING (exit $rc); log build/logs/fuzz/$name.log, input(s):"
    ls "$LOGS/$name/" 2>/dev/null | sed 's/^/    /'
    grep -E 'ERROR|SUMMARY|runtime error|==[0-9]+==|timeout|out-of-memory|fuzz_link:|gl_reader:|headless_app:' "$LOGS/$name.log" | head -n 8 | sed 's/^/    /'
  fi
  return $rc
}

FAILED=0
# Two at a time (the machine has two cores; each target is single-threaded).
for ((i = 0; i < ${#NAMES[@]}; i += 2)); do
  run_one "${NAMES[i]}" > "$SCRATCH/out.$i" &
  p1=$!
  p2=""
  if [ $((i + 1)) -lt ${#NAMES[@]} ]; then
    run_one "${NAMES[i + 1]}" > "$SCRATCH/out.$((i + 1))" &
    p2=$!
  fi
  wait $p1 || FAILED=1
  [ -z "$p2" ] || wait $p2 || FAILED=1
  cat "$SCRATCH/out.$i"
  [ -z "$p2" ] || cat "$SCRATCH/out.$((i + 1))"
done
[ $FAILED -eq 0 ] && echo "fuzz: ${#NAMES[@]} targets, no finding" || echo "fuzz: FAILED (see above)"
exit $FAILED
