# lib.sh: helpers for the CLI end-to-end tests (bash + jq). Each test script sources this, runs the
# descent binary given as $1 and calls `expect_*`; the script exits 1 on the first failure.
set -u
DESCENT="$1"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
PASSED=0

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { PASSED=$((PASSED + 1)); }

# run ARGS...: runs descent, capturing stdout, stderr and the exit code.
run() {
  "$DESCENT" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
  CODE=$?
}
expect_code() {
  [ "$CODE" = "$1" ] || fail "expected exit $1, got $CODE for: ${2:-}; stderr: $(cat "$TMP/err")"
  ok
}
expect_err() {
  grep -q -- "$1" "$TMP/err" || fail "stderr lacks '$1': $(cat "$TMP/err")"
  ok
}
# expect_jq FILTER: the filter (over all stdout lines, slurped) must print true.
expect_jq() {
  local r
  r="$(jq -s "$1" "$TMP/out" 2>&1)" || fail "jq failed on $1: $r; stdout: $(head -c 500 "$TMP/out")"
  [ "$r" = "true" ] || fail "jq '$1' gave $r; stdout: $(head -c 500 "$TMP/out")"
  ok
}
done_ok() { echo "$PASSED passed, 0 failed"; }
