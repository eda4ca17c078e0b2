#!/usr/bin/env bash
# first_start.sh: measures the README's first command, `bash scripts/start.sh`, from a fresh clone until
# the page is served (its "serving ... at http://..." line), the way a newcomer meets it:
#   chroot: on a fresh Debian 12 (debootstrap --variant=minbase bookworm), as root, with this machine's
#           apt sources, resolv.conf and npm settings copied in and /proc /sys /dev bind-mounted;
#   host:   on this machine as it is (e.g. with a pyenv `python3` first on PATH), in a fresh clone.
# Prints the seconds until the page is served (and, where start.sh serves the page first, until the
# native tools are built), and the load average seen during the run (the cores may be shared). Not a test;
# needs root (chroot mode) and the network (apt, npm). The chroot gets this machine's apt sources and
# settings, resolv.conf, npm settings and local CA certificates, and /proc /sys /dev bind-mounted. Usage:
#   bash bench/first_start.sh chroot REV [WORKDIR]   (REV: a commit of this repository, e.g. HEAD)
#   bash bench/first_start.sh host REV [WORKDIR]
# WORKDIR (default /tmp/descent-first-start) keeps a minbase template (template/) between runs, one folder
# per run and its log (run-*.log). DESCENT_MIRROR=URL picks the debootstrap mirror (deb.debian.org).
set -euo pipefail

MODE="${1:-}"
REV="${2:-}"
WORK="${3:-/tmp/descent-first-start}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { printf 'first_start: error: %s\n' "$*" >&2; exit 1; }
say() { printf 'first_start: %s\n' "$*"; }
case "$MODE" in chroot|host) ;; *) sed -n '2,12p' "$0"; exit 2 ;; esac
[ -n "$REV" ] || die "give a commit (e.g. HEAD)"
SHA="$(git -C "$ROOT" rev-parse --verify "$REV^{commit}")" || die "no commit '$REV' in $ROOT"
mkdir -p "$WORK"
STAMP="$(date +%Y%m%d-%H%M%S)"
RUN="$WORK/run-$MODE-${SHA:0:8}-$STAMP"
LOG="$RUN.log"

# ---- the machine to start on ----------------------------------------------------------------------
if [ "$MODE" = chroot ]; then
  [ "$(id -u)" -eq 0 ] || die "chroot mode needs root"
  command -v debootstrap >/dev/null || die "apt-get install debootstrap"
  if [ ! -x "$WORK/template/bin/bash" ]; then
    say "debootstrap --variant=minbase bookworm $WORK/template (once)"
    debootstrap --variant=minbase bookworm "$WORK/template.tmp" "${DESCENT_MIRROR:-http://deb.debian.org/debian}" \
      >"$WORK/debootstrap.log" 2>&1 || die "debootstrap failed (log: $WORK/debootstrap.log)"
    mv "$WORK/template.tmp" "$WORK/template"
  fi
  cp -a "$WORK/template" "$RUN"
  # This machine's apt sources and settings, name server, npm settings (a mirror, a CA file) and local
  # CA certificates (an https proxy's; ca-certificates adds them to the bundle when setup.sh installs it).
  cp -a /etc/apt/sources.list.d/. "$RUN/etc/apt/sources.list.d/"
  [ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$RUN/etc/apt/"
  cp -a /etc/apt/apt.conf.d/. "$RUN/etc/apt/apt.conf.d/"
  cp -L /etc/resolv.conf "$RUN/etc/resolv.conf"
  if [ -d /usr/local/share/ca-certificates ]; then
    mkdir -p "$RUN/usr/local/share/ca-certificates"
    cp -a /usr/local/share/ca-certificates/. "$RUN/usr/local/share/ca-certificates/"
  fi
  for f in /root/.npmrc /etc/npmrc /usr/etc/npmrc; do
    [ -f "$f" ] && mkdir -p "$RUN$(dirname "$f")" && cp "$f" "$RUN$f"
  done
  SRC="$RUN/root/descent"
  INNER=/root/descent
else
  SRC="$RUN"
fi

git clone -q --no-checkout "$ROOT" "$SRC"
git -C "$SRC" checkout -q "$SHA"

cleanup() {
  [ -n "${PID:-}" ] && kill -- -"$PID" 2>/dev/null || true
  [ -n "${SAMPLER:-}" ] && kill "$SAMPLER" 2>/dev/null || true
  if [ "$MODE" = chroot ]; then
    for m in dev sys proc; do mountpoint -q "$RUN/$m" && umount -l "$RUN/$m" || true; done
  fi
}
trap cleanup EXIT

# ---- the run ----------------------------------------------------------------------------------------------
LOADS="$RUN.loads"
: > "$LOADS"
( while :; do cut -d' ' -f1 /proc/loadavg >>"$LOADS"; sleep 10; done ) &
SAMPLER=$!
say "$MODE, $SHA, python3 on PATH: $(command -v python3) ($(python3 --version 2>&1)); log: $LOG"
# Each output line gets the seconds since the start (the log shows where the time went).
stamp() { local l; while IFS= read -r l; do printf '%5d %s\n' "$((SECONDS - S0))" "$l"; done; }
S0=$SECONDS
if [ "$MODE" = chroot ]; then
  for m in proc sys dev; do mount --bind "/$m" "$RUN/$m"; done
  setsid bash -c 'echo $$ >"$0"; exec env -i HOME=/root TERM=dumb PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    chroot "$1" /bin/bash -c "cd $2 && exec bash scripts/start.sh"' "$RUN.pid" "$RUN" "$INNER" 2>&1 | stamp >"$LOG" &
else
  setsid bash -c 'echo $$ >"$0"; cd "$1" && exec bash scripts/start.sh' "$RUN.pid" "$SRC" 2>&1 | stamp >"$LOG" &
fi
PIPE=$!
for _ in $(seq 50); do [ -s "$RUN.pid" ] && break; sleep 0.1; done
PID="$(cat "$RUN.pid")"
while ! grep -qE '^ *[0-9]+ serving .* at http' "$LOG"; do
  if ! kill -0 "$PIPE" 2>/dev/null && ! grep -qE '^ *[0-9]+ serving .* at http' "$LOG"; then
    tail -n 30 "$LOG" >&2
    die "start.sh ended without serving the page (log: $LOG)"
  fi
  sleep 1
done
# The seconds stamped on the "serving" line (the polling adds nothing).
SECS="$(grep -E '^ *[0-9]+ serving .* at http' "$LOG" | head -n 1 | awk '{ print $1 }')"
# A start.sh that serves the page first builds the native tools after: wait for them too.
NATIVE=""
if grep -q 'start: the web page built' "$LOG"; then
  while ! grep -qE '^ *[0-9]+ start: the native CLI and desktop app' "$LOG" && kill -0 "$PIPE" 2>/dev/null; do sleep 2; done
  NATIVE="$(grep -E '^ *[0-9]+ start: the native CLI and desktop app' "$LOG" | head -n 1 | awk '{ print $1 }')"
fi
LOAD=$(awk '{ s += $1; if (NR == 1 || $1 < lo) lo = $1; if ($1 > hi) hi = $1 } END { printf "min %.1f, mean %.1f, max %.1f (%d samples)", lo, s / NR, hi, NR }' "$LOADS")
say "served after $SECS s ($((SECS / 60)) min $((SECS % 60)) s); 1-minute load average during the run: $LOAD; $(nproc) cores"
[ -z "$NATIVE" ] || say "the native CLI and desktop app were ready after $NATIVE s (built while the page was served)"
grep -E '^ *[0-9]+ (start|setup): ' "$LOG" || true
