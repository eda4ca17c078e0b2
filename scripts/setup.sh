#!/usr/bin/env bash
# setup.sh: installs everything Descent needs from Debian 12's own packages (apt only, nothing from
# anywhere else) and fetches the Debian *sources* the web build compiles (Dear ImGui, SDL2, zlib) into
# build/deps/src/; then the browser tests' one npm package (playwright-core, pinned by
# tests/browser/package-lock.json) with `npm ci`. Idempotent: when everything is there it touches
# neither apt, npm nor the network.
# Not a build script. Usage, as root on Debian 12 (a fresh minbase is fine): bash scripts/setup.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS_SRC="${DESCENT_DEPS_SRC:-$ROOT/build/deps/src}"
say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# ---- what we need -------------------------------------------------------------------------------
PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git ca-certificates dpkg-dev python3 jq
  # a compiler cache: CMakeLists.txt compiles through it when present (rebuilds take seconds)
  ccache
  # libraries of the native build
  libsdl2-dev libglm-dev doctest-dev libhwy-dev libcli11-dev nlohmann-json3-dev libfmt-dev
  libstb-dev zlib1g-dev libbenchmark-dev libepoxy-dev
  # the desktop app: Debian's Dear ImGui 1.86 (static lib with every backend; pkg-config imgui)
  libimgui-dev
  # data: Fashion-MNIST as IDX .gz files in /usr/share/datasets/fashion-mnist/
  dataset-fashion-mnist
  # web build: Debian's Emscripten 3.1.6 (brings clang-14, lld-14, binaryen, node-acorn)
  emscripten
  # sanitizer and fuzz build (the asan preset): clang 14 and its runtimes (ASan, UBSan, libFuzzer)
  clang-14 libclang-rt-14-dev
  # the app's font: DejaVu Sans, subset at build time by fontTools (cmake/ui_font.cmake)
  fonts-dejavu-core python3-fonttools
  # the README's screenshot, reduced to a palette (scripts/screenshots.sh --readme)
  pngquant
  # app tests: Mesa's software OpenGL (llvmpipe, also for SDL's offscreen driver), a virtual X server
  libgl1-mesa-dri xvfb xauth mesa-utils
  # the GL compute device (native/gpu): EGL headers and loader (Mesa's EGL comes with libegl1)
  libegl-dev libegl1
  # browser tests (tests/browser): Debian's Chromium, driven headless by npm playwright-core
  chromium
)
# Any node will do (emcc and the wasm tests run under it); take Debian's only when there is none,
# so a node installed some other way (e.g. nodesource's 20) is left alone.
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
# npm installs the browser tests' playwright-core; nodesource's node brings its own npm.
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)
# The browser tests' npm packages (never a browser download: Chromium is Debian's).
NPM_DIR="$ROOT/tests/browser"
npm_missing() { [ ! -f "$NPM_DIR/node_modules/playwright-core/package.json" ]; }
install_npm() {
  npm_missing || return 0
  say "npm ci in ${NPM_DIR#"$ROOT"/} (playwright-core, pinned by its package-lock.json)"
  ( cd "$NPM_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error ) ||
    die "npm ci failed in $NPM_DIR (is the npm registry reachable?)"
}
# Debian source packages for the web build, unpacked as build/deps/src/<name>.
SOURCES=(imgui libsdl2 zlib)

# ---- what is missing ----------------------------------------------------------------------------
missing_packages() {
  local installed
  installed="$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${PACKAGES[@]}" 2>/dev/null |
               awk '$2 == "ii" { print $1 }' || true)"
  local p
  for p in "${PACKAGES[@]}"; do
    grep -qx -- "$p" <<<"$installed" || printf '%s\n' "$p"
  done
}
mapfile -t MISSING < <(missing_packages)
MISSING_SRC=()
for s in "${SOURCES[@]}"; do
  [ -d "$DEPS_SRC/$s" ] || MISSING_SRC+=("$s")
done

