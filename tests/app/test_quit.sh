#!/usr/bin/env bash
# test_quit.sh: the desktop app never freezes on a command, and SIGTERM ends it within a second.
# For each of issue 13's two hang scripts it starts `descent-app --headless --stdin --print-state`,
# sends the script, then two screenshot commands a few seconds apart: each PNG must appear (frames
# keep coming), then SIGTERM must end the app within a second: at the next frame (exit 0, its state
# printed) or, when that frame is still busy after 0.5 s, by the watchdog (exit 143;
# native/app/quit_signal.h). A scenario whose last command goes on over frames (`network step
# 1000000`: the next script line waits for it, screenshots included) is checked by its state instead:
# SIGTERM a few seconds in ends the loop at the next frame (exit 0), the state says busy, and many
# frames were drawn meanwhile.
# Usage: bash tests/app/test_quit.sh path/to/descent-app      (ctest: app_quit)
set -u
APP="$1"
TMP="$(mktemp -d)"
PID=""
cleanup() { [ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
FAILED=0
fail() { echo "FAIL: $*" >&2; FAILED=1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# wait_for FILE SECONDS: true once FILE exists (the app wrote it), false after SECONDS.
wait_for() {
  local t0; t0="$(now)"
  while [ ! -s "$1" ]; do
    awk -v e="$(elapsed "$t0")" -v s="$2" 'BEGIN { exit !(e < s) }' || return 1
    sleep 0.1
  done
}

# scenario NAME LINE...: the lines go to the app's stdin; then the checks above.
scenario() {
  local name="$1"; shift
  local busy=0
  [ "$1" = "--busy" ] && { busy=1; shift; }
  local fifo="$TMP/$name.in" out="$TMP/$name.out" err="$TMP/$name.err"
  mkfifo "$fifo"
  "$APP" --headless --stdin --print-state --size 800x600 <"$fifo" >"$out" 2>"$err" &
  PID=$!
  exec 3>"$fifo"
  printf '%s\n' "$@" >&3
  local t0; t0="$(now)"
  local alive=1
  if [ $busy -eq 1 ]; then
    sleep 4
    shots=""
  else
    shots="1 2"
  fi
  for shot in $shots; do
    sleep 2
    printf 'screenshot %s\n' "$TMP/$name-$shot.png" >&3
    if ! wait_for "$TMP/$name-$shot.png" 30; then
      fail "$name: no frame within 30 s of 'screenshot' ($(elapsed "$t0") s after the script): a command blocks the frame loop"
      alive=0
      break
    fi
  done
  [ $alive -eq 1 ] && [ $busy -eq 0 ] && echo "$name: frames kept coming ($(elapsed "$t0") s after the script)"
  local t1; t1="$(now)"
  kill -TERM "$PID"
  local code=0
  wait "$PID"; code=$?
  local took; took="$(elapsed "$t1")"
  PID=""
  exec 3>&-
  echo "$name: SIGTERM -> exit $code after $took s"
  awk -v t="$took" 'BEGIN { exit !(t <= 1.0) }' || fail "$name: SIGTERM took $took s to end the app (more than 1 s)"
  # Either the loop ended at the next frame (exit 0, or 1 where a script line was refused; the state printed) or the frame was still
  # busy (one training step of the 8 x 4096 network can take seconds) and the watchdog ended it.
  if [ $busy -eq 1 ]; then
    case "$code" in 0 | 1) ;; *) fail "$name: exit $code after SIGTERM (want 0, or 1 for a refused script line: the frames of a command going on over frames are short)" ;; esac
    local frames; frames="$(jq -r '.frames' "$out" 2>/dev/null)"
    jq -e '.busy == true' "$out" >/dev/null 2>&1 || fail "$name: the state does not say busy (the command's work should still be running)"
    [ "${frames:-0}" -ge 10 ] 2>/dev/null || fail "$name: only ${frames:-no} frames drawn while the command ran"
    echo "$name: $frames frames drawn while the command ran, still busy at SIGTERM"
    return
  fi
  case "$code" in
    0 | 1) grep -q '"frames"' "$out" || fail "$name: exit $code but no --print-state JSON after SIGTERM" ;;
    143) grep -q 'SIGTERM: the current frame is still busy' "$err" || fail "$name: exit 143 without the watchdog's message" ;;
    *) fail "$name: exit $code after SIGTERM (want 0, or 143 from the watchdog); stderr: $(tail -n 3 "$err")" ;;
  esac
}

scenario knn_cv "view data" "data spiral points=100000 classes=16" "knn cv folds=20 cv_limit=0 ks=1,100000 sync=1"
scenario network --busy "view network" "network hidden=4096,4096,4096,4096,4096,4096,4096,4096 batch=0" "network step 1000000"

[ $FAILED -eq 0 ] && echo "app_quit: passed"
exit $FAILED
