#!/usr/bin/env bash
# test_script_bytes.sh: issue 13's crash: a script line `data \xff\xfe` (bytes 64 61 74 61 20 ff
# fe) run with `descent-app --headless --script s.txt --exit-when-done --print-state` aborted with
# exit 134 (nlohmann-json's type_error 316 on the raw bytes in a message). Now: exit 1 (a script
# command failed), the state printed as valid JSON, the message naming the bytes as \xFF\xFE.
# Usage: bash tests/app/test_script_bytes.sh path/to/descent-app      (ctest: app_script_bytes)
set -u
APP="$1"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
printf 'data \xff\xfe\n' >"$TMP/s.txt"
[ "$(od -An -tx1 "$TMP/s.txt" | tr -d ' \n')" = "6461746120fffe0a" ] || { echo "FAIL: could not write the test bytes"; exit 1; }
"$APP" --headless --script "$TMP/s.txt" --exit-when-done --print-state >"$TMP/out" 2>"$TMP/err"
code=$?
[ "$code" = 1 ] || { echo "FAIL: exit $code (want 1: one script command failed); stderr: $(tail -n 3 "$TMP/err")"; exit 1; }
jq -e '.messages | map(.text) | any(contains("\\xFF\\xFE"))' "$TMP/out" >/dev/null ||
  { echo "FAIL: the state is not valid JSON with the bytes named: $(head -c 400 "$TMP/out")"; exit 1; }
echo "app_script_bytes: exit 1, valid JSON, the bytes named as \\xFF\\xFE: passed"
