#!/usr/bin/env bash
# pack_site.sh: packs the built web site (build/wasm/web: the lab, the speed page, the Fashion-MNIST subset)
# into one archive for any static host: descent-site.tar.gz, whose folder descent-site/ holds the files and
# SHA256SUMS (one line per file, `sha256sum -c SHA256SUMS` checks them), plus descent-site.tar.gz.sha256
# beside it. The site needs no special server: no headers, any sub-path (README "Publishing").
# Not a build: run scripts/start.sh (or cmake --build --preset wasm) first; the CMake target descent-site
# builds the pages and then runs this.
# Usage: bash scripts/pack_site.sh [SITE_DIR] [OUT_DIR]    (defaults: build/wasm/web, build/wasm)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SITE="${1:-$ROOT/build/wasm/web}"
OUT="${2:-$ROOT/build/wasm}"
die() { printf 'pack_site: error: %s\n' "$*" >&2; exit 1; }
for f in index.html page.js sw.js descent.js descent.wasm data/fashion-mnist/manifest.json; do
  [ -f "$SITE/$f" ] || die "$SITE/$f is missing: build the web page first (bash scripts/start.sh)"
done
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/descent-site"
# (The folder is also CMake's binary folder of web/: its CMakeFiles/ and cmake_install.cmake stay out.)
(cd "$SITE" && { find . -maxdepth 1 -type f \( -name '*.html' -o -name '*.js' -o -name '*.css' -o -name '*.wasm' \) -print0
                 find ./data -type f -print0; } | LC_ALL=C sort -z | tar --null -T - -cf -) | tar -xf - -C "$STAGE/descent-site"
(cd "$STAGE/descent-site" && find . -type f ! -name SHA256SUMS -print0 | LC_ALL=C sort -z |
   xargs -0 sha256sum | sed 's| \./| |' > SHA256SUMS)
# Reproducible: fixed owner, order and times, so the same build gives the same archive.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2000-01-01 00:00:00 UTC' -C "$STAGE" \
    -cf - descent-site | gzip -9 -n > "$OUT/descent-site.tar.gz.tmp"
mv "$OUT/descent-site.tar.gz.tmp" "$OUT/descent-site.tar.gz"
(cd "$OUT" && sha256sum descent-site.tar.gz > descent-site.tar.gz.sha256)
FILES=$(wc -l < "$STAGE/descent-site/SHA256SUMS")
BYTES=$(stat -c %s "$OUT/descent-site.tar.gz")
printf 'pack_site: %s (%d files, %.1f MB) and %s\n' "${OUT#"$ROOT"/}/descent-site.tar.gz" "$FILES" \
  "$(awk -v b="$BYTES" 'BEGIN { print b / 1e6 }')" "${OUT#"$ROOT"/}/descent-site.tar.gz.sha256"
