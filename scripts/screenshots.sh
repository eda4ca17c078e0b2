#!/usr/bin/env bash
# screenshots.sh: builds descent-app and runs it headless (SDL's offscreen driver + Mesa llvmpipe; no
# display, no GPU) through a tour of every view with a small demo in each, writing
# build/screenshots/<view>.png at 1280x720. With --frame-stats it then measures frame times (the lab
# playing, a classifier training) and writes build/screenshots/frame_stats.json. With --readme it also
# writes docs/img/lab.png, the README's picture (the lab, reduced to a 256-colour palette by pngquant).
# Usage: bash scripts/screenshots.sh [--frame-stats] [--readme]
#   DESCENT_BUILD_DIR=build/x (default build/release), DESCENT_SCREENSHOTS=dir (default build/screenshots),
#   DESCENT_NO_BUILD=1 to use the descent-app already built there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${DESCENT_BUILD_DIR:-$ROOT/build/release}"
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
OUT="${DESCENT_SCREENSHOTS:-$ROOT/build/screenshots}"
case "$OUT" in /*) ;; *) OUT="$ROOT/$OUT" ;; esac
STATS=0
README_IMG=0
for a in "$@"; do
  case "$a" in
    --frame-stats) STATS=1 ;;
    --readme) README_IMG=1 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "screenshots: unknown argument '$a' (try --help)" >&2; exit 2 ;;
  esac
done
say() { printf 'screenshots: %s\n' "$*"; }

if [ -z "${DESCENT_NO_BUILD:-}" ]; then
  if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    if [ "$BUILD" = "$ROOT/build/release" ]; then
      (cd "$ROOT" && cmake --preset release >/dev/null)
    else
      cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    fi
  fi
  say "building descent-app in ${BUILD#$ROOT/}"
  cmake --build "$BUILD" --target descent-app >/dev/null
fi
APP="$BUILD/descent-app"
[ -x "$APP" ] || { echo "screenshots: no $APP (build it, or unset DESCENT_NO_BUILD)" >&2; exit 1; }
mkdir -p "$OUT"

# The tour: one demo per view, in the lecture's order. `wait N` renders N frames (training and grid
# evaluation run a little every frame); a view change needs a frame before its tab shows, hence the
# wait before each screenshot. Screenshots are written relative to $OUT.
cat > "$OUT/tour.txt" <<'TOUR'
# lecture: chapter 5, softmax's loss computed live from the slide's scores
view lecture
lecture chapter 5
wait 5
screenshot lecture.png
# data & kNN: the spiral, k = 5, a query point's neighbours, 5-fold cross-validation of k
view data
data spiral points=100 noise=0.2 seed=0
knn k=5 metric=l2
knn cv folds=5 ks=1,3,5,7,10,15 sync=1
knn query 7
wait 40
screenshot data.png
# linear classifier: softmax on the spiral (a linear model cannot separate it), a few epochs
view linear
linear model=softmax data=spiral optimizer=sgd lr=0.1 batch=32
linear train 10
wait 150
screenshot linear.png
# gradient check: an MLP's backprop against central differences
view gradcheck
gradcheck model=mlp activation=tanh hidden=16,16 sync=1
wait 5
screenshot gradcheck.png
# optimisation lab: SGD vs momentum on an ill-conditioned quadratic, plus Adam
view lab
surface quadratic a=1 b=10
optimizer add adam
step 60
wait 5
screenshot lab.png
surface rosenbrock
step 300
wait 5
screenshot lab_rosenbrock.png
# loss landscape: an MLP on the moons, trained by SGD and momentum; the loss over the paths' plane
view landscape
landscape data=moons model=mlp hidden=8 activation=tanh steps=300
landscape-train 300
landscape-compute
wait 10
screenshot landscape.png
# neural network: a 2-layer MLP learns the spiral
view network
network hidden=64,64 activation=relu optimizer=adam lr=0.01
network train 40
wait 200
screenshot network.png
TOUR

say "tour of every view -> ${OUT#$ROOT/}/*.png"
(cd "$OUT" && "$APP" --headless --size 1280x720 --script tour.txt --exit-when-done)
ls "$OUT"/*.png | sed "s|^$ROOT/|  |"

if [ "$README_IMG" = 1 ]; then
  # The README shows the lab at the top: small enough for a repository (well under 200 KB).
  command -v pngquant >/dev/null || { echo "screenshots: --readme needs pngquant (scripts/setup.sh installs it)" >&2; exit 1; }
  mkdir -p "$ROOT/docs/img"
  pngquant --quality=65-95 --speed 1 --strip --force --output "$ROOT/docs/img/lab.png" "$OUT/lab.png"
  say "docs/img/lab.png: $(stat -c %s "$ROOT/docs/img/lab.png") bytes"
fi

if [ "$STATS" = 1 ]; then
  # Frame times at 1280x720 (mean/p50/p95/max over all but the first two frames, glFinish each frame).
  cat > "$OUT/stats_lab.txt" <<'S'
view lab
surface rosenbrock
speed 60
play
wait 300
S
  cat > "$OUT/stats_network.txt" <<'S'
view network
network hidden=64,64 activation=relu optimizer=adam lr=0.01
network train 1000
wait 300
S
  cat > "$OUT/stats_linear.txt" <<'S'
view linear
linear model=softmax data=spiral
linear train 1000
wait 300
S
  cat > "$OUT/stats_idle.txt" <<'S'
view data
wait 300
S
  : > "$OUT/frame_stats.json"
  for s in lab network linear idle; do
    line="$(cd "$OUT" && "$APP" --headless --size 1280x720 --script "stats_$s.txt" --exit-when-done --frame-stats | tail -n 1)"
    printf '{"run":"%s",%s\n' "$s" "${line#\{}" | tee -a "$OUT/frame_stats.json"
  done
fi