if [ ${#MISSING[@]} -eq 0 ] && [ ${#MISSING_SRC[@]} -eq 0 ]; then
  if npm_missing; then
    install_npm
    say "done"
  else
    say "all ${#PACKAGES[@]} packages, ${#SOURCES[@]} source trees and the npm packages present, nothing to do"
  fi
  exit 0
fi

# ---- privileges ---------------------------------------------------------------------------------
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "run as root (apt-get is needed for: ${MISSING[*]} ${MISSING_SRC[*]})"
  SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
# Wait for a running apt/dpkg (e.g. unattended-upgrades on a just-booted VM) instead of failing.
APT=("${SUDO[@]}" apt-get -q -y -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=300)
LOG=/tmp/descent-setup-apt.log

# ---- deb-src entries (only for the source trees, only Debian's own entries) -----------------------
enable_deb_src() {
  local f
  # deb822 style (Debian 12's default): "Types: deb" -> "Types: deb deb-src" in stanzas whose URIs
  # are on debian.org. Other vendors' .sources files are left alone.
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    if awk -v RS= '/URIs:[^\n]*debian\.org/ && /Types:/ && !/Types:[^\n]*deb-src/ { found=1 } END { exit !found }' "$f"; then
      # The backup goes next to sources.list.d, not in it (apt warns about unknown extensions there).
      local bak
      bak="/etc/apt/$(basename "$f").descent-bak"
      "${SUDO[@]}" cp -p "$f" "$bak"
      awk -v RS= -v ORS='\n\n' '
        /URIs:[^\n]*debian\.org/ && !/Types:[^\n]*deb-src/ { sub(/Types:[^\n]*/, "& deb-src") }
        { print }' "$bak" | "${SUDO[@]}" tee "$f" >/dev/null
      say "enabled deb-src in $f (backup: $bak)"
    fi
  done
  # one-line style: add "deb-src <same>" after each Debian "deb <uri> ..." line that has none.
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    local lines
    lines="$(awk '
      { $1 = $1 }  # normalise spacing so "deb" and "deb-src" lines compare equal
      $1 == "deb-src" { $1 = "deb"; have[$0] = 1; next }
      $1 == "deb" && $0 ~ /debian\.org/ { want[++n] = $0 }
      END { for (i = 1; i <= n; i++) if (!(want[i] in have)) { l = want[i]; sub(/^deb/, "deb-src", l); print l } }
      ' "$f")"
    if [ -n "$lines" ]; then
      printf '%s\n' "$lines" | "${SUDO[@]}" tee -a "$f" >/dev/null
      say "added deb-src lines to $f"
    fi
  done
  return 0
}

# ---- install --------------------------------------------------------------------------------------
[ ${#MISSING_SRC[@]} -eq 0 ] || enable_deb_src
say "apt-get update"
"${APT[@]}" update >"$LOG" 2>&1 ||
  { tail -n 20 "$LOG" >&2; die "apt-get update failed (network? sources? log: $LOG)"; }

if [ ${#MISSING[@]} -gt 0 ]; then
  say "installing ${#MISSING[@]} packages: ${MISSING[*]}"
  # --no-install-recommends keeps it lean (no docs, no python3-numpy for emscripten); everything
  # the build needs is a hard dependency of the packages above.
  "${APT[@]}" install --no-install-recommends "${MISSING[@]}" >>"$LOG" 2>&1 ||
    { tail -n 30 "$LOG" >&2; die "apt-get install failed (log: $LOG)"; }
  say "installed (log: $LOG)"
fi

# ---- Debian sources for the web build -------------------------------------------------------------
if [ ${#MISSING_SRC[@]} -gt 0 ]; then
  mkdir -p "$DEPS_SRC"
  for s in "${MISSING_SRC[@]}"; do
    say "apt-get source $s -> ${DEPS_SRC#"$ROOT"/}/$s"
    tmp="$DEPS_SRC/.fetch-$s"
    rm -rf "$tmp" && mkdir -p "$tmp"
    # As root, apt cannot drop to its _apt user for a download into this folder; say so up front.
    sandbox=()
    [ "$(id -u)" -ne 0 ] || sandbox=(-o APT::Sandbox::User=root)
    ( cd "$tmp" && apt-get -q "${sandbox[@]}" source "$s" >"$tmp.log" 2>&1 ) ||
      { tail -n 20 "$tmp.log" >&2; die "apt-get source $s failed (is deb-src enabled? log: $tmp.log)"; }
    dir="$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
    [ -n "$dir" ] || die "apt-get source $s unpacked nothing (log: $tmp.log)"
    # Rename only after a complete unpack, so a present folder always means a complete one.
    mv "$dir" "$DEPS_SRC/$s"
    rm -rf "$tmp" "$tmp.log"
    say "  $s: $(head -n 1 "$DEPS_SRC/$s/debian/changelog" | cut -d' ' -f1-2)"
  done
fi
install_npm
say "done"
