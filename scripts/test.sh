#!/usr/bin/env bash
# test.sh: the whole check, as CI runs it (.ci/run): set-up (idempotent), native Release build and its
# ctest (unit suite + CLI tests + app tests), the clang AddressSanitizer + UBSan build with its ctest
# (unit and app tests, fuzz corpus replays) and 30 s of fuzzing per target (scripts/fuzz.sh), then
# the Emscripten build and its ctest (the unit suite under node), then the web page in headless
# Chromium (tests/browser/run.mjs; screenshots in build/logs/browser).
# Not a benchmark. Usage: bash scripts/test.sh   (exit status 0 only when every step passed)
# CMAKE_BUILD_PARALLEL_LEVEL=N limits build jobs (default: ninja's, cores + 2).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1
LOGS="$ROOT/build/logs"
# emcc -O1+ runs acorn under node and needs Debian's node modules (TOOLCHAIN.md).
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
# emcc runs under Debian's python, whatever `python3` is first on PATH (a pyenv shim is slow).
export EMSDK_PYTHON=/usr/bin/python3

SUMMARY=()
FAILED=0
# step NAME COMMAND...: runs one step, prints its time, records ok/FAILED for the summary.
step() {
  local name="$1"; shift
  local t0=$SECONDS
  printf '\n==== %s: %s\n' "$name" "$*"
  "$@"
  local rc=$?
  local dt=$((SECONDS - t0))
  if [ $rc -eq 0 ]; then
    SUMMARY+=("$(printf '%-16s ok      %4ds' "$name" "$dt")")
  else
    SUMMARY+=("$(printf '%-16s FAILED  %4ds  (exit %d)' "$name" "$dt" "$rc")")
    FAILED=1
  fi
  return $rc
}
skip() { SUMMARY+=("$(printf '%-16s skipped        (%s)' "$1" "$2")"); FAILED=1; }
# ctest_step NAME PRESET: ctest with its output on screen and in build/logs/ctest-PRESET.log; the
# summary repeats ctest's closing "tests passed" line.
ctest_step() {
  local name="$1" preset="$2"
  mkdir -p "$LOGS"
  step "$name" bash -o pipefail -c "ctest --preset $preset --timeout 900 2>&1 | tee '$LOGS/ctest-$preset.log'"
  local rc=$?
  local line
  line="$(grep -E 'tests passed|No tests were found' "$LOGS/ctest-$preset.log" | tail -n 1)"
  [ -z "$line" ] || SUMMARY[${#SUMMARY[@]}-1]+="  $line"
  return $rc
}

T0=$SECONDS
step "setup" bash scripts/setup.sh || { printf '\nsetup failed: nothing else was run\n'; exit 1; }

# ---- native --------------------------------------------------------------------------------------
if step "native config" cmake --preset release; then
  if step "native build" cmake --build --preset release; then
    ctest_step "native ctest" release
  else skip "native ctest" "build failed"; fi
else skip "native build" "configure failed"; skip "native ctest" "configure failed"; fi

# ---- clang 14, AddressSanitizer + UBSan: unit and app tests, fuzz replays, a short fuzz run ---------
# One build folder (build/asan): the libraries with fuzzer-no-link, the tests, the fuzz targets
# (tests/fuzz). ctest replays every fuzz corpus file; scripts/fuzz.sh then fuzzes each target 30 s.
if step "asan config" cmake --preset asan; then
  if step "asan build" cmake --build --preset asan; then
    ctest_step "asan ctest" asan
    step "fuzz" bash scripts/fuzz.sh --seconds "${DESCENT_FUZZ_SECONDS:-30}"
  else skip "asan ctest" "build failed"; skip "fuzz" "build failed"; fi
else skip "asan build" "configure failed"; skip "asan ctest" "configure failed"; skip "fuzz" "configure failed"; fi

# ---- WebAssembly (Emscripten 3.1.6, tests under node) -----------------------------------------------
if step "wasm config" emcmake cmake --preset wasm; then
  if step "wasm build" cmake --build --preset wasm; then
    ctest_step "wasm ctest" wasm
  else skip "wasm ctest" "build failed"; fi
else skip "wasm build" "configure failed"; skip "wasm ctest" "configure failed"; fi

# ---- the web page in a real browser (headless Chromium + playwright-core) ------------------------------
# Needs the page (build/wasm/web, from the wasm build) and the native CLI (for the cross-check).
if [ -f build/wasm/web/descent.wasm ] && [ -x build/release/descent ]; then
  mkdir -p "$LOGS"
  step "browser" bash -o pipefail -c "node tests/browser/run.mjs --web build/wasm/web --cli build/release/descent \
      --out build/logs/browser 2>&1 | tee '$LOGS/browser.log'"
  line="$(grep -E '^browser: [0-9]+ passed' "$LOGS/browser.log" | tail -n 1)"
  [ -z "$line" ] || SUMMARY[${#SUMMARY[@]}-1]+="  $line"
else
  skip "browser" "no web page (build/wasm/web) or no native CLI"
fi

# ---- summary -------------------------------------------------------------------------------------
printf '\n==== summary (%ds in all; node %s; logs in build/logs)\n' "$((SECONDS - T0))" "$(node --version 2>/dev/null)"
printf '  %s\n' "${SUMMARY[@]}"
if [ $FAILED -eq 0 ]; then
  printf 'ALL PASSED\n'
else
  printf 'FAILED\n'
fi
exit $FAILED
